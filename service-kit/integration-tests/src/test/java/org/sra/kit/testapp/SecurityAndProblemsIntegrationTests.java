package org.sra.kit.testapp;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.TestRestTemplate;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureTestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.sra.kit.test.SraIntegrationTest;
import org.sra.kit.test.TestTokens;

/**
 * Every service validates tokens itself: no or bad token → 401, wrong role → 403, both as
 * problem details; the tenant comes only from the token; auditors only read (R-ACC-4).
 */
@SraIntegrationTest
@AutoConfigureTestRestTemplate
class SecurityAndProblemsIntegrationTests {

    @Autowired
    TestRestTemplate http;
    @LocalServerPort
    int port;

    @Test
    void noTokenIsA401ProblemDetail() {
        ResponseEntity<Map> answer = http.getForEntity("/api/widgets", Map.class);
        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(answer.getHeaders().getContentType().isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)).isTrue();
        assertThat(answer.getBody()).containsEntry("type", "urn:sra:problem:unauthenticated").containsEntry("status", 401);
    }

    @Test
    void aTokenSignedByAnotherKeyOrExpiredIsRefused() {
        assertThat(get("/api/widgets", TestTokens.foreignSigned("tenant-x")).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(get("/api/widgets", TestTokens.expired("tenant-x")).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(get("/api/widgets", "not-a-jwt").getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    }

    @Test
    void theTenantComesFromTheTokenSoATenantSeesOnlyItsOwnData() {
        ResponseEntity<Map> created = post("/api/widgets", TestTokens.admin("tenant-a"), Map.of("name", "mine"));
        assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        String id = (String) created.getBody().get("id");

        assertThat(get("/api/widgets/" + id, TestTokens.admin("tenant-a")).getStatusCode()).isEqualTo(HttpStatus.OK);
        ResponseEntity<Map> foreign = get("/api/widgets/" + id, TestTokens.admin("tenant-b"));
        assertThat(foreign.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(foreign.getBody()).containsEntry("type", "urn:sra:problem:widget-not-found");
        ResponseEntity<List> listOfB = http.exchange("/api/widgets", HttpMethod.GET,
                new HttpEntity<>(bearer(TestTokens.admin("tenant-b"))), List.class);
        assertThat(listOfB.getBody()).noneMatch(w -> id.equals(((Map<?, ?>) w).get("id")));
    }

    @Test
    void anAuditorReadsButEveryWriteIsForbidden() {
        assertThat(http.exchange("/api/widgets", HttpMethod.GET, new HttpEntity<>(bearer(TestTokens.auditor("tenant-a"))),
                String.class).getStatusCode()).isEqualTo(HttpStatus.OK);
        ResponseEntity<Map> write = post("/api/widgets", TestTokens.auditor("tenant-a"), Map.of("name", "nope"));
        assertThat(write.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(write.getBody()).containsEntry("type", "urn:sra:problem:forbidden");
    }

    @Test
    void operatorPathsAreForOperatorsOnlyAndTenantPathsForTenantAdminsOnly() {
        assertThat(get("/api/operator/whoami", TestTokens.admin("tenant-a")).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        ResponseEntity<Map> operator = get("/api/operator/whoami", TestTokens.operator());
        assertThat(operator.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(operator.getBody()).containsEntry("loginId", "operator");
        assertThat(get("/api/widgets", TestTokens.operator()).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    }

    @Test
    void beforeTheInitialPasswordIsChangedEveryCallIsRefusedSayingWhy() {
        ResponseEntity<Map> answer = get("/api/widgets", TestTokens.passwordChangeRequired("tenant-a"));
        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(answer.getBody()).containsEntry("type", "urn:sra:problem:password-change-required");
    }

    @Test
    void invalidInputIsA400ProblemInTheCallersLanguage() {
        HttpHeaders english = bearer(TestTokens.admin("tenant-a"));
        english.set(HttpHeaders.ACCEPT_LANGUAGE, "en");
        ResponseEntity<Map> answer = http.exchange("/api/widgets", HttpMethod.POST,
                new HttpEntity<>(Map.of("name", ""), english), Map.class);
        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(answer.getBody()).containsEntry("type", "urn:sra:problem:invalid-request")
                .containsEntry("detail", "Some fields are not valid.");
        assertThat((List<Map<String, String>>) answer.getBody().get("errors"))
                .anySatisfy(error -> assertThat(error).containsEntry("field", "name"));

        HttpHeaders japanese = bearer(TestTokens.admin("tenant-a"));
        japanese.setContentType(MediaType.APPLICATION_JSON);
        ResponseEntity<Map> malformed = http.exchange("/api/widgets", HttpMethod.POST,
                new HttpEntity<>("{\"name\":", japanese), Map.class);
        assertThat(malformed.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(malformed.getBody()).containsEntry("type", "urn:sra:problem:malformed-body");
        assertThat((String) malformed.getBody().get("detail")).contains("JSON");
    }

    @Test
    void aWholeNumberMustBeSentAsOneNotAsTextOrAFraction() {
        HttpHeaders headers = bearer(TestTokens.admin("tenant-a"));
        headers.setContentType(MediaType.APPLICATION_JSON);
        for (String body : new String[] {"{\"name\":\"n\",\"count\":\"7\"}", "{\"name\":\"n\",\"count\":7.5}"}) {
            ResponseEntity<Map> refused = http.exchange("/api/widgets", HttpMethod.POST, new HttpEntity<>(body, headers),
                    Map.class);
            assertThat(refused.getStatusCode()).as(body).isEqualTo(HttpStatus.BAD_REQUEST);
            assertThat(refused.getBody()).as(body).containsEntry("type", "urn:sra:problem:malformed-body");
        }
        assertThat(http.exchange("/api/widgets", HttpMethod.POST,
                new HttpEntity<>("{\"name\":\"n\",\"count\":7}", headers), Map.class).getStatusCode())
                .isEqualTo(HttpStatus.CREATED);
    }

    @Test
    void controlAndTextDirectionCharactersAreRefusedAndNothingIsStored() {
        HttpHeaders headers = bearer(TestTokens.admin("tenant-c"));
        headers.setContentType(MediaType.APPLICATION_JSON);
        headers.set(HttpHeaders.ACCEPT_LANGUAGE, "en");
        for (String name : new String[] {"nul\\u0000x", "bell\\u0007", "abc\\u202Etxt.exe", "iso\\u2066x", "del\\u007F"}) {
            ResponseEntity<Map> refused = http.exchange("/api/widgets", HttpMethod.POST,
                    new HttpEntity<>("{\"name\":\"" + name + "\"}", headers), Map.class);
            assertThat(refused.getStatusCode()).as(name).isEqualTo(HttpStatus.BAD_REQUEST);
            assertThat(refused.getBody()).as(name).containsEntry("type", "urn:sra:problem:forbidden-characters");
            assertThat((String) refused.getBody().get("detail")).contains("not allowed");
        }
        ResponseEntity<List> stored = http.exchange("/api/widgets", HttpMethod.GET, new HttpEntity<>(headers), List.class);
        assertThat(stored.getBody()).isEmpty();
        // Japanese, tabs and line breaks are text
        assertThat(http.exchange("/api/widgets", HttpMethod.POST,
                new HttpEntity<>("{\"name\":\"東京\\t本社\\n2F\"}", headers), Map.class).getStatusCode())
                .isEqualTo(HttpStatus.CREATED);
    }

    @Test
    void whatTomcatRefusesBeforeSpringIsAProblemToo() throws Exception {
        // an illegal character in the path, and a header far over the limit: refused by the
        // connector itself, which used to answer with its HTML page
        String[] requests = {
                "GET /api/widgets/a|b HTTP/1.1\r\nHost: localhost\r\nAccept-Language: en\r\nConnection: close\r\n\r\n",
                "GET /api/widgets HTTP/1.1\r\nHost: localhost\r\nX-Big: " + "x".repeat(64 * 1024)
                        + "\r\nConnection: close\r\n\r\n"};
        for (String raw : requests) {
            String answer;
            try (Socket socket = new Socket("127.0.0.1", port)) {
                socket.setSoTimeout(10_000);
                socket.getOutputStream().write(raw.getBytes(StandardCharsets.ISO_8859_1));
                answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            }
            assertThat(answer).as(raw.substring(0, 30)).startsWith("HTTP/1.1 400").containsIgnoringCase(
                    "Content-Type: application/problem+json").contains("\"type\":\"urn:sra:problem:malformed-request\"")
                    .doesNotContain("<html").doesNotContain("Tomcat");
        }
    }

    @Test
    void aMalformedMultipartBodyIsA400ProblemNotA500() {
        for (String contentType : new String[] {"multipart/form-data; boundary=xyz", "multipart/form-data"}) {
            HttpHeaders headers = bearer(TestTokens.admin("tenant-a"));
            headers.set(HttpHeaders.CONTENT_TYPE, contentType);
            headers.set(HttpHeaders.ACCEPT_LANGUAGE, "en");
            // no closing boundary, or no boundary parameter at all
            ResponseEntity<Map> answer = http.exchange("/api/widgets", HttpMethod.POST,
                    new HttpEntity<>("--xyz\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\nabc", headers), Map.class);

            assertThat(answer.getStatusCode()).as(contentType).isEqualTo(HttpStatus.BAD_REQUEST);
            assertThat(answer.getHeaders().getContentType().isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)).isTrue();
            assertThat(answer.getBody()).containsEntry("type", "urn:sra:problem:malformed-multipart");
            assertThat((String) answer.getBody().get("detail")).contains("multipart");
        }
        // without a token too: the body is read before the controller, not after the login check
        HttpHeaders anonymous = new HttpHeaders();
        anonymous.set(HttpHeaders.CONTENT_TYPE, "multipart/form-data; boundary=xyz");
        ResponseEntity<Map> answer = http.exchange("/api/widgets", HttpMethod.POST, new HttpEntity<>("--xyz\r\n", anonymous),
                Map.class);
        assertThat(answer.getStatusCode().value()).isIn(400, 401);
    }

    @Test
    void whatSpringMvcRefusesItselfIsAKitProblemInTheCallersLanguage() {
        HttpHeaders headers = bearer(TestTokens.admin("tenant-a"));
        ResponseEntity<Map> method = http.exchange("/api/widgets", HttpMethod.DELETE, new HttpEntity<>(headers), Map.class);
        assertThat(method.getStatusCode()).isEqualTo(HttpStatus.METHOD_NOT_ALLOWED);
        assertThat(method.getHeaders().getAllow()).contains(HttpMethod.GET, HttpMethod.POST);
        assertThat(method.getBody()).containsEntry("type", "urn:sra:problem:method-not-allowed")
                .containsEntry("detail", "このアドレスではこの操作はできません。");

        headers.setContentType(MediaType.APPLICATION_XML);
        headers.set(HttpHeaders.ACCEPT_LANGUAGE, "en");
        ResponseEntity<Map> type = http.exchange("/api/widgets", HttpMethod.POST, new HttpEntity<>("<widget/>", headers),
                Map.class);
        assertThat(type.getStatusCode()).isEqualTo(HttpStatus.UNSUPPORTED_MEDIA_TYPE);
        assertThat(type.getBody()).containsEntry("type", "urn:sra:problem:unsupported-media-type")
                .containsEntry("detail", "A body of this type is not accepted; check the Content-Type.");

        ResponseEntity<Map> nowhere = get("/api/no-such-thing", TestTokens.admin("tenant-a"));
        assertThat(nowhere.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(nowhere.getBody()).containsEntry("type", "urn:sra:problem:no-such-path");
    }

    @Test
    void aMisspeltFieldIsRefusedNotDroppedAndNothingIsStored() {
        HttpHeaders headers = bearer(TestTokens.admin("tenant-d"));
        headers.setContentType(MediaType.APPLICATION_JSON);
        ResponseEntity<Map> refused = http.exchange("/api/widgets", HttpMethod.POST,
                new HttpEntity<>("{\"name\":\"n\",\"cuont\":7}", headers), Map.class);
        assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(refused.getBody()).containsEntry("type", "urn:sra:problem:unknown-field").containsEntry("field", "cuont")
                .containsEntry("detail", "本文に存在しない項目が含まれています。項目名のつづりを確認してください。");
        assertThat(http.exchange("/api/widgets", HttpMethod.GET, new HttpEntity<>(headers), List.class).getBody()).isEmpty();
    }

    @Test
    void probesAndMetricsArePublic() {
        assertThat(http.getForEntity("/actuator/health/liveness", String.class).getStatusCode()).isEqualTo(HttpStatus.OK);
        ResponseEntity<Map> readiness = http.getForEntity("/actuator/health/readiness", Map.class);
        assertThat(readiness.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(readiness.getBody().toString()).contains("mongoPing").contains("kafkaBroker");
        assertThat(http.getForEntity("/actuator/prometheus", String.class).getBody()).contains("sra_outbox_published")
                .contains("sra_outbox_backlog_documents").contains("sra_outbox_backlog_events")
                .contains("sra_outbox_backlog_oldest_seconds");
        // the consumer group's lag per topic, from the Kafka binder (measured once its consumer is up)
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() ->
                http.getForEntity("/actuator/prometheus", String.class).getBody()
                        .contains("spring_cloud_stream_binder_kafka_offset"));
        assertThat(http.getForEntity("/v3/api-docs", String.class).getBody()).contains("/api/widgets");
    }

    private ResponseEntity<Map> get(String path, String token) {
        return http.exchange(path, HttpMethod.GET, new HttpEntity<>(bearer(token)), Map.class);
    }

    private ResponseEntity<Map> post(String path, String token, Object body) {
        return http.exchange(path, HttpMethod.POST, new HttpEntity<>(body, bearer(token)), Map.class);
    }

    private static HttpHeaders bearer(String token) {
        HttpHeaders headers = new HttpHeaders();
        headers.setBearerAuth(token);
        return headers;
    }
}
