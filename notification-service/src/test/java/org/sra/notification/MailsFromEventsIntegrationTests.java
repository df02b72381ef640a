package org.sra.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.sra.events.EventEnvelope;
import org.sra.events.Topics;
import org.sra.events.device.DeviceAutoRegistered;
import org.sra.events.device.DeviceAutoRegistrationFailed.Reason;
import org.sra.events.device.DeviceAutoRegistrationFailed;
import org.sra.events.profile.ProfileIssued;
import org.sra.events.secrets.SealContext;
import org.sra.events.settings.AuthType;
import org.sra.events.settings.SecretExpiring;
import org.sra.events.settings.SecretKind;
import org.sra.events.settings.SettingsChanged;
import org.sra.events.tenant.TenantSuspended;
import org.sra.kit.secrets.SecretSealer;
import org.sra.kit.test.EventsHandled;
import org.sra.notification.delivery.Deliveries;
import org.sra.notification.delivery.Delivery;
import org.sra.notification.delivery.DeliveryState;
import org.sra.notification.delivery.DownloadLinks;
import org.sra.notification.tenant.TenantMailSettingsStore;

/**
 * The three mails from their events, read back from a real SMTP
 * server; each tenant's mails go to its own addresses only; bad input is recorded, not fatal.
 */
@NotificationIntegrationTest
class MailsFromEventsIntegrationTests {

    private static final Duration SETTLE = Duration.ofMillis(1500);

    @Autowired
    EmbeddedKafkaBroker broker;
    @Autowired
    SecretSealer sealer;
    @Autowired
    Deliveries deliveries;
    @Autowired
    TenantMailSettingsStore tenants;
    @Autowired
    MongoTemplate mongo;

