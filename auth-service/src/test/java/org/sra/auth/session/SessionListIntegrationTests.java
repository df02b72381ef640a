package org.sra.auth.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.TestRestTemplate;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureTestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.sra.auth.decisionlog.DecisionRecord;
import org.sra.kit.test.SraIntegrationTest;
import org.sra.kit.test.TestTokens;

/**
 * The sessions list as the console pages through it: the user filter (part of the name, any case)
 * is applied by the server over all the tenant's sessions, not over one page, and the count gives
 * the total for the same filter.
 */
@SraIntegrationTest
@AutoConfigureTestRestTemplate
class SessionListIntegrationTests {

    @Autowired
    Sessions sessions;
    @Autowired
    TestRestTemplate http;
    @Autowired
    MongoTemplate mongo;

    @Test
    void theUserFilterAndTheTotalCoverEverySessionOfTheTenantAndOnlyIt() {
        String tenant = "list-" + UUID.randomUUID().toString().substring(0, 8);
        String other = "list-" + UUID.randomUUID().toString().substring(0, 8);
        for (int n = 0; n < 60; n++) {
            sessions.started(SessionsIntegrationTests.nas(tenant), "127.0.0.9", "acct-" + n, "user" + n, null);
        }
        sessions.started(SessionsIntegrationTests.nas(tenant), "127.0.0.9", "acct-taro", "Taro.Yamada", null);
        sessions.started(SessionsIntegrationTests.nas(other), "127.0.0.8", "acct-x", "user1", null);
        sessions.stopped(SessionsIntegrationTests.nas(tenant), "acct-1");

        // the oldest sessions are past the first page of 50: the filter still finds them
        assertThat(names(list(tenant, "?user=USER1&size=50"))).containsExactlyInAnyOrder("user10", "user11", "user12",
                "user13", "user14", "user15", "user16", "user17", "user18", "user19");
        assertThat(count(tenant, "?user=USER1")).isEqualTo(10);
        assertThat(names(list(tenant, "?user=user1&live=false&size=50"))).hasSize(11).contains("user1");
        assertThat(count(tenant, "?user=user1&live=false")).isEqualTo(11);
        assertThat(names(list(tenant, "?user=taro.y"))).containsExactly("Taro.Yamada");
        assertThat(names(list(tenant, "?user=.*"))).as("the text is matched as it is, not as a pattern").isEmpty();
        assertThat(count(tenant, "")).isEqualTo(60);
        assertThat(names(list(tenant, "?page=1&size=50"))).hasSize(10);
        assertThat(count(other, "?user=user")).isEqualTo(1);
    }

    /** 概要 of the operator console: a tenant's live sessions and last day's rejections; operators only. */
    @Test
    @SuppressWarnings("unchecked")
    void theOperatorReadsATenantsConnectionFiguresAndAnAdminCannot() {
        String tenant = "ops-" + UUID.randomUUID().toString().substring(0, 8);
        String other = "ops-" + UUID.randomUUID().toString().substring(0, 8);
        for (int n = 0; n < 3; n++) {
            sessions.started(SessionsIntegrationTests.nas(tenant), "127.0.0.9", "acct-" + n, "user" + n, null);
        }
        sessions.stopped(SessionsIntegrationTests.nas(tenant), "acct-0");
        sessions.started(SessionsIntegrationTests.nas(other), "127.0.0.8", "acct-x", "user1", null);
        Instant now = Instant.now();
        mongo.insert(DecisionRecord.of(tenant, now.minusSeconds(60), "user1", "u-1", null, "nas-1", "radius", false,
                "BAD_PASSWORD", 3, null));
        mongo.insert(DecisionRecord.of(tenant, now.minusSeconds(120), "user2", "u-2", null, "nas-1", "radius", false,
                "BAD_PASSWORD", 3, null));
        mongo.insert(DecisionRecord.of(tenant, now.minusSeconds(180), "user2", "u-2", null, "nas-1", "radius", false,
                "NO_DEVICE", 3, null));
        mongo.insert(DecisionRecord.of(tenant, now.minus(Duration.ofHours(25)), "user1", "u-1", null, "nas-1",
                "radius", false, "BAD_PASSWORD", 3, null)); // older than a day: not counted
        mongo.insert(DecisionRecord.of(tenant, now.minusSeconds(30), "user1", "u-1", "d-1", "nas-1", "radius", true,
                null, 3, "10.0.0.2"));
        mongo.insert(DecisionRecord.of(other, now.minusSeconds(30), "user1", "u-1", null, "nas-1", "radius", false,
                "BAD_PASSWORD", 3, null));

        String path = "/api/operator/tenants/" + tenant + "/overview/sessions";
        HttpHeaders operator = new HttpHeaders();
        operator.setBearerAuth(TestTokens.operator());
        ResponseEntity<Map> overview = http.exchange(path, HttpMethod.GET, new HttpEntity<>(operator), Map.class);
        assertThat(overview.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(overview.getBody()).containsEntry("tenantId", tenant).containsEntry("sessionsLive", 2);
        Map<String, Object> rejects = (Map<String, Object>) overview.getBody().get("rejects");
        assertThat(rejects).containsEntry("total", 3);
        assertThat((Map<String, Object>) rejects.get("byReason")).containsEntry("BAD_PASSWORD", 2)
                .containsEntry("NO_DEVICE", 1).hasSize(2);
        for (String token : List.of(TestTokens.admin(other), TestTokens.admin(tenant), TestTokens.auditor(tenant))) {
            HttpHeaders admin = new HttpHeaders();
            admin.setBearerAuth(token);
            assertThat(http.exchange(path, HttpMethod.GET, new HttpEntity<>(admin), Map.class).getStatusCode())
                    .isEqualTo(HttpStatus.FORBIDDEN);
        }
    }

    @SuppressWarnings("unchecked")
    private static List<String> names(ResponseEntity<List> answer) {
        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.OK);
        return ((List<Map<String, Object>>) answer.getBody()).stream().map(s -> (String) s.get("userName")).toList();
    }

    private ResponseEntity<List> list(String tenant, String query) {
        return http.exchange("/api/auth/sessions" + query, HttpMethod.GET, new HttpEntity<>(headers(tenant)), List.class);
    }

    private long count(String tenant, String query) {
        ResponseEntity<Map> answer = http.exchange("/api/auth/sessions/count" + query, HttpMethod.GET,
                new HttpEntity<>(headers(tenant)), Map.class);
        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.OK);
        return ((Number) answer.getBody().get("total")).longValue();
    }

    private static HttpHeaders headers(String tenant) {
        HttpHeaders headers = new HttpHeaders();
        headers.setBearerAuth(TestTokens.auditor(tenant));
        return headers;
    }
}
