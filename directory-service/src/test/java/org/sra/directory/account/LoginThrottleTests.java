package org.sra.directory.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.sra.directory.account.LoginThrottle.Attempts;

/** R-ACC-3: back-off after failed logins. */
class LoginThrottleTests {

    private final LoginThrottle throttle = new LoginThrottle(5, Duration.ofMinutes(1), Duration.ofHours(1),
            Duration.ofHours(24));
    private final Instant t0 = Instant.parse("2026-11-21T09:00:00Z");

    @Test
    void fourFailuresLockNothing() {
        Attempts attempts = fail(Attempts.NONE, 4, t0);
        assertThat(throttle.isLocked(attempts, t0.plusSeconds(1))).isFalse();
    }

    @Test
    void theFifthFailureLocksForAMinute() {
        Attempts attempts = fail(Attempts.NONE, 5, t0);
        assertThat(throttle.lockedUntil(attempts, t0.plusSeconds(1))).contains(t0.plus(Duration.ofMinutes(1)));
        assertThat(throttle.isLocked(attempts, t0.plus(Duration.ofMinutes(1)))).isFalse();
    }

    @Test
    void everyFurtherFailureDoublesTheLockUpToTheMaximum() {
        Attempts sixth = fail(Attempts.NONE, 6, t0);
        assertThat(throttle.lockedUntil(sixth, t0)).contains(t0.plus(Duration.ofMinutes(2)));
        Attempts many = fail(Attempts.NONE, 40, t0);
        assertThat(throttle.lockedUntil(many, t0)).contains(t0.plus(Duration.ofHours(1)));
    }

    @Test
    void failuresAreForgottenAfterADayWithoutOne() {
        Attempts attempts = fail(Attempts.NONE, 4, t0);
        Attempts nextDay = throttle.afterFailure(attempts, t0.plus(Duration.ofHours(25)));
        assertThat(nextDay.failures()).isEqualTo(1);
    }

    private Attempts fail(Attempts from, int times, Instant at) {
        Attempts attempts = from;
        for (int i = 0; i < times; i++) {
            attempts = throttle.afterFailure(attempts, at);
        }
        return attempts;
    }
}
