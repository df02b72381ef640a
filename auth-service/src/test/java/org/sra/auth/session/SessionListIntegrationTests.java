package org.sra.auth.session;

import static org.assertj.core.api.Assertions.assertThat;

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
