package org.sra.notification.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.sra.events.device.DeviceAutoRegistered;
import org.sra.events.device.DeviceAutoRegistrationFailed;
import org.sra.events.device.DeviceAutoRegistrationFailed.Reason;
import org.sra.events.mail.MailKind;
import org.sra.events.profile.ProfileIssued;
import org.sra.events.settings.SecretExpiring;
import org.sra.events.settings.SecretKind;
import org.sra.notification.mail.MailLanguage;
import org.sra.notification.tenant.TenantMailSettings;

/** Which mails an event asks for (R-PRO-5, R-AUT-4, R-SET-4, R-SET-5) and which are bad input. */
class DeliveryPlannerTests {

    private static final Instant EXPIRES = Instant.parse("2026-12-01T00:00:00Z");
    private final DeliveryPlanner planner = new DeliveryPlanner();
    private final TenantMailSettings acme = new TenantMailSettings("t-acme",
            List.of("admin@acme.example", "ops@acme.example", "Admin@ACME.example"), true, "en", false);

    private static ProfileIssued issued(String recipient, String subject, Integer maxDownloads) {
        return new ProfileIssued("t-acme", "u-1:d-1", "u-1", "d-1", recipient, subject, "v1:sealed", EXPIRES,
                maxDownloads, "ja", "taro:pc");
    }

    @Test
    void anEventFromBeforeProfileNamesWereSentNamesTheProfileByItsKey() {
        ProfileIssued older = new ProfileIssued("t-acme", "u-1:d-1", "u-1", "d-1", "taro@acme.example", "s",
                "v1:sealed", EXPIRES, 1, "ja");
        assertThat(planner.profileDownload(older, acme, true).getFirst().parameters()).containsEntry("profileId", "u-1:d-1");
    }

    @Test
    void aProfileMailGoesToTheAddressTheAdminEnteredWithItsSubjectAndLanguage() {
        List<PlannedMail> mails = planner.profileDownload(issued("taro@acme.example", "Your profile", 3), acme, true);

        assertThat(mails).singleElement().satisfies(mail -> {
            assertThat(mail.recipient()).isEqualTo("taro@acme.example");
            assertThat(mail.kind()).isEqualTo(MailKind.PROFILE_DOWNLOAD);
            assertThat(mail.language()).isEqualTo(MailLanguage.JA);
            assertThat(mail.rejection()).isNull();
            assertThat(mail.parameters()).containsEntry("profileId", "taro:pc").containsEntry("subject", "Your profile")
                    .containsEntry("maxDownloads", "3").containsEntry("expiresAt", EXPIRES.toString())
                    .containsEntry(DeliveryPlanner.SEALED_DOWNLOAD_URL, "v1:sealed");
        });
    }

    @Test
    void unlimitedDownloadsCarryNoCountAndABlankSubjectGetsTheDefault() {
        PlannedMail mail = planner.profileDownload(issued("taro@acme.example", "  ", null), acme, true).getFirst();

        assertThat(mail.parameters()).doesNotContainKey("maxDownloads");
        assertThat(mail.parameters().get("subject")).contains("ユーザプロファイル");
    }

    @Test
    void badInputIsRejectedWithItsReason() {
        assertThat(planner.profileDownload(issued("not-an-address", "s", 1), acme, true).getFirst().rejection())
                .isEqualTo("invalid recipient address");
        assertThat(planner.profileDownload(issued(" ", "s", 1), acme, true).getFirst().rejection())
                .isEqualTo("missing data: no recipient address");
        assertThat(planner.profileDownload(issued("taro@acme.example", "s", 1), acme, false).getFirst().rejection())
                .startsWith("the download URL cannot be opened");
        ProfileIssued noProfile = new ProfileIssued("t-acme", " ", "u-1", "d-1", "taro@acme.example", "s", "v1:x",
                EXPIRES, 1, "ja");
        assertThat(planner.profileDownload(noProfile, acme, true).getFirst().rejection())
                .isEqualTo("missing data: profile id");
    }

    private static DeviceAutoRegistrationFailed failure() {
        return new DeviceAutoRegistrationFailed("t-acme", "u-1", "taro", "d-1", "SN1", "win", Reason.SERIAL_IN_USE,
                "taro-pc");
    }

    @Test
    void anAutoRegistrationFailureIsMailedOnceToEveryNotificationAddressInTheTenantsLanguage() {
        List<PlannedMail> mails = planner.autoRegistrationFailed(failure(), EXPIRES, acme);

        assertThat(mails).extracting(PlannedMail::recipient).containsExactly("admin@acme.example", "ops@acme.example");
        assertThat(mails).allSatisfy(mail -> {
            assertThat(mail.language()).isEqualTo(MailLanguage.EN);
            assertThat(mail.rejection()).isNull();
            assertThat(mail.parameters()).containsEntry("userName", "taro").containsEntry("deviceName", "taro-pc")
                    .doesNotContainKey("deviceId")
                    .containsEntry("reason", "SERIAL_IN_USE").containsEntry("occurredAt", EXPIRES.toString());
        });
    }

