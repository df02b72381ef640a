package org.sra.directory.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.TestRestTemplate;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.sra.directory.DirectoryIntegrationTest;
import org.sra.directory.Fixtures;
import org.sra.directory.Fixtures.NewTenant;
import org.sra.kit.test.TestTokens;

/** R-ACC-1, R-ACC-2, R-ACC-3 (sessions), R-OPS-1 (registration notice, operator account). */
@DirectoryIntegrationTest
class AdminLoginIntegrationTests {

    @Autowired
    TestRestTemplate http;
    @Autowired
    MongoTemplate mongo;
    @Autowired
    JwtDecoder decoder;
    @Autowired
    LoginAttemptStore attempts;
    Fixtures api;

    @BeforeEach
    void setUp() {
        api = new Fixtures(http);
    }

    @Test
    void creatingATenantReturnsTheRegistrationNoticeOnceAndNeverAgain() {
        NewTenant tenant = api.provision();
        Map<String, Object> notice = (Map<String, Object>) tenant.created().get("registrationNotice");
        assertThat(notice).containsEntry("loginUrl", "https://sra.example.test/login")
                .containsEntry("loginId", "admin-" + tenant.tenantId().substring(0, 8));
        assertThat(tenant.initialPassword()).hasSize(16);

        String one = api.exchange(HttpMethod.GET, "/api/operator/tenants/" + tenant.tenantId(), TestTokens.operator(),
                null, String.class).getBody();
        String all = api.exchange(HttpMethod.GET, "/api/operator/tenants", TestTokens.operator(), null, String.class)
                .getBody();
        assertThat(one).doesNotContain(tenant.initialPassword()).doesNotContain("registrationNotice");
        assertThat(all).doesNotContain(tenant.initialPassword());
        Document stored = mongo.getCollection("accounts").find(new Document("loginId", tenant.loginId())).first();
        assertThat(stored.toJson()).doesNotContain(tenant.initialPassword());
    }

