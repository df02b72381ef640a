package org.sra.directory.settings;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** The per-tenant limit on AD checks (Resilience4j's rate limiter, one per tenant). */
class AdCheckLimiterTests {

    @Test
    void aTenantBeyondItsLimitWaitsForTheNextWindowWhileOthersGoOn() {
        AdCheckLimiter limiter = new AdCheckLimiter(new AdCheckSettings(false, List.of(), 3, Duration.ofSeconds(2)));
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.attempt("tenant-a").allowed()).as("attempt " + (i + 1)).isTrue();
        }
        AdCheckLimiter.Verdict fourth = limiter.attempt("tenant-a");
        assertThat(fourth.allowed()).isFalse();
        assertThat(fourth.retryAfterSeconds()).isBetween(1L, 2L);
        assertThat(fourth.firstRefusal()).isTrue();
        AdCheckLimiter.Verdict fifth = limiter.attempt("tenant-a");
        assertThat(fifth.allowed()).isFalse();
        assertThat(fifth.firstRefusal()).isFalse(); // audited once per window

        assertThat(limiter.attempt("tenant-b").allowed()).isTrue();

        Awaitility.await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(200))
                .until(() -> limiter.attempt("tenant-a").allowed());
        // the new window (2 s long, its first permit just taken): its first refusal is audited again
        assertThat(limiter.attempt("tenant-a").allowed()).isTrue();
        assertThat(limiter.attempt("tenant-a").allowed()).isTrue();
        AdCheckLimiter.Verdict again = limiter.attempt("tenant-a");
        assertThat(again.allowed()).isFalse();
        assertThat(again.firstRefusal()).isTrue();
    }
}
