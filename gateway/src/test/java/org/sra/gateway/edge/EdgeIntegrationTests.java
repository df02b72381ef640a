package org.sra.gateway.edge;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.sun.net.httpserver.HttpServer;

/**
 * The gateway's own behaviour at the edge: a service's 401 and 403 reach the
 * caller unchanged, a downed service gives the fallback problem, logins beyond the rate limit get
 * 429 with Retry-After, oversized bodies 413, and every answer carries the security headers.
 * The services are stubs: directory-service answers like the real one (401 without a token, 403
 * for an auditor's write); notification-service is down.
 */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "sra.gateway.edge.rate-limits.login.capacity=3",
        "sra.gateway.edge.rate-limits.login.period=1h",
        "sra.gateway.edge.rate-limits.download.capacity=2",
        "sra.gateway.edge.rate-limits.download.period=1h",
        "sra.gateway.edge.request-size.max=1KB",
        "sra.gateway.edge.request-size.upload-max=4KB"})
class EdgeIntegrationTests {

    private static final Map<String, HttpServer> SERVICES = new ConcurrentHashMap<>();

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    // HTTP/1.1 as the headends and browsers in front of the edge speak it here: the client's default
    // (HTTP/2, asking a plain-text server to upgrade) once left a request unanswered for 30 s in a full build
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) throws IOException {
        for (String service : new String[] {"directory", "device", "profile", "auth"}) {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/", exchange -> {
                exchange.getRequestBody().readAllBytes();
                String auth = exchange.getRequestHeaders().getFirst("Authorization");
                boolean write = !exchange.getRequestMethod().equals("GET");
                int status;
                String body;
                if (exchange.getRequestURI().getPath().endsWith("/login")) {
                    status = 401;
                    body = problem("login-failed", 401);
                } else if (auth == null) {
                    status = 401;
                    body = problem("unauthorized", 401);
                } else if (auth.equals("Bearer auditor") && write) {
                    status = 403;
                    body = problem("forbidden", 403);
                } else {
                    status = 200;
                    body = "{\"service\":\"" + service + "\"}";
                }
                byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type",
                        status == 200 ? "application/json" : "application/problem+json");
                exchange.sendResponseHeaders(status, bytes.length);
                exchange.getResponseBody().write(bytes);
                exchange.close();
            });
            server.start();
            SERVICES.put(service, server);
            registry.add("sra.gateway.services." + service, () -> "http://127.0.0.1:" + server.getAddress().getPort());
        }
        registry.add("sra.gateway.services.notification", () -> "http://127.0.0.1:1");
        // a fixed management port, as in production (the gateway's routes skip the management port
        // only when they know its number: with port 0 they would not)
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int managementPort = free.getLocalPort();
            registry.add("management.server.port", () -> managementPort);
        }
    }

    private static String problem(String slug, int status) {
        return "{\"type\":\"urn:sra:problem:" + slug + "\",\"status\":" + status + ",\"detail\":\"from the service\"}";
    }

    @AfterAll
    static void stop() {
        SERVICES.values().forEach(server -> server.stop(0));
    }

    @Test
    void anUnauthenticatedCallGetsTheServicesOwn401() throws Exception {
        HttpResponse<String> answer = send(HttpRequest.newBuilder(uri("/api/users")).GET());

        assertThat(answer.statusCode()).isEqualTo(401);
        assertThat(answer.body()).contains("urn:sra:problem:unauthorized").contains("from the service");
    }

    @Test
    void anAuditorsWriteGetsTheServicesOwn403() throws Exception {
        HttpResponse<String> read = send(HttpRequest.newBuilder(uri("/api/devices")).header("Authorization",
                "Bearer auditor").GET());
        HttpResponse<String> write = send(HttpRequest.newBuilder(uri("/api/devices"))
                .header("Authorization", "Bearer auditor").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")));

        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(write.statusCode()).isEqualTo(403);
        assertThat(write.body()).contains("urn:sra:problem:forbidden");
    }

    @Test
    void aDownedServiceGivesTheFallbackProblemAndTheOthersKeepAnswering() throws Exception {
        HttpResponse<String> down = send(HttpRequest.newBuilder(uri("/api/notifications/deliveries"))
                .header("Authorization", "Bearer admin").GET());
        HttpResponse<String> other = send(HttpRequest.newBuilder(uri("/api/profiles"))
                .header("Authorization", "Bearer admin").GET());

        assertThat(down.statusCode()).isEqualTo(503);
        assertThat(down.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(down.body()).contains("urn:sra:problem:service-unavailable").contains("notification-service")
                .contains("メール通知サービスに現在接続できません");
        assertThat(other.statusCode()).isEqualTo(200);
        // in the admin's language, all of it
        HttpResponse<String> english = send(HttpRequest.newBuilder(uri("/api/notifications/deliveries"))
                .header("Authorization", "Bearer admin").header("Accept-Language", "en").GET());
        assertThat(english.statusCode()).isEqualTo(503);
        assertThat(english.body()).contains("Cannot reach the mail notification service")
                .doesNotContain("利用できません").doesNotContain("接続できません");
    }

    @Test
    void loginsBeyondTheRateLimitGet429WithRetryAfter() throws Exception {
        // the console's and the API's login share one bucket per client address (capacity 3 here)
        assertThat(login("/ui/session/login").statusCode()).isEqualTo(401);
        assertThat(login("/api/account/login").statusCode()).isEqualTo(401);
        assertThat(login("/ui/session/login").statusCode()).isEqualTo(401);

        HttpResponse<String> refused = login("/api/account/login");

        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.headers().firstValue("Retry-After")).hasValueSatisfying(
                seconds -> assertThat(Long.parseLong(seconds)).isBetween(1L, 3600L));
        assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(refused.body()).contains("urn:sra:problem:too-many-requests").contains("リクエストが多すぎます");
        // answered without reading the login's body: that connection is not used again
        assertThat(refused.headers().firstValue("Connection")).hasValue("close");
        assertThat(login("/ui/session/login").statusCode()).isEqualTo(429);
        // other paths are not limited by the login bucket
        assertThat(send(HttpRequest.newBuilder(uri("/api/users")).header("Authorization", "Bearer admin").GET())
                .statusCode()).isEqualTo(200);
    }

    @Test
    void profileDownloadsAreRateLimitedTooAndTheirTokensAreNotLogged(CapturedOutput output) throws Exception {
        send(HttpRequest.newBuilder(uri("/download/a")).header("Authorization", "Bearer x").GET());
        send(HttpRequest.newBuilder(uri("/download/b")).header("Authorization", "Bearer x").GET());

        HttpResponse<String> refused = send(HttpRequest.newBuilder(uri("/download/secret-link-token-c"))
                .header("Accept-Language", "en").header("Authorization", "Bearer x").GET());

        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.body()).contains("Too many requests");
        assertThat(output.getAll()).contains("Rate limit 'download' reached").doesNotContain("secret-link-token-c");
    }

    @Test
    void aBodyOverTheLimitIs413AndCsvImportsMayBeLarger() throws Exception {
        HttpResponse<String> tooLarge = send(HttpRequest.newBuilder(uri("/api/settings/global"))
                .header("Authorization", "Bearer admin").header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("x".repeat(2048))));
        HttpResponse<String> upload = send(HttpRequest.newBuilder(uri("/api/devices/csv/import"))
                .header("Authorization", "Bearer admin").header("Content-Type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofString("x".repeat(2048))));

        assertThat(tooLarge.statusCode()).isEqualTo(413);
        assertThat(tooLarge.body()).contains("urn:sra:problem:request-too-large").contains("1 KB");
        assertThat(upload.statusCode()).isEqualTo(200);
    }

    @Test
    void everyAnswerCarriesTheSecurityHeaders() throws Exception {
        for (HttpResponse<String> answer : new HttpResponse[] {
                send(HttpRequest.newBuilder(uri("/api/users")).GET()),
                send(HttpRequest.newBuilder(uri("/")).GET()),
                send(HttpRequest.newBuilder(uri("/console/app.js")).GET())}) {
            assertThat(answer.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp -> assertThat(csp)
                    .contains("script-src 'self'").contains("frame-ancestors 'none'").doesNotContain("unsafe-inline"));
            assertThat(answer.headers().firstValue("Strict-Transport-Security")).hasValue(
                    "max-age=31536000; includeSubDomains");
            assertThat(answer.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
            assertThat(answer.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
        }
    }

    @Test
    void theDownloadPagesStylesheetIsServedFromThisOriginAsTheirPolicyAllows() throws Exception {
        HttpResponse<String> css = send(HttpRequest.newBuilder(uri("/console/download.css")).GET());

        assertThat(css.statusCode()).isEqualTo(200);
        assertThat(css.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/css"));
        assertThat(css.body()).contains("font-family");
        assertThat(css.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp -> assertThat(csp)
                .contains("style-src 'self'"));
    }

    @Test
    void healthAndMetricsAreNotServedOnThePublicPort() throws Exception {
        for (String path : new String[] {"/actuator/prometheus", "/actuator/health", "/actuator/health/readiness",
                "/actuator", "/actuator/gateway/routes"}) {
            HttpResponse<String> answer = send(HttpRequest.newBuilder(uri(path)).GET());

            assertThat(answer.statusCode()).as(path).isEqualTo(404);
            assertThat(answer.headers().firstValue("Content-Type")).as(path).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/problem+json"));
            assertThat(answer.body()).as(path).contains("urn:sra:problem:not-found").doesNotContain("jvm_");
        }
    }

    @Test
    void healthAndMetricsAreServedOnTheManagementPort() throws Exception {
        assertThat(managementPort).isNotEqualTo(port);
        HttpResponse<String> metrics = send(HttpRequest.newBuilder(management("/actuator/prometheus")).GET());
        HttpResponse<String> health = send(HttpRequest.newBuilder(management("/actuator/health")).GET());
        HttpResponse<String> readiness = send(HttpRequest.newBuilder(management("/actuator/health/readiness")).GET());
        HttpResponse<String> liveness = send(HttpRequest.newBuilder(management("/actuator/health/liveness")).GET());

        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("jvm_memory_used_bytes");
        for (HttpResponse<String> probe : List.of(health, readiness, liveness)) {
            assertThat(probe.statusCode()).as(probe.uri().toString()).isEqualTo(200);
            assertThat(probe.body()).as(probe.uri().toString()).contains("\"status\":\"UP\"");
        }
        // and the management port routes nothing to the services
        assertThat(send(HttpRequest.newBuilder(management("/api/users")).header("Authorization", "Bearer admin")
                .GET()).statusCode()).isEqualTo(404);
    }

    private HttpResponse<String> login(String path) throws Exception {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"loginId\":\"a\",\"password\":\"b\"}")));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        // a bounded wait: an answer that never comes fails here instead of stalling the build
        return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI management(String path) {
        return URI.create("http://127.0.0.1:" + managementPort + path);
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }
}
