package org.sra.directory;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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
 * A tenant admin cannot learn whether a login id exists in another tenant: the accounts an
 * admin adds live in the tenant's own login scope, so adding one answers the same whether the
 * name is used elsewhere or nowhere; login answers the same for another tenant's login id and an
 * unknown one, after the same bcrypt work.
 */
@DirectoryIntegrationTest
class CrossTenantLoginIdsIntegrationTests {

    @Autowired
    TestRestTemplate http;
    Fixtures api;

    @BeforeEach
    void setUp() {
        api = new Fixtures(http);
    }

    @Test
    void addingAnAccountAnswersTheSameWhetherTheNameIsUsedInAnotherTenantOrNowhere() {
        NewTenant a = api.provision();
        NewTenant b = api.provision();
        String adminA = api.activate(a.loginId(), a.initialPassword());
        String adminB = api.activate(b.loginId(), b.initialPassword());
        String scopeA = a.tenantId().substring(0, 8);
        String scopeB = b.tenantId().substring(0, 8);

        String usedInA = Fixtures.unique("suzuki");
        ResponseEntity<Map> inA = add(adminA, usedInA);
        assertThat(inA.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat(loginIdOf(inA)).isEqualTo(usedInA + "@" + scopeA);

        // B's admin tries every way of naming A's accounts, and a name nobody has
        List<String> candidates = List.of(usedInA, usedInA + "@" + scopeA, a.loginId(), Fixtures.unique("nobody"));
        List<ResponseEntity<Map>> answers = new ArrayList<>();
        for (String candidate : candidates) {
            ResponseEntity<Map> answer = add(adminB, candidate);
            assertThat(answer.getStatusCode()).as(candidate).isEqualTo(HttpStatus.CREATED);
            assertThat(loginIdOf(answer)).isEqualTo(candidate + "@" + scopeB);
            answers.add(answer);
        }
        Map<String, Object> nowhere = shape(answers.get(3));
        for (ResponseEntity<Map> answer : answers) {
            assertThat(shape(answer)).isEqualTo(nowhere);
        }
        // and each tenant's account logs in with its own scoped id
        String initialB = (String) answers.get(0).getBody().get("initialPassword");
        assertThat(api.login(usedInA + "@" + scopeB, initialB).getBody()).containsEntry("tenantId", b.tenantId());
        assertThat(api.login(usedInA + "@" + scopeA, initialB).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    }

    @Test
    void theOperatorCannotPutALoginIdIntoAnotherTenantsScope() {
        NewTenant a = api.provision();
        NewTenant b = api.provision();
        String scopeA = a.tenantId().substring(0, 8);
        String scopeB = b.tenantId().substring(0, 8);

        ResponseEntity<Map> foreign = api.call(HttpMethod.POST, "/api/operator/tenants/" + a.tenantId() + "/admins",
                TestTokens.operator(), Map.of("adminLoginId", Fixtures.unique("help") + "@" + scopeB));
        assertThat(foreign.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(foreign.getBody()).containsEntry("type", "urn:sra:problem:login-id-other-scope")
                .containsEntry("field", "adminLoginId");
        assertThat((String) foreign.getBody().get("detail")).contains("@" + scopeA);

        String own = Fixtures.unique("help") + "@" + scopeA;
        ResponseEntity<Map> inOwnScope = api.call(HttpMethod.POST, "/api/operator/tenants/" + a.tenantId() + "/admins",
                TestTokens.operator(), Map.of("adminLoginId", own));
        assertThat(inOwnScope.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat(inOwnScope.getBody()).containsEntry("loginId", own);

        ResponseEntity<Map> newTenant = api.call(HttpMethod.POST, "/api/operator/tenants", TestTokens.operator(),
                Map.of("name", Fixtures.unique("Scoped"), "vpnPool", Fixtures.freshPool(),
                        "adminLoginId", Fixtures.unique("first") + "@" + scopeB));
        assertThat(newTenant.getBody()).containsEntry("type", "urn:sra:problem:login-id-other-scope");
    }

    @Test
    void loginAnswersTheSameForAnotherTenantsLoginIdAndAnUnknownOneAfterTheSameWork() {
        NewTenant a = api.provision();
        api.activate(a.loginId(), a.initialPassword());
        String unknown = Fixtures.unique("nobody") + "@" + a.tenantId().substring(0, 8);
        List<Long> knownNanos = new ArrayList<>();
        List<Long> unknownNanos = new ArrayList<>();
        ResponseEntity<Map> known = null;
        ResponseEntity<Map> nobody = null;
        for (int i = 0; i < 4; i++) {
            long start = System.nanoTime();
            known = api.login(a.loginId(), "Wrong-Password-" + i, "198.51.100.61");
            knownNanos.add(System.nanoTime() - start);
            start = System.nanoTime();
            nobody = api.login(unknown, "Wrong-Password-" + i, "198.51.100.62");
            unknownNanos.add(System.nanoTime() - start);
        }
        assertThat(nobody.getStatusCode()).isEqualTo(known.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(withoutRequestId(nobody.getBody())).isEqualTo(withoutRequestId(known.getBody()));
        // an unknown login id spends a bcrypt check too: not answered markedly faster
        assertThat(median(unknownNanos)).isGreaterThan(median(knownNanos) / 4);
    }

    private ResponseEntity<Map> add(String token, String loginId) {
        return api.call(HttpMethod.POST, "/api/admins", token, Map.of("loginId", loginId, "role", "AUDITOR"));
    }

    @SuppressWarnings("unchecked")
    private static String loginIdOf(ResponseEntity<Map> answer) {
        return (String) ((Map<String, Object>) answer.getBody().get("account")).get("loginId");
    }

    /** What an answer says apart from the new account's own id, login id, time and password. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> shape(ResponseEntity<Map> answer) {
        Map<String, Object> account = new HashMap<>((Map<String, Object>) answer.getBody().get("account"));
        account.replaceAll((key, value) -> switch (key) {
            case "accountId", "loginId", "createdAt" -> "…";
            default -> value;
        });
        return Map.of("status", answer.getStatusCode(), "keys", answer.getBody().keySet(), "account", account,
                "passwordLength", ((String) answer.getBody().get("initialPassword")).length());
    }

    private static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        sorted.sort(null);
        return sorted.get(sorted.size() / 2);
    }

    private static Map<String, Object> withoutRequestId(Map<String, Object> body) {
        Map<String, Object> copy = new HashMap<>(body);
        copy.remove("requestId");
        return copy;
    }
}