    @Test
    void noMailWhenNotifyOnFailureIsOffOrNoAddressIsSet() {
        TenantMailSettings quiet = new TenantMailSettings("t-acme", acme.notificationAddresses(), false, "ja", false);

        assertThat(planner.autoRegistrationFailed(failure(), EXPIRES, quiet)).isEmpty();
        assertThat(planner.autoRegistrationFailed(failure(), EXPIRES, TenantMailSettings.unknown("t-acme"))).isEmpty();
    }

    @Test
    void aSecretReminderGoesToTheAddressesTheEventNamesWithTheExpiryDate() {
        SecretExpiring expiring = new SecretExpiring("t-acme", SecretKind.ENTRA_CLIENT_SECRET, LocalDate.of(2027, 5, 31),
                "2027-01", List.of("admin@acme.example", "broken"), "en");

        List<PlannedMail> mails = planner.secretExpiring(expiring, acme);

        assertThat(mails).extracting(PlannedMail::recipient).containsExactly("admin@acme.example", "broken");
        assertThat(mails.getFirst().parameters()).containsEntry("expiresOn", "2027-05-31");
        assertThat(mails.getFirst().language()).isEqualTo(MailLanguage.EN);
        assertThat(mails.get(0).rejection()).isNull();
        assertThat(mails.get(1).rejection()).isEqualTo("invalid recipient address");
    }

    @Test
    void onlyALateDayReminderTellsTheTemplateTheSecretHasExpired() {
        SecretExpiring late = new SecretExpiring("t-acme", SecretKind.ENTRA_CLIENT_SECRET, LocalDate.of(2027, 5, 31),
                "2027-05", List.of("admin@acme.example"), "ja", true);
        SecretExpiring onTime = new SecretExpiring("t-acme", SecretKind.ENTRA_CLIENT_SECRET, LocalDate.of(2027, 5, 31),
                "2027-05", List.of("admin@acme.example"), "ja");

        assertThat(planner.secretExpiring(late, acme).getFirst().parameters()).containsEntry("expired", "true");
        assertThat(planner.secretExpiring(onTime, acme).getFirst().parameters()).doesNotContainKey("expired");
    }

    @Test
    void aSuspendedTenantGetsNoMailsButTheyAreRecordedWithTheReason() {
        TenantMailSettings suspended = new TenantMailSettings("t-acme", acme.notificationAddresses(), true, "ja", true);

        assertThat(planner.autoRegistrationFailed(failure(), EXPIRES, suspended))
                .isNotEmpty().allSatisfy(mail -> assertThat(mail.rejection()).startsWith("tenant suspended"));
        assertThat(planner.profileDownload(issued("taro@acme.example", "s", 1), suspended, true).getFirst().rejection())
                .startsWith("tenant suspended");
    }

    @Test
    void aFirstSeenSerialIsMailedToEveryNotificationAddressWithWhoWhichDeviceAndWhichHeadend() {
        DeviceAutoRegistered registered = new DeviceAutoRegistered("t-acme", "d-1", "u-1", "PF2ABCDE", "win",
                "taro", "PC-0042", "Tokyo VPN", true);
        // notify-on-failure off: the notice of a registration is sent all the same
        TenantMailSettings failuresOff = new TenantMailSettings("t-acme", acme.notificationAddresses(), false, "ja", false);

        List<PlannedMail> mails = planner.autoRegistered(registered, EXPIRES, failuresOff);

        assertThat(mails).extracting(PlannedMail::recipient).containsExactly("admin@acme.example", "ops@acme.example");
        assertThat(mails).allSatisfy(mail -> {
            assertThat(mail.kind()).isEqualTo(MailKind.AUTO_REGISTERED);
            assertThat(mail.language()).isEqualTo(MailLanguage.JA);
            assertThat(mail.rejection()).isNull();
            assertThat(mail.parameters()).containsEntry("userName", "taro").containsEntry("deviceName", "PC-0042")
                    .containsEntry("nasName", "Tokyo VPN").containsEntry("serialId", "PF2ABCDE")
                    .containsEntry("occurredAt", EXPIRES.toString()).doesNotContainKey("deviceId");
        });
    }

    @Test
    void aConfirmationOfASerialRegisteredBeforeOrAnEventWithoutNamesMailsNothingUseful() {
        assertThat(planner.autoRegistered(new DeviceAutoRegistered("t-acme", "d-1", "u-1", "PF2ABCDE", "win"), EXPIRES,
                acme)).as("a confirmation (not first seen)").isEmpty();
        assertThat(planner.autoRegistered(new DeviceAutoRegistered("t-acme", "d-1", "u-1", "PF2ABCDE", "win", null,
                "PC-0042", null, true), EXPIRES, acme))
                .isNotEmpty().allSatisfy(mail -> assertThat(mail.rejection()).isEqualTo("missing data: user name"));
        assertThat(planner.autoRegistered(new DeviceAutoRegistered("t-acme", "d-1", "u-1", "PF2ABCDE", "win", "taro",
                "PC-0042", null, true), EXPIRES, TenantMailSettings.unknown("t-acme"))).as("no address set").isEmpty();
    }
}
