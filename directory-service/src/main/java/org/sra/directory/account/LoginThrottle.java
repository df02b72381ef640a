package org.sra.directory.account;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Back-off after failed logins (R-ACC-3), for one key (an account's login id, or a source
 * address). Below {@code threshold} consecutive failures nothing happens; from then on the key
 * is locked for {@code firstLock}, doubling with every further failure up to {@code maxLock}.
 * Failures are forgotten after {@code forgetAfter} without one, and (for accounts) by a
 * successful login.
 */
public record LoginThrottle(int threshold, Duration firstLock, Duration maxLock, Duration forgetAfter) {

    /** Failed attempts of one key so far. */
    public record Attempts(int failures, Instant lastFailure) {

        public static final Attempts NONE = new Attempts(0, null);
    }

    public LoginThrottle {
        if (threshold < 1) {
            throw new IllegalArgumentException("threshold must be at least 1");
        }
    }

    /** Until when the key is locked, if it is locked at {@code now}. */
    public Optional<Instant> lockedUntil(Attempts attempts, Instant now) {
        if (attempts.failures() < threshold || attempts.lastFailure() == null) {
            return Optional.empty();
        }
        Instant until = attempts.lastFailure().plus(lockFor(attempts.failures()));
        return now.isBefore(until) ? Optional.of(until) : Optional.empty();
    }

    public boolean isLocked(Attempts attempts, Instant now) {
        return lockedUntil(attempts, now).isPresent();
    }

    /** The attempts after one more failure at {@code now}. */
    public Attempts afterFailure(Attempts attempts, Instant now) {
        if (attempts.lastFailure() == null || !now.isBefore(attempts.lastFailure().plus(forgetAfter))) {
            return new Attempts(1, now);
        }
        return new Attempts(attempts.failures() + 1, now);
    }

    private Duration lockFor(int failures) {
        int doublings = Math.min(failures - threshold, 30);
        Duration lock = firstLock.multipliedBy(1L << doublings);
        return lock.compareTo(maxLock) > 0 ? maxLock : lock;
    }
}
