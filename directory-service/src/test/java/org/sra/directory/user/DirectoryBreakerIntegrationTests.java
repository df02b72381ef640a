package org.sra.directory.user;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.sra.directory.DirectoryIntegrationTest;
import org.sra.directory.Fixtures;
import org.sra.directory.SharedDirectories;
import org.sra.fixtures.ad.DemoDirectory;
import org.sra.kit.test.TestTokens;

/**
 * A tenant's dead directory trips that tenant's circuit breaker: its calls answer 503
 * {@code directory-unavailable} at once instead of waiting, other tenants' directories are asked
 * as usual, and after {@code sra.directory.breaker.open-for} (4 s in tests, see
 * {@link SharedDirectories}) one trial call closes it again without a restart.
 */
@DirectoryIntegrationTest
class DirectoryBreakerIntegrationTests {

    private static final Duration OPEN_FOR = Duration.ofSeconds(4);

    @Autowired
    TestRestTemplate http;
    @Autowired
    MeterRegistry meters;

    @Test
    void aStoppedDirectoryFailsFastForItsTenantOnlyAndRecoversByItself() throws Exception {
        Fixtures api = new Fixtures(http);
        // the service dials every domain controller on one port: a second "server" is another loopback address
        try (DemoDirectory dying = DemoDirectory.start(InetAddress.getByName("127.0.0.2"),
                SharedDirectories.demoDirectory().port())) {
            String dead = useActiveDirectory(api, "127.0.0.2");
            String live = useActiveDirectory(api, "127.0.0.1");
            assertThat(available(dead, "?query=yamada").getStatusCode()).isEqualTo(HttpStatus.OK);

            dying.server().shutDown(true);
            assertThat(tripBreaker(dead)).as("calls that found the directory down before the breaker opened")
                    .isBetween(1, 3);
            long start = System.nanoTime();
            ResponseEntity<Map> paused = available(dead, "");
            long pausedAt = System.nanoTime();
            assertThat(Duration.ofNanos(pausedAt - start)).isLessThan(Duration.ofSeconds(1));
            assertThat(paused.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
            assertThat(paused.getBody()).containsEntry("type", "urn:sra:problem:directory-unavailable")
                    .containsEntry("step", "CIRCUIT_OPEN");
            assertThat(((Number) paused.getBody().get("retryAfter")).longValue()).isBetween(1L, OPEN_FOR.toSeconds());
            assertThat(paused.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isNotBlank();
            assertThat((String) paused.getBody().get("detail")).contains("Active Directory が続けて応答しなかった");
            assertThat((String) available(dead, "", "en").getBody().get("detail"))
                    .startsWith("The users cannot be read from the directory (Active Directory did not answer several times");

            // another tenant's directory is asked as usual; the dead tenant's VPN user list still answers
            assertThat(available(live, "").getBody()).containsEntry("total", 8);
            assertThat(get(dead, "/api/vpn-users", null).getStatusCode()).isEqualTo(HttpStatus.OK);
            assertThat(state(dead, "open")).isEqualTo(1);
            assertThat(state(live, "closed")).isEqualTo(1);
            assertThat(meters.get("resilience4j.circuitbreaker.not.permitted.calls")
                    .tag("name", "directory:" + dead).counter().count()).isGreaterThanOrEqualTo(3);

            dying.server().startListening();
            if (System.nanoTime() - pausedAt < OPEN_FOR.minusSeconds(1).toNanos()) { // else the machine was too slow to tell
                assertThat(step(available(dead, ""))).as("not asked before the wait is over").isEqualTo("CIRCUIT_OPEN");
            }
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                    assertThat(available(dead, "").getBody()).containsEntry("total", 8));
            assertThat(Duration.ofNanos(System.nanoTime() - pausedAt)).isGreaterThanOrEqualTo(OPEN_FOR.minusSeconds(1));
            assertThat(state(dead, "closed")).isEqualTo(1);
        }
    }

    @Test
    void newSettingsAreVerifiedPastTheOpenBreakerAndStartWithAFreshOne() throws Exception {
        Fixtures api = new Fixtures(http);
        String tenant;
        try (DemoDirectory old = DemoDirectory.start(InetAddress.getByName("127.0.0.3"),
                SharedDirectories.demoDirectory().port())) {
            tenant = useActiveDirectory(api, "127.0.0.3");
        }
        assertThat(tripBreaker(tenant)).isEqualTo(3);

        // the save verifies the new directory itself, and its first listing is not refused by the old breaker
        useActiveDirectory(api, tenant, "127.0.0.1");
        assertThat(available(tenant, "").getBody()).containsEntry("total", 8);
        assertThat(state(tenant, "closed")).isEqualTo(1);
    }

    private String useActiveDirectory(Fixtures api, String primaryIp) {
        String tenant = api.provision().tenantId();
        useActiveDirectory(api, tenant, primaryIp);
        return tenant;
    }

    private static void useActiveDirectory(Fixtures api, String tenant, String primaryIp) {
        assertThat(api.call(HttpMethod.PUT, "/api/settings/active-directory", TestTokens.admin(tenant),
                Map.of("primaryHost", "dc01", "primaryIp", primaryIp, "domain", DemoDirectory.DOMAIN,
                        "adminPassword", DemoDirectory.ADMINISTRATOR_PASSWORD, "transport", "PLAIN")).getStatusCode()).isEqualTo(HttpStatus.OK);
    }

    /** Lists until the breaker refuses; returns how many calls found the directory down before. */
    private int tripBreaker(String tenant) {
        int failures = 0;
        ResponseEntity<Map> answer = available(tenant, "");
        while (step(answer).equals("UNREACHABLE") && failures < 5) {
            failures++;
            answer = available(tenant, "");
        }
        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(step(answer)).isEqualTo("CIRCUIT_OPEN");
        return failures;
    }

    private ResponseEntity<Map> available(String tenant, String query) {
        return available(tenant, query, null);
    }

    private ResponseEntity<Map> available(String tenant, String query, String language) {
        return get(tenant, "/api/vpn-users/available" + query, language);
    }

    private ResponseEntity<Map> get(String tenant, String path, String language) {
        HttpHeaders headers = new HttpHeaders();
        headers.setBearerAuth(TestTokens.admin(tenant));
        if (language != null) {
            headers.set(HttpHeaders.ACCEPT_LANGUAGE, language);
        }
        return http.exchange(path, HttpMethod.GET, new HttpEntity<>(headers), Map.class);
    }

    private static String step(ResponseEntity<Map> answer) {
        return String.valueOf(answer.getBody().get("step"));
    }

    private double state(String tenant, String state) {
        return meters.get("resilience4j.circuitbreaker.state").tag("name", "directory:" + tenant).tag("state", state)
                .gauge().value();
    }
}
