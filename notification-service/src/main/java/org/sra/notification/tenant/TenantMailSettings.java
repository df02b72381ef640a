package org.sra.notification.tenant;

import java.util.List;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A tenant's mail settings as notification-service last heard them.
 *
 * @param notificationAddresses where failure mails go (R-SET-6)
 * @param notifyOnFailure       whether auto-registration failures are mailed (R-SET-5)
 * @param language              {@code ja} or {@code en}
 * @param suspended             a suspended tenant gets no mails (R-OPS-1)
 * @param timeZone              the tenant's time zone (IANA id) its mails show times in; null until
 *                              heard (then the service's {@code sra.notification.time-zone})
 */
@Document("tenant_mail_settings")
public record TenantMailSettings(@Id String tenantId, List<String> notificationAddresses, boolean notifyOnFailure,
                                 String language, boolean suspended, String timeZone) {

    /** Without a time zone: the service's default zone. */
    public TenantMailSettings(String tenantId, List<String> notificationAddresses, boolean notifyOnFailure,
                              String language, boolean suspended) {
        this(tenantId, notificationAddresses, notifyOnFailure, language, suspended, null);
    }

    public TenantMailSettings {
        notificationAddresses = notificationAddresses == null ? List.of() : List.copyOf(notificationAddresses);
    }

    /**
     * What a tenant has before its first {@code SettingsChanged}: the spec's recommended
     * notify-on-failure (R-SET-5) but no addresses yet, so nothing can be mailed.
     */
    public static TenantMailSettings unknown(String tenantId) {
        return new TenantMailSettings(tenantId, List.of(), true, "ja", false);
    }
}
