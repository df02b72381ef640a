package org.sra.directory.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.TestRestTemplate;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.sra.directory.DirectoryIntegrationTest;
import org.sra.directory.Fixtures;
import org.sra.directory.Fixtures.NewTenant;
import org.sra.kit.test.TestTokens;

/**
 * The 管理者 screen's API and the operator's counterpart: last login and login delay in the list,
 * unlock, the last admin kept also under two demotions at once, the operator's reset and unlock of
 * a tenant's admin, and no way for another tenant's admin into any of it.
 */
@DirectoryIntegrationTest
class AdminsScreenIntegrationTests {

    @Autowired
    TestRestTemplate http;
    Fixtures api;

    @BeforeEach
    void setUp() {
        api = new Fixtures(http);
    }

    /** An admin of a new tenant, activated: its token, login id and account id. */
    record Admin(String token, String loginId, String accountId) {
    }

    private Admin firstAdmin(NewTenant tenant) {
        String token = api.activate(tenant.loginId(), tenant.initialPassword());
        return new Admin(token, tenant.loginId(), accountId(token));
    }

    private Admin addAdmin(Admin by, String role) {
        ResponseEntity<Map> created = api.call(HttpMethod.POST, "/api/admins", by.token(),
                Map.of("loginId", Fixtures.unique("admin"), "role", role));
        assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        Map<String, Object> account = (Map<String, Object>) created.getBody().get("account");
        String loginId = (String) account.get("loginId");
        return new Admin(api.activate(loginId, (String) created.getBody().get("initialPassword")), loginId,
                (String) account.get("accountId"));
    }

    private String accountId(String token) {
        return (String) ((Map<String, Object>) api.call(HttpMethod.GET, "/api/account/me", token, null).getBody()
                .get("account")).get("accountId");
    }

    /** Five wrong passwords, each from its own address (so only the account's count grows). */
    private void lockOut(String loginId) {
        for (int i = 0; i < 5; i++) {
            assertThat(api.login(loginId, "Wrong-Password-" + i, "198.51.100." + (10 + i)).getStatusCode())
                    .isEqualTo(HttpStatus.UNAUTHORIZED);
        }
        ResponseEntity<Map> waiting = api.login(loginId, Fixtures.STRONG, "198.51.100.99");
        assertThat(waiting.getStatusCode()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
        assertThat(waiting.getBody()).containsEntry("type", "urn:sra:problem:login-delayed");
    }

    private Map<String, Object> row(List<Map<String, Object>> rows, String accountId) {
        return rows.stream().filter(r -> accountId.equals(r.get("accountId"))).findFirst().orElseThrow();
    }

    private List<Map<String, Object>> list(String path, String token) {
        ResponseEntity<List> answer = api.exchange(HttpMethod.GET, path, token, null, List.class);
        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.OK);
        return answer.getBody();
    }

