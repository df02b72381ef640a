package org.sra.notification.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * When a failed delivery is tried again: exponential back-off from {@code firstBackOff},
 * doubled per attempt up to {@code maxBackOff}; after {@code maxAttempts} attempts it is given
 * up (a dead letter). Each attempt is itself a few quick SMTP tries (Resilience4j retry).
 */
public record RetrySchedule(int maxAttempts, Duration firstBackOff, Duration maxBackOff) {

    public RetrySchedule {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
    }

    /** The next attempt after {@code attemptsMade} failed ones, or empty to give up. */
    public Optional<Instant> nextAttempt(int attemptsMade, Instant now) {
        if (attemptsMade >= maxAttempts) {
            return Optional.empty();
        }
        return Optional.of(now.plus(backOff(attemptsMade)));
    }

    Duration backOff(int attemptsMade) {
        int doublings = Math.max(0, Math.min(attemptsMade - 1, 30));
        Duration backOff = firstBackOff.multipliedBy(1L << doublings);
        return backOff.compareTo(maxBackOff) > 0 || backOff.isNegative() ? maxBackOff : backOff;
    }
}
