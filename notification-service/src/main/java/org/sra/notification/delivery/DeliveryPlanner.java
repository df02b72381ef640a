package org.sra.notification.delivery;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.sra.events.device.DeviceAutoRegistered;
import org.sra.events.device.DeviceAutoRegistrationFailed;
import org.sra.events.mail.MailKind;
import org.sra.events.profile.ProfileIssued;
import org.sra.events.settings.SecretExpiring;
import org.sra.notification.mail.MailAddresses;
import org.sra.notification.mail.MailLanguage;
import org.sra.notification.tenant.TenantMailSettings;

/**
 * Which mails an event asks for, to whom, in which language, and which of them can never be
 * sent (R-NOT-1, R-PRO-5, R-AUT-4, R-SET-4). Plain Java: no SMTP, no store.
 *
 * <p>Recipients come only from the event itself ({@code ProfileIssued}, {@code SecretExpiring})
 * or from the settings of the event's own tenant ({@code DeviceAutoRegistrationFailed}), so a
 * mail never goes to another tenant's addresses. The same address twice in one event is mailed
 * once. A suspended tenant gets no mails; they are recorded as dead letters, not dropped.
 */
public class DeliveryPlanner {

    /**
     * Parameter naming the tenant's time zone (IANA id), in which the mail shows its times; absent
     * while the tenant's settings are not known (then the service's default zone).
     */
    public static final String TIME_ZONE = "timeZone";

    /** Parameter holding the sealed download URL; opened only when the mail is sent. */
    public static final String SEALED_DOWNLOAD_URL = "sealedDownloadUrl";

    static final String SUSPENDED = "tenant suspended: no mails are sent";
    static final String INVALID_ADDRESS = "invalid recipient address";
    static final String NO_ADDRESS = "missing data: no recipient address";
    static final String LINK_DOES_NOT_OPEN = "the download URL cannot be opened (not sealed for this tenant with this platform's key)";

    private static final Map<MailLanguage, String> DEFAULT_PROFILE_SUBJECT = Map.of(
            MailLanguage.JA, "【セキュアリモートアクセス】ユーザプロファイルダウンロードのお知らせ",
            MailLanguage.EN, "[Secure Remote Access] Download your VPN user profile");

    /**
     * The profile download mail to the address the admin entered (R-PRO-5).
     *
     * @param linkOpens whether the sealed download URL opens for this tenant
     */
    public List<PlannedMail> profileDownload(ProfileIssued issued, TenantMailSettings tenant, boolean linkOpens) {
        MailLanguage language = MailLanguage.of(issued.language());
        Map<String, String> parameters = zoned(tenant);
        // the guide's "userName:deviceName"; the internal key only for events from before the name was sent
        parameters.put("profileId", text(blank(issued.profileName()) ? issued.profileId() : issued.profileName()));
        String subject = text(issued.subject()).replaceAll("[\\r\\n]+", " ").strip();
        parameters.put("subject", subject.isEmpty() ? DEFAULT_PROFILE_SUBJECT.get(language) : subject);
        parameters.put(SEALED_DOWNLOAD_URL, text(issued.sealedDownloadUrl()));
        parameters.put("expiresAt", instant(issued.expiresAt()));
        if (issued.maxDownloads() != null) {
            parameters.put("maxDownloads", issued.maxDownloads().toString());
        }
        String rejection = tenant.suspended() ? SUSPENDED
                : blank(issued.profileId()) ? "missing data: profile id"
                : blank(issued.sealedDownloadUrl()) ? "missing data: download URL"
                : issued.expiresAt() == null ? "missing data: URL expiry time"
                : !linkOpens ? LINK_DOES_NOT_OPEN
                : null;
        return List.of(mail(text(issued.recipient()).strip(), MailKind.PROFILE_DOWNLOAD, language, parameters, rejection));
    }

    /**
     * The auto-registration failure mail to every notification address of the tenant, when
     * notify-on-failure is on (R-AUT-4, R-SET-5); nothing when it is off or no address is set.
     */
    public List<PlannedMail> autoRegistrationFailed(DeviceAutoRegistrationFailed failed, Instant occurredAt,
                                                    TenantMailSettings tenant) {
        if (!tenant.notifyOnFailure()) {
            return List.of();
        }
        Map<String, String> parameters = zoned(tenant);
        parameters.put("userName", text(failed.userName()));
        parameters.put("platform", text(failed.platform()));
        parameters.put("presentedSerial", text(failed.presentedSerial()));
        parameters.put("reason", failed.reason() == null ? "" : failed.reason().name());
        parameters.put("occurredAt", instant(occurredAt));
        // the device as the admins know it, never its id; an event written before events carried the
        // name says only that a device was found
        if (!blank(failed.deviceName())) {
            parameters.put("deviceName", failed.deviceName());
        }
        if (!blank(failed.deviceId())) {
            parameters.put("deviceFound", "true");
        }
        String rejection = tenant.suspended() ? SUSPENDED
                : blank(failed.userName()) ? "missing data: user name"
                : failed.reason() == null ? "missing data: reason"
                : null;
        return toEach(tenant.notificationAddresses(), MailKind.AUTO_REGISTRATION_FAILED,
                MailLanguage.of(tenant.language()), parameters, rejection);
    }

