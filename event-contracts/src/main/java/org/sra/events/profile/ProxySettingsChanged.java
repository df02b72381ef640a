package org.sra.events.profile;

import java.util.List;

import org.jspecify.annotations.Nullable;
import org.sra.events.EventPayload;

/**
 * The tenant's proxy setting after a change (R-PXY-1); which profiles it applies to travels in
 * {@link ProfileSettingsChanged#proxyApplied()}.
 *
 * @param address    proxy IPv4 address, set in {@code MANAGEMENT} mode
 * @param port       1–65535, set in {@code MANAGEMENT} mode
 * @param exclusions hosts that bypass the proxy, {@code *} as wildcard; empty unless {@code MANAGEMENT}
 */
public record ProxySettingsChanged(String tenantId, ProxyMode mode, @Nullable String address,
                                   @Nullable Integer port, List<String> exclusions) implements EventPayload {

    @Override
    public String aggregateId() {
        return tenantId;
    }
}
