package org.sra.directory.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.sra.directory.account.LoginThrottle.Attempts;

/** R-ACC-3: a growing delay after failed logins, never a long lock. */
class LoginThrottleTests {

    private final LoginThrottle throttle = new LoginThrottle(5, Duration.ofSeconds(1), Duration.ofMinutes(15),
            Duration.ofHours(24));
    private final Instant t0 = Instant.parse("2026-11-21T09:00:00Z");

    @Test
    void fourFailuresDelayNothing() {
        Attempts attempts = fail(Attempts.NONE, 4, t0);
        assertThat(throttle.waitUntil(attempts, t0)).isEmpty();
    }

    @Test
    void theFifthFailureMakesTheNextAttemptWaitOneSecond() {
        Attempts attempts = fail(Attempts.NONE, 5, t0);
        assertThat(throttle.waitUntil(attempts, t0)).contains(t0.plusSeconds(1));
        assertThat(throttle.waitUntil(attempts, t0.plusMillis(999))).contains(t0.plusSeconds(1));
        assertThat(throttle.waitUntil(attempts, t0.plusSeconds(1))).isEmpty();
    }

    @Test
    void everyFurtherFailureDoublesTheDelayUpToFifteenMinutes() {
        assertThat(throttle.delayAfter(4)).isZero();
        assertThat(throttle.delayAfter(5)).isEqualTo(Duration.ofSeconds(1));
        assertThat(throttle.delayAfter(6)).isEqualTo(Duration.ofSeconds(2));
        assertThat(throttle.delayAfter(7)).isEqualTo(Duration.ofSeconds(4));
        assertThat(throttle.delayAfter(14)).isEqualTo(Duration.ofSeconds(512));
        assertThat(throttle.delayAfter(15)).isEqualTo(Duration.ofMinutes(15));
        assertThat(throttle.delayAfter(10_000)).isEqualTo(Duration.ofMinutes(15));
        Attempts many = fail(Attempts.NONE, 40, t0);
        assertThat(throttle.waitUntil(many, t0)).contains(t0.plus(Duration.ofMinutes(15)));
        assertThat(throttle.waitUntil(many, t0.plus(Duration.ofMinutes(15)))).isEmpty();
    }

    @Test
    void failuresAreForgottenAfterADayWithoutOne() {
        Attempts attempts = fail(Attempts.NONE, 4, t0);
        Attempts nextDay = throttle.afterFailure(attempts, t0.plus(Duration.ofHours(25)));
        assertThat(nextDay.failures()).isEqualTo(1);
    }

    @Test
    void theDelaysMustMakeSense() {
        assertThatThrownBy(() -> new LoginThrottle(5, Duration.ZERO, Duration.ofMinutes(1), Duration.ofHours(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LoginThrottle(5, Duration.ofMinutes(2), Duration.ofMinutes(1), Duration.ofHours(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private Attempts fail(Attempts from, int times, Instant at) {
        Attempts attempts = from;
        for (int i = 0; i < times; i++) {
            attempts = throttle.afterFailure(attempts, at);
        }
        return attempts;
    }
}
