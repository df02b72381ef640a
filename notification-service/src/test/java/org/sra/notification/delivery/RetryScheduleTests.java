package org.sra.notification.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

/** R-NOT-2: a failing mail is retried with growing back-off, then kept as a dead letter. */
class RetryScheduleTests {

    private final RetrySchedule schedule = new RetrySchedule(5, Duration.ofSeconds(30), Duration.ofMinutes(2));
    private final Instant now = Instant.parse("2026-11-21T00:00:00Z");

    @Test
    void theWaitDoublesAfterEachFailedAttemptUpToTheMaximum() {
        assertThat(schedule.nextAttempt(1, now)).contains(now.plusSeconds(30));
        assertThat(schedule.nextAttempt(2, now)).contains(now.plusSeconds(60));
        assertThat(schedule.nextAttempt(3, now)).contains(now.plusSeconds(120));
        assertThat(schedule.nextAttempt(4, now)).contains(now.plusSeconds(120));
    }

    @Test
    void afterTheLastAttemptItIsGivenUp() {
        assertThat(schedule.nextAttempt(5, now)).isEmpty();
        assertThat(schedule.nextAttempt(6, now)).isEmpty();
    }
}
