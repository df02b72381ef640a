package org.sra.directory.settings;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.internal.AtomicRateLimiter;

/**
 * How many AD checks (saves of the AD settings, each dialling the address given) a tenant may
 * start: {@link AdCheckSettings#attempts()} per {@link AdCheckSettings#period()}, counted per
 * tenant with a Resilience4j {@link AtomicRateLimiter} (fixed windows; a refused attempt does not
 * use up a permit). Other tenants are not affected. In memory, per instance: with two replicas a
 * tenant gets at most twice the number.
 */
public final class AdCheckLimiter {

    /**
     * The verdict on one attempt.
     *
     * @param allowed          go ahead
     * @param retryAfterSeconds when refused: seconds until the next window opens (at least 1)
     * @param firstRefusal     when refused: the first refusal in this window (audited; later ones are only logged)
     */
    public record Verdict(boolean allowed, long retryAfterSeconds, boolean firstRefusal) {
    }

    private final RateLimiterConfig config;
    private final Map<String, AtomicRateLimiter> limiters = new ConcurrentHashMap<>();
    /** The window (the limiter's cycle) of each tenant's last audited refusal. */
    private final Map<String, Long> refusedInCycle = new ConcurrentHashMap<>();

    public AdCheckLimiter(AdCheckSettings settings) {
        this.config = RateLimiterConfig.custom()
                .limitForPeriod(settings.attempts())
                .limitRefreshPeriod(settings.period())
                .timeoutDuration(Duration.ZERO)
                .build();
    }

    /** Takes a permit for the tenant, or says how long to wait. */
    public Verdict attempt(String tenantId) {
        AtomicRateLimiter limiter = limiters.computeIfAbsent(tenantId, id -> new AtomicRateLimiter("ad-check:" + id, config));
        if (limiter.acquirePermission()) {
            return new Verdict(true, 0, false);
        }
        AtomicRateLimiter.AtomicRateLimiterMetrics metrics = limiter.getDetailedMetrics();
        long nanos = Math.max(0, metrics.getNanosToWait());
        long seconds = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(nanos + 999_999_999L));
        long cycle = metrics.getCycle();
        Long before = refusedInCycle.put(tenantId, cycle);
        return new Verdict(false, seconds, before == null || before != cycle);
    }
}