    private static String address(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8) + "@acme.example";
    }

    private static String newTenant() {
        return "t-" + UUID.randomUUID();
    }

    private List<Delivery> deliveriesOf(EventEnvelope envelope) {
        return deliveries.ofEvent(envelope.eventId().toString());
    }

    private MimeMessage awaitOneMailTo(String address) {
        await().atMost(Duration.ofSeconds(20)).until(() -> TestSmtp.messagesTo(address).size() == 1);
        return TestSmtp.messagesTo(address).getFirst();
    }

    private ProfileIssued profileIssued(String tenant, String sealedFor, String recipient, String url) {
        return new ProfileIssued(tenant, "u-1:d-1", "u-1", "d-1", recipient, "VPNプロファイルのご案内",
                sealer.seal(url, SealContext.PROFILE_URL.of(sealedFor)), Instant.parse("2026-12-01T01:06:47Z"), 2, "ja",
                "taro:win11");
    }

    private void settings(String tenant, boolean notifyOnFailure, List<String> addresses, String language) {
        TestEvents.publish(broker, EventEnvelope.of(new SettingsChanged(tenant, AuthType.LOCAL, true, notifyOnFailure,
                addresses, "10.0.0.53", null, "10.239.17.0/24", language, null, null)));
        await().atMost(Duration.ofSeconds(20)).until(() -> tenants.of(tenant).notificationAddresses().equals(addresses)
                && tenants.of(tenant).notifyOnFailure() == notifyOnFailure);
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void profileIssuedMailsTheDownloadLinkToTheGivenAddressWithTheGivenSubject(CapturedOutput logs) throws Exception {
        String tenant = newTenant();
        String to = address("taro");
        String url = "https://vpn.example.com/download/user_profiles/" + UUID.randomUUID();

        TestEvents.publish(broker, EventEnvelope.of(profileIssued(tenant, tenant, to, url)));

        MimeMessage mail = awaitOneMailTo(to);
        assertThat(mail.getSubject()).isEqualTo("VPNプロファイルのご案内");
        assertThat(mail.getFrom()[0].toString()).contains("no-reply@sra.local");
        List<String> parts = TestSmtp.parts(mail);
        assertThat(parts).hasSize(2);
        assertThat(parts.get(0)).contains("はじめに、ご利用の端末に VPN クライアント").contains("■ユーザプロフィールID : taro:win11").doesNotContain("u-1:d-1").contains(url)
                .contains("2026/12/01 10:06:47").contains("ダウンロード回数 : 2回");
        assertThat(parts.get(1)).contains("<html lang=\"ja\">").contains("href=\"" + url + "\"");
        assertThat(logs.getAll()).as("the clear download URL is never logged").doesNotContain(url);
    }

    /**
     * タイムゾーン in 全体設定: a tenant in Berlin reads its mail's times in Berlin time, the zone named;
     * a tenant that never chose one reads them in Tokyo time.
     */
    @Test
    void theTimesOfAMailAreThoseOfItsTenantsTimeZoneWithTheZoneNamed() throws Exception {
        String berlin = newTenant();
        List<String> admins = List.of(address("admin"));
        TestEvents.publish(broker, EventEnvelope.of(new SettingsChanged(berlin, AuthType.LOCAL, true, true, admins,
                null, null, "10.239.17.0/24", "en", null, null, "Europe/Berlin")));
        await().atMost(Duration.ofSeconds(20)).until(() -> "Europe/Berlin".equals(tenants.of(berlin).timeZone()));

        String to = address("taro");
        TestEvents.publish(broker, EventEnvelope.of(profileIssued(berlin, berlin, to,
                "https://vpn.example.com/download/user_profiles/" + UUID.randomUUID())));
        // 2026-12-01T01:06:47Z: 02:06:47 in (winter) Berlin, 10:06:47 in Tokyo
        assertThat(TestSmtp.parts(awaitOneMailTo(to)).get(0))
                .contains("URLの有効期限 : 2026/12/01 02:06:47 CET (Europe/Berlin)").doesNotContain("10:06:47");

        Instant when = Instant.parse("2026-07-01T10:00:00Z"); // summer: 12:00 CEST
        EventEnvelope registered = EventEnvelope.of(new DeviceAutoRegistered(berlin, "d-42", "u-9", "C02XK1ZJJG5H",
                "mac-intel", "hanako.sato", "hanako-mac", "Berlin VPN", true));
        TestEvents.publish(broker, new EventEnvelope(registered.eventId(), registered.type(),
                registered.schemaVersion(), berlin, when, registered.aggregateId(), registered.payload()));
        assertThat(TestSmtp.parts(awaitOneMailTo(admins.getFirst())).get(0))
                .contains("2026-07-01 12:00:00 CEST (Europe/Berlin)");

        String tokyo = newTenant();
        String toTokyo = address("hanako");
        TestEvents.publish(broker, EventEnvelope.of(profileIssued(tokyo, tokyo, toTokyo,
                "https://vpn.example.com/download/user_profiles/" + UUID.randomUUID())));
        assertThat(TestSmtp.parts(awaitOneMailTo(toTokyo)).get(0))
                .contains("URLの有効期限 : 2026/12/01 10:06:47 JST (Asia/Tokyo)");
    }

    @Test
    void anAutoRegistrationFailureIsMailedToEveryNotificationAddressOfItsOwnTenantOnly() throws Exception {
        String acme = newTenant();
        String other = newTenant();
        List<String> acmeAdmins = List.of(address("admin"), address("ops"));
        String otherAdmin = address("someone-else");
        settings(acme, true, acmeAdmins, "en");
        settings(other, true, List.of(otherAdmin), "ja");

        TestEvents.publish(broker, EventEnvelope.of(new DeviceAutoRegistrationFailed(acme, "u-9", "hanako.sato", "d-42",
                "C02XK1ZJJG5H", "mac-intel", Reason.PLATFORM_MISMATCH, "hanako-mac")));

        for (String admin : acmeAdmins) {
            MimeMessage mail = awaitOneMailTo(admin);
            assertThat(mail.getSubject()).isEqualTo("[Secure Remote Access] Device ID auto-registration failed (hanako.sato)");
            assertThat(TestSmtp.parts(mail).get(0)).contains("User: hanako.sato").contains("Device: hanako-mac")
                    .contains("Platform: mac-intel").contains("Presented serial ID: C02XK1ZJJG5H").contains("When: ")
                    .contains("Why: the user's device without a serial ID is of another platform.");
        }
        await().during(SETTLE).atMost(SETTLE.plusSeconds(5)).until(() -> TestSmtp.messagesTo(otherAdmin).isEmpty());
    }

    /**
     * メールの言語 in 全体設定: a tenant that switches from Japanese to English (nothing else changed)
     * gets the next failure mail in English, naming the user and the device by name.
     */
    @Test
    void theMailLanguageOfTheSettingsIsUsedForTheNextMailToTheAdmins() throws Exception {
        String tenant = newTenant();
        String admin = address("admin");
        settings(tenant, true, List.of(admin), "ja");
        TestEvents.publish(broker, EventEnvelope.of(new DeviceAutoRegistrationFailed(tenant, "u-3", "jiro.suzuki", "d-3",
                "SN-JA-1", "win", Reason.SERIAL_IN_USE, "jiro-pc")));
        MimeMessage japanese = awaitOneMailTo(admin);
        assertThat(japanese.getSubject()).isEqualTo("【セキュアリモートアクセス】デバイスIDの自動登録に失敗しました（jiro.suzuki）");
        assertThat(TestSmtp.parts(japanese).get(0)).contains("デバイス : jiro-pc");

        TestEvents.publish(broker, EventEnvelope.of(new SettingsChanged(tenant, AuthType.LOCAL, true, true,
                List.of(admin), "10.0.0.53", null, "10.239.17.0/24", "en", null, null)));
        await().atMost(Duration.ofSeconds(20)).until(() -> "en".equals(tenants.of(tenant).language()));
        TestEvents.publish(broker, EventEnvelope.of(new DeviceAutoRegistrationFailed(tenant, "u-3", "jiro.suzuki", "d-3",
                "SN-EN-2", "win", Reason.SERIAL_IN_USE, "jiro-pc")));
        await().atMost(Duration.ofSeconds(20)).until(() -> TestSmtp.messagesTo(admin).size() == 2);
        MimeMessage english = TestSmtp.messagesTo(admin).stream()
                .filter(m -> TestSmtp.parts(m).get(0).contains("SN-EN-2")).findFirst().orElseThrow();
        assertThat(english.getSubject()).isEqualTo("[Secure Remote Access] Device ID auto-registration failed (jiro.suzuki)");
        assertThat(TestSmtp.parts(english).get(0)).startsWith("Dear administrator").contains("User: jiro.suzuki")
                .contains("Device: jiro-pc").doesNotContain("d-3").doesNotContain("u-3");
    }

    @Test
    void aSerialRegisteredByAutoRegistrationIsMailedOnceToTheTenantsAdminsAndAConfirmationIsNot() throws Exception {
        String acme = newTenant();
        String admin = address("watch");
        settings(acme, false, List.of(admin), "ja"); // notify-on-failure off: registrations are told all the same

        EventEnvelope confirmation = EventEnvelope.of(new DeviceAutoRegistered(acme, "d-7", "u-1", "PF2ABCDE", "win"));
        TestEvents.publish(broker, confirmation);
        EventEnvelope registered = EventEnvelope.of(new DeviceAutoRegistered(acme, "d-8", "u-1", "PF2XYZ", "win",
                "taro.yamada", "PC-0042", "Tokyo VPN", true));
        TestEvents.publish(broker, registered);
        TestEvents.publish(broker, registered); // redelivered: still one mail

        EventsHandled.await(mongo, confirmation, registered);
        assertThat(deliveriesOf(confirmation)).as("a confirmation is not mailed").isEmpty();
        MimeMessage mail = awaitOneMailTo(admin);
        assertThat(mail.getSubject()).isEqualTo("【セキュアリモートアクセス】デバイスIDを自動登録しました（taro.yamada）");
        assertThat(TestSmtp.parts(mail).get(0)).contains("ユーザ : taro.yamada").contains("デバイス : PC-0042")
                .contains("シリアルID : PF2XYZ").contains("NASクライアント : Tokyo VPN");
        assertThat(deliveriesOf(registered)).hasSize(1);
        await().during(SETTLE).atMost(SETTLE.plusSeconds(5)).until(() -> TestSmtp.messagesTo(admin).size() == 1);
    }

    @Test
    void noFailureMailWhenTheTenantSwitchedNotifyOnFailureOff() {
        String tenant = newTenant();
        String admin = address("quiet");
        settings(tenant, false, List.of(admin), "ja");

        EventEnvelope failed = EventEnvelope.of(new DeviceAutoRegistrationFailed(tenant, "u-1", "taro", null, "SN1", "win",
                Reason.NO_FREE_DEVICE));
        TestEvents.publish(broker, failed);

        // the handler plans every mail of the event before its id is recorded: once it is, a
        // failure mail would already be a delivery
        EventsHandled.await(mongo, failed);
        assertThat(deliveriesOf(failed)).isEmpty();
        assertThat(TestSmtp.messagesTo(admin)).isEmpty();
    }

    @Test
    void secretExpiringRemindsTheNotificationAddressesOfTheExpiryDate() throws Exception {
        String tenant = newTenant();
        String admin = address("admin");

        TestEvents.publish(broker, EventEnvelope.of(new SecretExpiring(tenant, SecretKind.ENTRA_CLIENT_SECRET,
                LocalDate.of(2027, 5, 31), "2027-01", List.of(admin), "ja")));

        MimeMessage mail = awaitOneMailTo(admin);
        assertThat(mail.getSubject()).contains("2027/05/31");
        assertThat(TestSmtp.parts(mail).get(0)).contains("シークレット有効期限 : 2027/05/31")
                .contains("新しいクライアントシークレットを作成");
    }

    @Test
    void badInputIsRecordedWithItsReasonAndLaterEventsStillGoOut() {
        String tenant = newTenant();
        String url = "https://vpn.example.com/download/user_profiles/" + UUID.randomUUID();
        EventEnvelope invalidAddress = EventEnvelope.of(profileIssued(tenant, tenant, "taro@", url));
        EventEnvelope foreignLink = EventEnvelope.of(profileIssued(tenant, newTenant(), address("jiro"), url));
        EventEnvelope noProfileId = EventEnvelope.of(new ProfileIssued(tenant, " ", "u-1", "d-1", address("ken"), "s",
                sealer.seal(url, SealContext.PROFILE_URL.of(tenant)), Instant.now().plus(1, ChronoUnit.DAYS), null, "en"));
        String later = address("later");

        TestEvents.publishGarbage(broker, Topics.PROFILES);
        TestEvents.publish(broker, invalidAddress);
        TestEvents.publish(broker, foreignLink);
        TestEvents.publish(broker, noProfileId);
        TestEvents.publish(broker, EventEnvelope.of(profileIssued(tenant, tenant, later, url)));

        awaitOneMailTo(later);
        assertThat(reasonOf(invalidAddress)).isEqualTo("invalid recipient address");
        assertThat(reasonOf(foreignLink)).startsWith("the download URL cannot be opened");
        assertThat(reasonOf(noProfileId)).isEqualTo("missing data: profile id");
        String jiro = foreignLink.payload(ProfileIssued.class).recipient();
        assertThat(TestSmtp.messagesTo(jiro)).isEmpty();
    }

    @Test
    void aSuspendedTenantGetsNoMailsAndTheyAreRecordedAsSuch() {
        String tenant = newTenant();
        String admin = address("suspended");
        TestEvents.publish(broker, EventEnvelope.of(new TenantSuspended(tenant)));
        await().atMost(Duration.ofSeconds(20)).until(() -> tenants.of(tenant).suspended());

        EventEnvelope expiring = EventEnvelope.of(new SecretExpiring(tenant, SecretKind.ENTRA_CLIENT_SECRET,
                LocalDate.of(2027, 5, 31), "2027-01", List.of(admin), "ja"));
        TestEvents.publish(broker, expiring);

        assertThat(reasonOf(expiring)).startsWith("tenant suspended");
        assertThat(TestSmtp.messagesTo(admin)).isEmpty();
    }

    private String reasonOf(EventEnvelope envelope) {
        await().atMost(Duration.ofSeconds(20)).until(() -> deliveriesOf(envelope).size() == 1);
        Delivery delivery = deliveriesOf(envelope).getFirst();
        assertThat(delivery.state()).isEqualTo(DeliveryState.DEAD);
        return delivery.lastError();
    }
}