    @Test
    void theOperatorChoosesTheFirstAdminsLoginIdIfTheyWish() {
        String loginId = Fixtures.unique("first.admin") + "@acme";
        ResponseEntity<Map> created = api.call(HttpMethod.POST, "/api/operator/tenants", TestTokens.operator(),
                Map.of("name", Fixtures.unique("Chosen"), "vpnPool", Fixtures.freshPool(), "adminLoginId", loginId));
        assertThat((Map<String, Object>) created.getBody().get("registrationNotice")).containsEntry("loginId", loginId);

        int tenants = api.exchange(HttpMethod.GET, "/api/operator/tenants", TestTokens.operator(), null, List.class)
                .getBody().size();
        ResponseEntity<Map> taken = api.call(HttpMethod.POST, "/api/operator/tenants", TestTokens.operator(),
                Map.of("name", Fixtures.unique("Clash"), "vpnPool", Fixtures.freshPool(), "adminLoginId", loginId));
        assertThat(taken.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(taken.getBody()).containsEntry("type", "urn:sra:problem:login-id-taken")
                .containsEntry("field", "adminLoginId");
        assertThat(api.exchange(HttpMethod.GET, "/api/operator/tenants", TestTokens.operator(), null, List.class)
                .getBody()).hasSize(tenants);
    }

    @Test
    void theOperatorIssuesAnotherAdminWithItsOwnNotice() {
        NewTenant tenant = api.provision();
        String loginId = Fixtures.unique("helpdesk");
        ResponseEntity<Map> notice = api.call(HttpMethod.POST, "/api/operator/tenants/" + tenant.tenantId() + "/admins",
                TestTokens.operator(), Map.of("adminLoginId", loginId));
        assertThat(notice.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat(notice.getBody()).containsEntry("loginUrl", "https://sra.example.test/login")
                .containsEntry("loginId", loginId);
        ResponseEntity<Map> login = api.login(loginId, (String) notice.getBody().get("initialPassword"));
        assertThat(login.getBody()).containsEntry("passwordChangeRequired", true)
                .containsEntry("tenantId", tenant.tenantId());
        assertThat(api.call(HttpMethod.POST, "/api/operator/tenants/no-such-tenant/admins", TestTokens.operator(),
                Map.of()).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    }

    @Test
    void theInitialPasswordOnlyAllowsChangingItAndIsStoredAsABcryptHash() {
        NewTenant tenant = api.provision();
        ResponseEntity<Map> login = api.login(tenant.loginId(), tenant.initialPassword());
        assertThat(login.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(login.getBody()).containsEntry("passwordChangeRequired", true).containsEntry("tokenType", "Bearer");
        String restricted = (String) login.getBody().get("accessToken");

        Jwt jwt = decoder.decode(restricted);
        assertThat(jwt.getClaimAsStringList("roles")).isEmpty();
        assertThat(jwt.getClaimAsBoolean("pwd_change_required")).isTrue();
        assertThat(jwt.getClaimAsString("sid")).isNotBlank();
        assertThat(jwt.getClaimAsString("tenant")).isEqualTo(tenant.tenantId());
        assertThat(jwt.getExpiresAt()).isEqualTo(Instant.parse((String) login.getBody().get("expiresAt")))
                .isBeforeOrEqualTo(Instant.parse((String) login.getBody().get("sessionExpiresAt")));

        // every other call is refused, here and (same kit rules, no role) in every other service
        assertThat(api.status(HttpMethod.GET, "/api/admins", restricted))
                .isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(api.call(HttpMethod.GET, "/api/audit", restricted, null).getStatusCode())
                .isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(api.call(HttpMethod.GET, "/api/account/me", restricted, null).getStatusCode())
                .isEqualTo(HttpStatus.OK);

        ResponseEntity<Map> changed = api.call(HttpMethod.POST, "/api/account/password", restricted,
                Map.of("currentPassword", tenant.initialPassword(), "newPassword", Fixtures.STRONG));
        assertThat(changed.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(changed.getBody()).containsEntry("passwordChangeRequired", false);
        String full = (String) changed.getBody().get("accessToken");
        Jwt fullJwt = decoder.decode(full);
        assertThat(fullJwt.getClaimAsStringList("roles")).containsExactly("ADMIN");
        assertThat(fullJwt.hasClaim("pwd_change_required")).isFalse();
        assertThat(fullJwt.getClaimAsString("sid")).isNotBlank().isNotEqualTo(jwt.getClaimAsString("sid"));
        assertThat(api.status(HttpMethod.GET, "/api/admins", full)).isEqualTo(HttpStatus.OK);

        Document stored = mongo.getCollection("accounts").find(new Document("loginId", tenant.loginId())).first();
        assertThat(stored.getString("passwordHash")).startsWith("$2a$10$").doesNotContain(Fixtures.STRONG);
        assertThat(api.login(tenant.loginId(), tenant.initialPassword()).getStatusCode())
                .isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(api.login(tenant.loginId(), Fixtures.STRONG).getBody()).containsEntry("passwordChangeRequired", false);
    }

    @Test
    void aWeakNewPasswordOrAWrongCurrentOneIsRefusedNamingTheFieldAndChangesNothing() {
        NewTenant tenant = api.provision();
        String restricted = (String) api.login(tenant.loginId(), tenant.initialPassword()).getBody().get("accessToken");

        ResponseEntity<Map> weak = api.call(HttpMethod.POST, "/api/account/password", restricted,
                Map.of("currentPassword", tenant.initialPassword(), "newPassword", "password"));
        assertThat(weak.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(weak.getBody()).containsEntry("type", "urn:sra:problem:password-too-weak")
                .containsEntry("field", "newPassword");
        assertThat((List<String>) weak.getBody().get("violations")).contains("TOO_SHORT", "TOO_FEW_KINDS");
        assertThat((String) weak.getBody().get("detail")).contains("12");

        ResponseEntity<Map> wrong = api.call(HttpMethod.POST, "/api/account/password", restricted,
                Map.of("currentPassword", "Not-The-Password-1", "newPassword", Fixtures.STRONG));
        assertThat(wrong.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(wrong.getBody()).containsEntry("type", "urn:sra:problem:current-password-wrong")
                .containsEntry("field", "currentPassword");

        assertThat(api.login(tenant.loginId(), tenant.initialPassword()).getBody())
                .containsEntry("passwordChangeRequired", true);
    }

    @Test
    void logoutEndsTheSessionOnTheServer() {
        NewTenant tenant = api.provision();
        String token = api.activate(tenant.loginId(), tenant.initialPassword());
        assertThat(api.call(HttpMethod.POST, "/api/account/logout", token, null).getStatusCode())
                .isEqualTo(HttpStatus.NO_CONTENT);

        ResponseEntity<Map> after = api.call(HttpMethod.GET, "/api/admins", token, null);
        assertThat(after.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        // the session check answers at once; once the logout's AdminTokensRevoked is consumed
        // here too, the kit's token check refuses the token before it (as every other service does)
        assertThat(after.getBody().get("type")).isIn("urn:sra:problem:session-ended",
                "urn:sra:problem:unauthenticated");
        assertThat(api.call(HttpMethod.POST, "/api/account/refresh", token, null).getStatusCode())
                .isEqualTo(HttpStatus.UNAUTHORIZED);
    }

    @Test
    void aPasswordChangeEndsTheAccountsOtherSessions() {
        NewTenant tenant = api.provision();
        api.activate(tenant.loginId(), tenant.initialPassword());
        String laptop = (String) api.login(tenant.loginId(), Fixtures.STRONG).getBody().get("accessToken");
        String desktop = (String) api.login(tenant.loginId(), Fixtures.STRONG).getBody().get("accessToken");

        ResponseEntity<Map> changed = api.call(HttpMethod.POST, "/api/account/password", desktop,
                Map.of("currentPassword", Fixtures.STRONG, "newPassword", "Another-Strong-Pass-9"));
        String fresh = (String) changed.getBody().get("accessToken");

        assertThat(api.status(HttpMethod.GET, "/api/admins", laptop))
                .isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(api.status(HttpMethod.GET, "/api/admins", desktop))
                .isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(api.status(HttpMethod.GET, "/api/admins", fresh)).isEqualTo(HttpStatus.OK);
    }

    @Test
    void refreshGivesANewShortLivedTokenOfTheSameSession() {
        NewTenant tenant = api.provision();
        String token = api.activate(tenant.loginId(), tenant.initialPassword());
        ResponseEntity<Map> refreshed = api.call(HttpMethod.POST, "/api/account/refresh", token, null);
        assertThat(refreshed.getStatusCode()).isEqualTo(HttpStatus.OK);
        Jwt before = decoder.decode(token);
        Jwt after = decoder.decode((String) refreshed.getBody().get("accessToken"));
        assertThat(after.getClaimAsString("sid")).isEqualTo(before.getClaimAsString("sid"));
        assertThat(after.getExpiresAt()).isBeforeOrEqualTo(Instant.now().plusSeconds(15 * 60 + 5));
    }

    @Test
    void anIdleSessionAndOneOlderThanTheAbsoluteTimeoutHaveEnded() {
        NewTenant tenant = api.provision();
        String idle = api.activate(tenant.loginId(), tenant.initialPassword());
        String old = (String) api.login(tenant.loginId(), Fixtures.STRONG).getBody().get("accessToken");

        age(idle, "lastSeenAt", Instant.now().minusSeconds(31 * 60));
        age(old, "createdAt", Instant.now().minusSeconds(8 * 3600 + 60));

        assertThat(api.call(HttpMethod.GET, "/api/admins", idle, null).getBody())
                .containsEntry("type", "urn:sra:problem:session-ended");
        assertThat(api.call(HttpMethod.GET, "/api/admins", old, null).getBody())
                .containsEntry("type", "urn:sra:problem:session-ended");
    }

    @Test
    void theOperatorAccountComesFromConfigurationAndMustChangeItsPasswordFirst() {
        ResponseEntity<Map> login = api.login(Fixtures.OPERATOR_LOGIN, Fixtures.OPERATOR_INITIAL_PASSWORD);
        assertThat(login.getBody()).containsEntry("passwordChangeRequired", true);
        String restricted = (String) login.getBody().get("accessToken");
        assertThat(api.call(HttpMethod.GET, "/api/operator/tenants", restricted, null).getStatusCode())
                .isEqualTo(HttpStatus.FORBIDDEN);

        String operator = api.activate(Fixtures.OPERATOR_LOGIN, Fixtures.OPERATOR_INITIAL_PASSWORD);
        assertThat(decoder.decode(operator).getClaimAsStringList("roles")).containsExactly("OPERATOR");
        ResponseEntity<Map> created = api.call(HttpMethod.POST, "/api/operator/tenants", operator,
                Map.of("name", Fixtures.unique("ByOperator"), "vpnPool", Fixtures.freshPool()));
        assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    }

    @Test
    void loginWithoutCredentialsIsABadRequestInTheCallersLanguage() {
        var headers = new HttpHeaders();
        headers.set("Accept-Language", "en");
        ResponseEntity<Map> answer = http.exchange("/api/account/login", HttpMethod.POST,
                new HttpEntity<>(Map.of("loginId", "yamada"), headers), Map.class);
        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(answer.getBody()).containsEntry("type", "urn:sra:problem:invalid-request");
        assertThat((List<Map<String, String>>) answer.getBody().get("errors"))
                .extracting(error -> error.get("field")).containsExactly("password");
    }

    private void age(String token, String field, Instant when) {
        String sid = decoder.decode(token).getClaimAsString("sid");
        mongo.updateFirst(Query.query(Criteria.where("_id").is(sid)), Update.update(field, when), AdminSession.class);
    }

    @Test
    void failedLoginsAtTheSameMomentAllCountAndAQuietPeriodStartsTheCountAgain() throws Exception {
        String key = "account:parallel-" + UUID.randomUUID();
        Instant now = Instant.now();
        Duration forgetAfter = Duration.ofMinutes(15);
        ExecutorService guessers = Executors.newFixedThreadPool(16);
        List<Future<LoginThrottle.Attempts>> counted = new ArrayList<>();
        CountDownLatch start = new CountDownLatch(1);
        for (int i = 0; i < 16; i++) {
            counted.add(guessers.submit(() -> {
                start.await();
                return attempts.failed(key, now, forgetAfter);
            }));
        }
        start.countDown();
        List<Integer> seen = new ArrayList<>();
        for (var one : counted) {
            seen.add(one.get(20, TimeUnit.SECONDS).failures());
        }
        guessers.shutdown();

        assertThat(attempts.get(key).failures()).isEqualTo(16);
        assertThat(seen).containsExactlyInAnyOrderElementsOf(IntStream.rangeClosed(1, 16).boxed().toList());
        // after a quiet period the count starts again
        assertThat(attempts.failed(key, now.plus(forgetAfter).plusSeconds(1), forgetAfter).failures()).isEqualTo(1);
    }
}
