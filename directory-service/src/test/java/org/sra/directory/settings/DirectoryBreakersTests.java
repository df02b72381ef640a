package org.sra.directory.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.sra.directory.connector.ad.AdException;
import org.sra.directory.connector.ad.AdFailure;
import org.sra.directory.connector.entra.EntraException;
import org.sra.directory.connector.entra.EntraFailure;
import org.sra.kit.error.DomainException;

/** Which outcomes open a tenant's directory breaker, and that it is the tenant's alone. */
class DirectoryBreakersTests {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final DirectoryBreakers breakers = new DirectoryBreakers(
            new DirectoryBreakerSettings(10, 3, 50, Duration.ofMinutes(1)), meters);

    @Test
    void threeUnreachableEntraCallsOpenTheTenantsBreakerAndNoOtherTenants() {
        fail("t1", 3, new EntraException(EntraFailure.UNREACHABLE, "no answer", null));
        assertThatThrownBy(() -> breakers.call("t1", "Entra ID", () -> List.of("never asked")))
                .isInstanceOfSatisfying(DomainException.class, problem -> {
                    assertThat(problem.slug()).isEqualTo("directory-unavailable");
                    assertThat(problem.properties()).containsEntry("step", "CIRCUIT_OPEN")
                            .containsEntry("retryAfter", 60L);
                });
        assertThat(breakers.call("t2", "Entra ID", () -> List.of("asked"))).containsExactly("asked");
        assertThat(meters.get("resilience4j.circuitbreaker.state").tag("name", "directory:t1").tag("state", "open")
                .gauge().value()).isEqualTo(1);
    }

    @Test
    void anAnswerIsNoFailureEvenARefusal() {
        fail("t1", 5, new AdException(AdFailure.BAD_CREDENTIALS, "admin password changed in AD", null));
        fail("t1", 5, new EntraException(EntraFailure.THROTTLED, "429", 5, null));
        assertThat(breakers.call("t1", "Active Directory", () -> "asked")).isEqualTo("asked");
    }

    @Test
    void newSettingsStartWithAClosedBreaker() {
        fail("t1", 3, new AdException(AdFailure.UNREACHABLE, "connection refused", null));
        assertThatThrownBy(() -> breakers.call("t1", "Active Directory", () -> "x")).isInstanceOf(DomainException.class);

        breakers.forget("t1");
        assertThat(breakers.call("t1", "Active Directory", () -> "asked")).isEqualTo("asked");
    }

    /** {@code times} calls of the tenant that each end in {@code failure}, passed on unchanged. */
    private void fail(String tenant, int times, Exception failure) {
        for (int i = 0; i < times; i++) {
            assertThatThrownBy(() -> breakers.call(tenant, "a directory", () -> {
                throw failure;
            })).isSameAs(failure);
        }
    }
}
