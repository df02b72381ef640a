package org.sra.profile.anyconnect;

import org.jspecify.annotations.Nullable;
import org.sra.events.profile.ProxyMode;

/**
 * What one profile's client is told (R-PRO-6, R-PXY-1, R-LSG-1), decided in plain Java from the
 * tenant's settings and whether they apply to the profile.
 *
 * @param proxyPolicy the AnyConnect {@code ProxySettings} policy, or null to leave the client's default
 * @param publicProxy {@code address:port} with {@code Override}
 * @param localLan    whether the client may reach its own LAN while connected
 */
public record ClientPreferences(@Nullable String proxyPolicy, @Nullable String publicProxy, boolean localLan) {

    /**
     * {@code DENY} → {@code IgnoreProxy} for every profile; {@code CLIENT_SETTINGS} → {@code Native}
     * where applied; {@code MANAGEMENT} → {@code Override} with the tenant's proxy where applied;
     * otherwise nothing, so the client keeps its default. The exclusion list has no place in the
     * client profile: it reaches the headend through {@code ProxySettingsChanged} (auth-service
     * pushes it with the authorization answer).
     */
    public static ClientPreferences of(ProxyMode mode, @Nullable String address, @Nullable Integer port,
                                       boolean proxyApplied, boolean localLan) {
        return switch (mode) {
            case DENY -> new ClientPreferences("IgnoreProxy", null, localLan);
            case CLIENT_SETTINGS -> new ClientPreferences(proxyApplied ? "Native" : null, null, localLan);
            case MANAGEMENT -> proxyApplied && address != null && port != null
                    ? new ClientPreferences("Override", address + ":" + port, localLan)
                    : new ClientPreferences(null, null, localLan);
            case UNSELECTED -> new ClientPreferences(null, null, localLan);
        };
    }
}
