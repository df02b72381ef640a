package org.sra.directory.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

/** R-ACC-3: sessions expire when idle and in any case after the absolute timeout. */
class SessionTimeoutsTests {

    private final SessionTimeouts timeouts = new SessionTimeouts(Duration.ofMinutes(30), Duration.ofHours(8));
    private final Instant login = Instant.parse("2026-11-21T09:00:00Z");

    @Test
    void aSessionInUseLivesUntilTheAbsoluteTimeout() {
        Instant lastSeen = login.plus(Duration.ofHours(7).plusMinutes(50));
        assertThat(timeouts.isAlive(login, lastSeen, lastSeen.plusSeconds(60))).isTrue();
        assertThat(timeouts.isAlive(login, lastSeen, login.plus(Duration.ofHours(8)))).isFalse();
    }

    @Test
    void aSessionIdleForThirtyMinutesHasEnded() {
        assertThat(timeouts.isAlive(login, login, login.plus(Duration.ofMinutes(29)))).isTrue();
        assertThat(timeouts.isAlive(login, login, login.plus(Duration.ofMinutes(30)))).isFalse();
    }

    @Test
    void noTokenOutlivesTheAbsoluteEnd() {
        assertThat(timeouts.absoluteEnd(login)).isEqualTo(login.plus(Duration.ofHours(8)));
    }
}
