package org.sra.directory;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.TestRestTemplate;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.sra.directory.Fixtures.NewTenant;
import org.sra.kit.test.TestTokens;

/**
 * Tenant isolation (SPEC §1): an admin of tenant A, using B's ids on every
 * endpoint, gets 404 on the tenant endpoints (403 on the operator's), and never sees B's data.
 */
@DirectoryIntegrationTest
class CrossTenantIntegrationTests {

    @Autowired
    TestRestTemplate http;
    Fixtures api;

    @BeforeEach
    void setUp() {
        api = new Fixtures(http);
    }

    @Test
    void anAdminOfTenantAUsingTenantBsIdsGetsNotFoundAndNeverBsData() {
        NewTenant a = api.provision();
        NewTenant b = api.provision();
        String adminA = api.activate(a.loginId(), a.initialPassword());
        String adminB = api.activate(b.loginId(), b.initialPassword());
        String bAccountId = (String) ((Map<String, Object>) api.call(HttpMethod.GET, "/api/account/me", adminB, null)
                .getBody().get("account")).get("accountId");
        String bNasId = (String) api.call(HttpMethod.POST, "/api/operator/tenants/" + b.tenantId() + "/nas-clients",
                TestTokens.operator(), Map.of("name", "B headend", "address", "198.18.77.1",
                        "sharedSecret", "tenant-B-Secret-1234567")).getBody().get("nasClientId");
        Awaitility.await().atMost(Duration.ofSeconds(45)).until(() -> ((Number) api.call(HttpMethod.GET,
                "/api/audit", adminB, null).getBody().get("total")).intValue() >= 4);

        // tenant endpoints: B's ids are simply not there for A
        for (var call : List.of(
                new Object[] {HttpMethod.GET, "/api/admins/" + bAccountId, null},
                new Object[] {HttpMethod.PUT, "/api/admins/" + bAccountId + "/role", Map.of("role", "AUDITOR")},
                new Object[] {HttpMethod.POST, "/api/admins/" + bAccountId + "/password-reset", null},
                new Object[] {HttpMethod.DELETE, "/api/admins/" + bAccountId, null})) {
            ResponseEntity<String> answer = api.exchange((HttpMethod) call[0], (String) call[1], adminA, call[2],
                    String.class);
            assertThat(answer.getStatusCode()).as(call[0] + " " + call[1]).isEqualTo(HttpStatus.NOT_FOUND);
            assertThat(answer.getBody()).doesNotContain(b.loginId()).doesNotContain(b.tenantId());
        }

        // operator endpoints with B's ids: refused outright
        String bTenant = "/api/operator/tenants/" + b.tenantId();
        for (var call : List.of(
                new Object[] {HttpMethod.GET, bTenant, null},
                new Object[] {HttpMethod.PUT, bTenant + "/contract", Map.of("devicesPerUser", 9)},
                new Object[] {HttpMethod.POST, bTenant + "/suspend", null},
                new Object[] {HttpMethod.POST, bTenant + "/resume", null},
                new Object[] {HttpMethod.GET, bTenant + "/nas-clients", null},
                new Object[] {HttpMethod.POST, bTenant + "/nas-clients", Map.of("name", "x", "address", "198.18.78.1",
                        "sharedSecret", "another-Secret-12345")},
                new Object[] {HttpMethod.DELETE, bTenant + "/nas-clients/" + bNasId, null})) {
            ResponseEntity<String> answer = api.exchange((HttpMethod) call[0], (String) call[1], adminA, call[2],
                    String.class);
            assertThat(answer.getStatusCode()).as(call[0] + " " + call[1]).isEqualTo(HttpStatus.FORBIDDEN);
            assertThat(answer.getBody()).doesNotContain(b.loginId()).doesNotContain("B headend");
        }

        // lists and the trail show only A's own
        String admins = api.exchange(HttpMethod.GET, "/api/admins", adminA, null, String.class).getBody();
        assertThat(admins).contains(a.loginId()).doesNotContain(b.loginId()).doesNotContain(bAccountId);
        String trail = api.exchange(HttpMethod.GET, "/api/audit?size=200", adminA, null, String.class).getBody();
        assertThat(trail).contains(a.tenantId()).doesNotContain(b.tenantId()).doesNotContain(b.loginId())
                .doesNotContain("B headend");
        String csv = api.exchange(HttpMethod.GET, "/api/audit/export.csv", adminA, null, String.class).getBody();
        assertThat(csv).contains(a.tenantId()).doesNotContain(b.tenantId()).doesNotContain("B headend");

        // and B is untouched
        assertThat(api.call(HttpMethod.GET, "/api/admins/" + bAccountId, adminB, null).getBody())
                .containsEntry("role", "ADMIN");
        assertThat(api.call(HttpMethod.GET, bTenant, TestTokens.operator(), null).getBody())
                .containsEntry("status", "ACTIVE").containsEntry("devicesPerUser", 2);
    }
}