    @Test
    void aLockedOutAdminIsShownLockedAndAfterTheUnlockLogsInAtOnce() {
        Admin first = firstAdmin(api.provision());
        Admin second = addAdmin(first, "ADMIN");
        assertThat(row(list("/api/admins", first.token()), second.accountId()))
                .as("the activation was a login").containsEntry("locked", false).containsEntry("failedLogins", 0)
                .containsKey("lastLoginAt").extracting(r -> r.get("lastLoginAt")).isNotNull();

        lockOut(second.loginId());
        Map<String, Object> locked = row(list("/api/admins", first.token()), second.accountId());
        assertThat(locked).containsEntry("locked", true).containsEntry("failedLogins", 5);
        assertThat(locked.get("lockedUntil")).isNotNull();
        assertThat(locked).doesNotContainKeys("passwordHash");

        ResponseEntity<Map> unlocked = api.call(HttpMethod.POST, "/api/admins/" + second.accountId() + "/unlock",
                first.token(), null);
        assertThat(unlocked.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(unlocked.getBody()).containsEntry("locked", false).containsEntry("failedLogins", 0)
                .containsEntry("lockedUntil", null);

        ResponseEntity<Map> login = api.login(second.loginId(), Fixtures.STRONG, "198.51.100.99");
        assertThat(login.getStatusCode()).as("the password they have works at once").isEqualTo(HttpStatus.OK);
        assertThat(login.getBody()).containsEntry("passwordChangeRequired", false);

        // the unlock is in the tenant's audit trail
        await().atMost(Duration.ofSeconds(30)).until(() ->
                ((List<Map<String, Object>>) api.call(HttpMethod.GET, "/api/audit?action=ADMIN_ACCOUNT_UNLOCKED",
                        first.token(), null).getBody().get("items")).stream()
                        .anyMatch(e -> second.accountId().equals(e.get("targetId"))));
    }

    @Test
    void anAuditorSeesTheListButCannotUnlock() {
        Admin first = firstAdmin(api.provision());
        Admin auditor = addAdmin(first, "AUDITOR");
        assertThat(list("/api/admins", auditor.token())).hasSize(2);
        assertThat(api.call(HttpMethod.POST, "/api/admins/" + first.accountId() + "/unlock", auditor.token(), null)
                .getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    }

    @Test
    void twoAdminsDemotingEachOtherAtOnceLeaveOneAdmin() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 4; round++) {
                NewTenant tenant = api.provision();
                Admin a = firstAdmin(tenant);
                Admin b = addAdmin(a, "ADMIN");
                CountDownLatch start = new CountDownLatch(1);
                List<Future<ResponseEntity<Map>>> answers = new ArrayList<>();
                for (Admin[] pair : List.of(new Admin[] {a, b}, new Admin[] {b, a})) {
                    answers.add(pool.submit(() -> {
                        start.await();
                        return api.call(HttpMethod.PUT, "/api/admins/" + pair[1].accountId() + "/role",
                                pair[0].token(), Map.of("role", "AUDITOR"));
                    }));
                }
                start.countDown();
                List<HttpStatus> statuses = new ArrayList<>();
                for (Future<ResponseEntity<Map>> answer : answers) {
                    statuses.add((HttpStatus) answer.get().getStatusCode());
                }
                // the loser finds the winner's demotion: the last admin (409), or its own session
                // ended by it (401) when the demotion of its account came first
                assertThat(statuses).as("round %d", round).containsOnlyOnce(HttpStatus.OK);
                assertThat(statuses).allMatch(s -> s == HttpStatus.OK || s == HttpStatus.CONFLICT
                        || s == HttpStatus.UNAUTHORIZED);
                List<Map<String, Object>> rows = list("/api/operator/tenants/" + tenant.tenantId() + "/admins",
                        TestTokens.operator());
                assertThat(rows).filteredOn(r -> "ADMIN".equals(r.get("role"))).as("round %d", round).hasSize(1);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void theLastAdminIsNeitherRemovedNorDemotedWithAClearProblem() {
        Admin only = firstAdmin(api.provision());
        Admin auditor = addAdmin(only, "AUDITOR");
        ResponseEntity<Map> demoted = api.call(HttpMethod.PUT, "/api/admins/" + only.accountId() + "/role",
                only.token(), Map.of("role", "AUDITOR"));
        assertThat(demoted.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(demoted.getBody()).containsEntry("type", "urn:sra:problem:last-admin");
        assertThat((String) demoted.getBody().get("detail")).contains("最後の管理者");
        assertThat(api.call(HttpMethod.DELETE, "/api/admins/" + only.accountId(), only.token(), null).getBody())
                .containsEntry("type", "urn:sra:problem:last-admin");
        // an auditor is removed as before
        assertThat(api.call(HttpMethod.DELETE, "/api/admins/" + auditor.accountId(), only.token(), null)
                .getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
        assertThat(list("/api/admins", only.token())).singleElement().extracting(r -> r.get("role"))
                .isEqualTo("ADMIN");
    }

    @Test
    void theOperatorUnlocksAndResetsATenantsOnlyAdmin() {
        NewTenant tenant = api.provision();
        Admin only = firstAdmin(tenant);
        String operator = TestTokens.operator();
        String base = "/api/operator/tenants/" + tenant.tenantId() + "/admins";
        lockOut(only.loginId());

        assertThat(row(list(base, operator), only.accountId())).containsEntry("locked", true)
                .containsEntry("loginId", only.loginId()).containsEntry("role", "ADMIN");
        ResponseEntity<Map> unlocked = api.call(HttpMethod.POST, base + "/" + only.accountId() + "/unlock", operator,
                null);
        assertThat(unlocked.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(unlocked.getBody()).containsEntry("locked", false);
        assertThat(api.login(only.loginId(), Fixtures.STRONG, "198.51.100.99").getStatusCode())
                .isEqualTo(HttpStatus.OK);

        // forgotten password: the operator resets it and hands over the notice
        ResponseEntity<Map> reset = api.call(HttpMethod.POST, base + "/" + only.accountId() + "/password-reset",
                operator, null);
        assertThat(reset.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(reset.getBody()).containsEntry("loginId", only.loginId()).containsKey("loginUrl");
        String initial = (String) reset.getBody().get("initialPassword");
        assertThat(initial).hasSizeGreaterThanOrEqualTo(16);
        assertThat((Map<String, Object>) reset.getBody().get("account")).containsEntry("passwordChangeRequired", true);
        assertThat(api.status(HttpMethod.GET, "/api/admins", only.token()))
                .as("the reset ends the admin's sessions").isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(api.login(only.loginId(), Fixtures.STRONG).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(api.login(only.loginId(), initial).getBody()).containsEntry("passwordChangeRequired", true);
        assertThat(list(base, operator)).noneMatch(r -> r.toString().contains(initial));
    }

    @Test
    void anotherTenantsAdminCannotUseTheOperatorsWayAndTheOperatorStaysInTheTenantOfThePath() {
        NewTenant acme = api.provision();
        Admin acmeAdmin = firstAdmin(acme);
        NewTenant other = api.provision();
        Admin otherAdmin = firstAdmin(other);
        String acmeBase = "/api/operator/tenants/" + acme.tenantId() + "/admins";

        assertThat(api.status(HttpMethod.GET, acmeBase, otherAdmin.token())).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(api.status(HttpMethod.POST, acmeBase + "/" + acmeAdmin.accountId() + "/unlock",
                otherAdmin.token())).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(api.status(HttpMethod.POST, acmeBase + "/" + acmeAdmin.accountId() + "/password-reset",
                otherAdmin.token())).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(api.status(HttpMethod.GET, acmeBase, acmeAdmin.token()))
                .as("not even the tenant's own admin").isEqualTo(HttpStatus.FORBIDDEN);
        // the tenant's own API with another tenant's account id: not found
        assertThat(api.call(HttpMethod.POST, "/api/admins/" + acmeAdmin.accountId() + "/unlock", otherAdmin.token(),
                null).getBody()).containsEntry("type", "urn:sra:problem:admin-not-found");
        // the operator with the other tenant's path and this tenant's account: not found, nothing reset
        String otherBase = "/api/operator/tenants/" + other.tenantId() + "/admins";
        assertThat(api.status(HttpMethod.POST, otherBase + "/" + acmeAdmin.accountId() + "/password-reset",
                TestTokens.operator())).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(api.status(HttpMethod.GET, "/api/operator/tenants/no-such-tenant/admins", TestTokens.operator()))
                .isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(api.status(HttpMethod.GET, "/api/admins", acmeAdmin.token())).isEqualTo(HttpStatus.OK);
    }
}
