package org.sra.directory.account;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Back-off after failed logins (R-ACC-3), for one key (an account's login id, or a source
 * address). Below {@code threshold} consecutive failures nothing happens; from then on every
 * attempt must wait {@code firstDelay} after the latest failure, doubling with every further
 * failure up to {@code maxDelay} (1 s, 2 s, 4 s … 15 min by default). An attempt within the
 * delay is not a guess: it is answered "wait" without looking at the password and is not
 * counted, so hammering a delayed key cannot make the delay longer. After the delay the right
 * password logs in. Failures are forgotten after {@code forgetAfter} without one, and (for
 * accounts) by a successful login.
 */
public record LoginThrottle(int threshold, Duration firstDelay, Duration maxDelay, Duration forgetAfter) {

    /** Failed attempts of one key so far. */
    public record Attempts(int failures, Instant lastFailure) {

        public static final Attempts NONE = new Attempts(0, null);
    }

    public LoginThrottle {
        if (threshold < 1) {
            throw new IllegalArgumentException("threshold must be at least 1");
        }
        if (firstDelay.isNegative() || firstDelay.isZero() || maxDelay.compareTo(firstDelay) < 0) {
            throw new IllegalArgumentException("the first delay must be positive and at most the longest delay");
        }
    }

    /** Until when an attempt on the key must wait, if it must wait at {@code now}. */
    public Optional<Instant> waitUntil(Attempts attempts, Instant now) {
        if (attempts.failures() < threshold || attempts.lastFailure() == null || forgotten(attempts, now)) {
            return Optional.empty();
        }
        Instant until = attempts.lastFailure().plus(delayAfter(attempts.failures()));
        return now.isBefore(until) ? Optional.of(until) : Optional.empty();
    }

    /** The attempts after one more failure at {@code now}. */
    public Attempts afterFailure(Attempts attempts, Instant now) {
        if (attempts.lastFailure() == null || forgotten(attempts, now)) {
            return new Attempts(1, now);
        }
        return new Attempts(attempts.failures() + 1, now);
    }

    /** The wait after the {@code failures}-th failure (zero below the threshold). */
    public Duration delayAfter(int failures) {
        if (failures < threshold) {
            return Duration.ZERO;
        }
        int doublings = Math.min(failures - threshold, 30);
        Duration delay = firstDelay.multipliedBy(1L << doublings);
        return delay.compareTo(maxDelay) > 0 ? maxDelay : delay;
    }

    private boolean forgotten(Attempts attempts, Instant now) {
        return !now.isBefore(attempts.lastFailure().plus(forgetAfter));
    }
}
