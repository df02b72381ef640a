package org.sra.gateway.edge;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * In-memory token buckets keyed by (rule, client address). Each gateway instance counts on its
 * own, which is enough to slow down guessing and scraping; directory-service's per-account and
 * per-source back-off (R-ACC-3) stays the real defence for logins. Idle, full buckets are dropped
 * so the map cannot grow without bound.
 */
final class TokenBuckets {

    /** {@code retryAfter} is zero when the request may pass. */
    record Decision(boolean allowed, Duration retryAfter) {
    }

    private static final int SWEEP_ABOVE = 10_000;

    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final LongSupplier nanoTime;

    TokenBuckets(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
    }

    Decision take(String key, int capacity, Duration period) {
        long now = nanoTime.getAsLong();
        if (buckets.size() > SWEEP_ABOVE) {
            buckets.entrySet().removeIf(entry -> entry.getValue().idleLongerThan(now, period));
        }
        return buckets.computeIfAbsent(key, ignored -> new Bucket(capacity, now)).take(now, capacity, period);
    }

    private static final class Bucket {

        private double tokens;
        private long updated;

        Bucket(int capacity, long now) {
            this.tokens = capacity;
            this.updated = now;
        }

        synchronized Decision take(long now, int capacity, Duration period) {
            double perNano = (double) capacity / period.toNanos();
            tokens = Math.min(capacity, tokens + (now - updated) * perNano);
            updated = now;
            if (tokens >= 1) {
                tokens -= 1;
                return new Decision(true, Duration.ZERO);
            }
            long wait = (long) Math.ceil((1 - tokens) / perNano);
            return new Decision(false, Duration.ofNanos(wait));
        }

        /** Idle for a whole period means full again: dropping it changes nothing. */
        synchronized boolean idleLongerThan(long now, Duration period) {
            return now - updated > period.toNanos();
        }
    }
}
