package org.sra.directory.settings;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * What saving AD settings may dial and how often ({@code sra.directory.ad-check.*}): the check
 * connects from inside the platform to an address a tenant admin typed, so it must not become a
 * scanner of the platform's own networks.
 *
 * @param allowLoopback  development only: let the AD address be a loopback address (127.0.0.0/8,
 *                       ::1), as the local stack's demo AD and the tests are; never in production
 * @param deniedNetworks the platform's own networks in CIDR form (e.g. the cluster's pod and
 *                       service CIDRs, the nodes' network), refused in addition to the built-in
 *                       loopback, unspecified, link-local, multicast and broadcast ranges
 * @param attempts       saves (each with its connection check) a tenant may start per {@code period}
 * @param period         the window of {@code attempts}
 */
@ConfigurationProperties("sra.directory.ad-check")
public record AdCheckSettings(@DefaultValue("false") boolean allowLoopback,
                              @DefaultValue List<String> deniedNetworks,
                              @DefaultValue("10") int attempts,
                              @DefaultValue("1m") Duration period) {

    public AdCheckSettings {
        deniedNetworks = deniedNetworks == null ? List.of()
                : deniedNetworks.stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
        if (attempts < 1) {
            throw new IllegalArgumentException("sra.directory.ad-check.attempts must be at least 1");
        }
        if (period == null || period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("sra.directory.ad-check.period must be positive");
        }
    }
}
