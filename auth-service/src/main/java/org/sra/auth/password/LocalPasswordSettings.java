package org.sra.auth.password;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * LOCAL password checks (bcrypt).
 *
 * @param threads  bcrypt workers (platform threads; a cost-12 check is ~200 ms of one core);
 *                 0 = the number of processors
 * @param queue    checks waiting for a worker; beyond it an attempt is answered
 *                 {@code DIRECTORY_UNAVAILABLE} at once rather than piling up past the deadline
 * @param cacheTtl how long a successful check is remembered (keyed by an HMAC of tenant, user,
 *                 password and hash — never the password), so a reconnect storm costs no bcrypt;
 *                 0 switches the cache off
 * @param cacheMax most remembered successes
 */
@ConfigurationProperties("sra.auth.local")
public record LocalPasswordSettings(@DefaultValue("0") int threads,
                                    @DefaultValue("256") int queue,
                                    @DefaultValue("60s") Duration cacheTtl,
                                    @DefaultValue("10000") int cacheMax) {

    public static LocalPasswordSettings defaults() {
        return new LocalPasswordSettings(0, 256, Duration.ofSeconds(60), 10_000);
    }
}
