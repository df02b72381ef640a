package org.sra.gateway.edge;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The gateway's edge limits ({@code sra.gateway.edge.*} in application.yml).
 *
 * @param rateLimits per named rule: which paths share one bucket per client address
 * @param requestSize the largest request body accepted, with larger allowances for uploads
 * @param trustedProxyHops how many proxies of our own stand in front of the gateway, each appending
 *                         the address it saw to {@code X-Forwarded-For}: 0 = the TCP peer is the
 *                         client ({@link ClientAddressFilter})
 */
@ConfigurationProperties("sra.gateway.edge")
record EdgeSettings(Map<String, RateLimit> rateLimits, @DefaultValue RequestSize requestSize,
                    @DefaultValue("0") int trustedProxyHops) {

    EdgeSettings {
        rateLimits = rateLimits == null ? Map.of() : Map.copyOf(rateLimits);
        if (trustedProxyHops < 0) {
            throw new IllegalArgumentException("sra.gateway.edge.trusted-proxy-hops must be 0 or more, not "
                    + trustedProxyHops);
        }
    }

    /**
     * A token bucket per client address: {@code capacity} requests at once, refilled evenly by
     * {@code capacity} per {@code period}.
     */
    record RateLimit(List<String> paths, int capacity, Duration period) {
    }

    /**
     * @param max the default limit of a request body
     * @param uploads paths (CSV imports) allowed up to {@code uploadMax}
     */
    record RequestSize(@DefaultValue("1MB") DataSize max, @DefaultValue List<String> uploads,
                       @DefaultValue("5MB") DataSize uploadMax) {
    }
}
