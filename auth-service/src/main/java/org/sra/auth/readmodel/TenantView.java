package org.sra.auth.readmodel;

import java.time.Instant;
import java.util.List;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;
import org.sra.events.profile.ProxyMode;
import org.sra.events.settings.AuthType;
import org.sra.events.settings.SettingsChanged;

/**
 * A tenant as auth-service last heard of it: contract (pool), suspension, global settings,
 * proxy and local-segment settings. Several events write parts of it; each sets absolute values.
 */
@Document("tenants")
public record TenantView(@Id String tenantId, boolean suspended, String vpnPool, AuthType authType,
                         boolean autoRegistration, String primaryDns, String secondaryDns, String language,
                         SettingsChanged.ActiveDirectory activeDirectory, SettingsChanged.EntraId entraId,
                         ProxyMode proxyMode, String proxyAddress, Integer proxyPort, List<String> proxyExclusions,
                         boolean localSegmentEnabled, Instant updatedAt) {

    public TenantView {
        authType = authType == null ? AuthType.UNSELECTED : authType;
        proxyMode = proxyMode == null ? ProxyMode.UNSELECTED : proxyMode;
        proxyExclusions = proxyExclusions == null ? List.of() : List.copyOf(proxyExclusions);
        language = language == null ? "ja" : language;
    }
}
