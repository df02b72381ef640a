package org.sra.directory.settings;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;
import org.springframework.data.mongodb.core.mapping.Document;
import org.sra.events.settings.AuthType;
import org.sra.events.settings.LdapTransport;
import org.sra.events.settings.SettingsChanged;
import org.sra.kit.outbox.AggregateDocument;

/**
 * A tenant's global settings (R-SET-1..8); id = tenant id. The defaults are the console's
 * initial state: auth type 未選択, auto-registration 無効, notify-on-failure あり, no
 * notification address and no DNS server (登録なし). Every change raises the full
 * {@link SettingsChanged} and an audit entry in the same write.
 */
@Document("tenant_settings")
public class TenantSettings extends AggregateDocument {

    /** The mail language until an admin chooses one (and of settings stored before the choice existed). */
    static final String DEFAULT_LANGUAGE = "ja";

    @Id
    private String tenantId;
    private AuthType authType = AuthType.UNSELECTED;
    private boolean autoRegistration;
    private boolean notifyOnFailure = true;
    private List<String> notificationAddresses = new ArrayList<>();
    private String primaryDns;
    private String secondaryDns;
    private ActiveDirectoryConfig activeDirectory;
    private EntraIdConfig entraId;
    /** メールの言語: {@code ja} or {@code en}; null (stored before it existed) reads as Japanese. */
    private String language;
    /** タイムゾーン: an IANA zone id; null (stored before it existed) reads as Asia/Tokyo. */
    private String timeZone;
    @Version
    private Long version;

    TenantSettings() {
    }

    static TenantSettings defaults(String tenantId) {
        TenantSettings settings = new TenantSettings();
        settings.tenantId = tenantId;
        return settings;
    }

    /** The settings as the audit trail shows them; the sealed password and secret are masked there. */
    public record Snapshot(AuthType authType, boolean autoRegistration, boolean notifyOnFailure,
                           List<String> notificationAddresses, String primaryDns, String secondaryDns,
                           ActiveDirectoryConfig activeDirectory, EntraIdConfig entraId, String mailLanguage,
                           String timeZone) {
    }

    Snapshot snapshot() {
        return new Snapshot(authType, autoRegistration, notifyOnFailure, List.copyOf(notificationAddresses),
                primaryDns, secondaryDns, activeDirectory, entraId, language(), timeZone());
    }

    void changeDeviceRegistration(boolean newAutoRegistration, boolean newNotifyOnFailure, String vpnPool) {
        Snapshot before = snapshot();
        autoRegistration = newAutoRegistration;
        notifyOnFailure = newNotifyOnFailure;
        changed("SETTINGS_DEVICE_REGISTRATION_CHANGED", before, vpnPool);
    }

    void changeNotificationAddresses(List<String> addresses, String vpnPool) {
        Snapshot before = snapshot();
        notificationAddresses = new ArrayList<>(addresses);
        changed("SETTINGS_NOTIFICATION_ADDRESSES_CHANGED", before, vpnPool);
    }

    void changeDns(String primary, String secondary, String vpnPool) {
        Snapshot before = snapshot();
        primaryDns = primary;
        secondaryDns = secondary;
        changed("SETTINGS_DNS_CHANGED", before, vpnPool);
    }

    /** The language of every mail to the tenant's admins ({@code ja} or {@code en}, checked by the caller). */
    void changeMailLanguage(String newLanguage, String vpnPool) {
        Snapshot before = snapshot();
        language = newLanguage;
        changed("SETTINGS_MAIL_LANGUAGE_CHANGED", before, vpnPool);
    }

    /**
     * The zone in which the tenant's mails, exports and console show times and its daily jobs count
     * days (an IANA id, checked by the caller).
     */
    void changeTimeZone(String newZone, String vpnPool) {
        Snapshot before = snapshot();
        timeZone = newZone;
        changed("SETTINGS_TIME_ZONE_CHANGED", before, vpnPool);
    }

    /** LOCAL or back to UNSELECTED: any directory connection is forgotten, its secret with it. */
    void chooseWithoutDirectory(AuthType type, String vpnPool) {
        Snapshot before = snapshot();
        authType = type;
        activeDirectory = null;
        entraId = null;
        changed("SETTINGS_AUTH_TYPE_CHANGED", before, vpnPool);
    }

    void useActiveDirectory(ActiveDirectoryConfig config, String vpnPool) {
        Snapshot before = snapshot();
        authType = AuthType.ACTIVE_DIRECTORY;
        activeDirectory = config;
        entraId = null;
        changed("SETTINGS_ACTIVE_DIRECTORY_CHANGED", before, vpnPool);
    }

    void useEntraId(EntraIdConfig config, String vpnPool) {
        Snapshot before = snapshot();
        authType = AuthType.ENTRA_ID;
        activeDirectory = null;
        entraId = config;
        changed("SETTINGS_ENTRA_ID_CHANGED", before, vpnPool);
    }

    private void changed(String action, Snapshot before, String vpnPool) {
        raise(tenantId, event(vpnPool));
        audit(tenantId, action, "settings", tenantId, before, snapshot());
    }

    SettingsChanged event(String vpnPool) {
        SettingsChanged.ActiveDirectory ad = activeDirectory == null ? null : new SettingsChanged.ActiveDirectory(
                activeDirectory.primaryHost(), activeDirectory.primaryIp(), activeDirectory.secondaryHost(),
                activeDirectory.secondaryIp(), activeDirectory.domain(), activeDirectory.netbiosDomain(),
                activeDirectory.transport() != LdapTransport.PLAIN, activeDirectory.transport(),
                activeDirectory.caCertificatesPem()); // public: in clear
        SettingsChanged.EntraId entra = entraId == null ? null
                : new SettingsChanged.EntraId(entraId.clientId(), entraId.domain()); // the secret stays here
        return new SettingsChanged(tenantId, authType, autoRegistration, notifyOnFailure,
                List.copyOf(notificationAddresses), primaryDns, secondaryDns, vpnPool, language(), ad, entra,
                timeZone());
    }

    public String tenantId() {
        return tenantId;
    }

    public AuthType authType() {
        return authType;
    }

    public boolean autoRegistration() {
        return autoRegistration;
    }

    public boolean notifyOnFailure() {
        return notifyOnFailure;
    }

    public List<String> notificationAddresses() {
        return List.copyOf(notificationAddresses);
    }

    public String primaryDns() {
        return primaryDns;
    }

    public String secondaryDns() {
        return secondaryDns;
    }

    public ActiveDirectoryConfig activeDirectory() {
        return activeDirectory;
    }

    public EntraIdConfig entraId() {
        return entraId;
    }

    /** Mail language of the tenant's admins: {@code ja} (the default) or {@code en}. */
    public String language() {
        return language == null ? DEFAULT_LANGUAGE : language;
    }

    /** タイムゾーン: the IANA id ({@code Asia/Tokyo} until chosen). */
    public String timeZone() {
        return timeZone == null ? SettingsChanged.DEFAULT_TIME_ZONE : timeZone;
    }

    /** The tenant's zone; the default should a stored id no longer be known to this JVM. */
    public ZoneId zone() {
        try {
            return ZoneId.of(timeZone());
        } catch (DateTimeException e) {
            return ZoneId.of(SettingsChanged.DEFAULT_TIME_ZONE);
        }
    }
}
