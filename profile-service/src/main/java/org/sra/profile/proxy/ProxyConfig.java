package org.sra.profile.proxy;

import java.util.List;

import org.jspecify.annotations.Nullable;
import org.sra.events.profile.ProxyMode;

/**
 * A valid proxy setting (R-PXY-1): address, port and exclusions only in {@code MANAGEMENT} mode.
 * Made only by {@link ProxyRules#check}.
 */
public record ProxyConfig(ProxyMode mode, @Nullable String address, @Nullable Integer port, List<String> exclusions) {

    public static final ProxyConfig UNSELECTED = new ProxyConfig(ProxyMode.UNSELECTED, null, null, List.of());

    public ProxyConfig {
        exclusions = List.copyOf(exclusions);
    }
}