    /**
     * The notice of a serial ID registered by auto-registration to every notification address of
     * the tenant (R-AUT-4): who connected, which device took the serial and through which headend,
     * so that a device slot taken by someone else is noticed. Only for a serial seen for the first
     * time (a later confirmation of the same serial mails nothing); sent whatever the
     * notify-on-failure setting says, which is about failures. Nothing when no address is set.
     */
    public List<PlannedMail> autoRegistered(DeviceAutoRegistered registered, Instant occurredAt,
                                            TenantMailSettings tenant) {
        if (!registered.registeredNow()) {
            return List.of();
        }
        Map<String, String> parameters = zoned(tenant);
        parameters.put("userName", text(registered.userName()));
        parameters.put("deviceName", text(registered.deviceName()));
        parameters.put("serialId", text(registered.serialId()));
        parameters.put("platform", text(registered.platform()));
        parameters.put("occurredAt", instant(occurredAt));
        if (!blank(registered.nasName())) {
            parameters.put("nasName", registered.nasName());
        }
        String rejection = tenant.suspended() ? SUSPENDED
                : blank(registered.userName()) ? "missing data: user name"
                : blank(registered.deviceName()) ? "missing data: device name"
                : null;
        return toEach(tenant.notificationAddresses(), MailKind.AUTO_REGISTERED, MailLanguage.of(tenant.language()),
                parameters, rejection);
    }

    /** The client-secret expiry reminder to the addresses the event names (R-SET-4). */
    public List<PlannedMail> secretExpiring(SecretExpiring expiring, TenantMailSettings tenant) {
        Map<String, String> parameters = zoned(tenant);
        parameters.put("secretKind", expiring.secretKind() == null ? "" : expiring.secretKind().name());
        parameters.put("expiresOn", expiring.expiresOn() == null ? "" : expiring.expiresOn().toString());
        parameters.put("reminderMonth", text(expiring.reminderMonth()));
        if (Boolean.TRUE.equals(expiring.expired())) {
            parameters.put("expired", "true"); // the day's reminder sent late: the secret has expired
        }
        String rejection = tenant.suspended() ? SUSPENDED
                : expiring.expiresOn() == null ? "missing data: expiry date"
                : null;
        return toEach(expiring.notificationAddresses(), MailKind.SECRET_EXPIRING,
                MailLanguage.of(expiring.language()), parameters, rejection);
    }

    /** The parameters of a mail of {@code tenant}, starting with its time zone when known. */
    private static Map<String, String> zoned(TenantMailSettings tenant) {
        Map<String, String> parameters = new HashMap<>();
        if (tenant != null && !blank(tenant.timeZone())) {
            parameters.put(TIME_ZONE, tenant.timeZone());
        }
        return parameters;
    }

    private static List<PlannedMail> toEach(List<String> addresses, MailKind kind, MailLanguage language,
                                            Map<String, String> parameters, String rejection) {
        Map<String, String> unique = new LinkedHashMap<>();
        for (String address : addresses == null ? List.<String>of() : addresses) {
            String stripped = text(address).strip();
            if (!stripped.isEmpty()) {
                unique.putIfAbsent(MailAddresses.normalize(stripped), stripped);
            }
        }
        List<PlannedMail> mails = new ArrayList<>();
        unique.values().forEach(address -> mails.add(mail(address, kind, language, parameters, rejection)));
        return mails;
    }

    private static PlannedMail mail(String recipient, MailKind kind, MailLanguage language,
                                    Map<String, String> parameters, String rejection) {
        String why = rejection != null ? rejection
                : recipient.isEmpty() ? NO_ADDRESS
                : !MailAddresses.isValid(recipient) ? INVALID_ADDRESS
                : null;
        return new PlannedMail(recipient, kind, language, parameters, why);
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    private static String text(String value) {
        return value == null ? "" : value;
    }

    private static String instant(Instant value) {
        return value == null ? "" : value.toString();
    }
}
