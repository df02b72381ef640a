package org.sra.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.sun.net.httpserver.HttpServer;

/**
 * The plan of routes: each {@code /api/<area>/**} reaches the service that owns it, with the
 * caller's Authorization header; a service that is down answers a 503 problem naming it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class GatewayRoutesIntegrationTests {

    private static final Map<String, HttpServer> SERVICES = new ConcurrentHashMap<>();
    /** The {@code traceparent} header each service received last ({@code none} when there was none). */
    private static final Map<String, String> TRACEPARENTS = new ConcurrentHashMap<>();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) throws IOException {
        for (String service : new String[] {"directory", "device", "profile", "auth", "notification"}) {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/", exchange -> {
                String traceparent = exchange.getRequestHeaders().getFirst("traceparent");
                TRACEPARENTS.put(service, traceparent == null ? "none" : traceparent);
                String auth = String.valueOf(exchange.getRequestHeaders().getFirst("Authorization"));
                byte[] body = (service + " " + exchange.getRequestURI().getPath() + " " + auth)
                        .getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.start();
            SERVICES.put(service, server);
            registry.add("sra.gateway.services." + service, () -> "http://127.0.0.1:" + server.getAddress().getPort());
        }
        registry.add("sra.gateway.services.notification", () -> "http://127.0.0.1:1");
    }

    @AfterAll
    static void stop() {
        SERVICES.values().forEach(server -> server.stop(0));
    }

    @ParameterizedTest
    @CsvSource({
            "/api/operator/tenants, directory",
            "/api/operator/tenants/t1/overview, directory",
            "/api/operator/tenants/t1/overview/devices, device",
            "/api/operator/tenants/t1/overview/profiles, profile",
            "/api/operator/tenants/t1/overview/sessions, auth",
            "/api/settings/global, directory",
            "/api/users, directory",
            "/api/vpn-users/available, directory",
            "/api/local-users/u1/password, directory",
            "/api/devices/contract, device",
            "/api/assignments/u1, device",
            "/api/profiles/u1:d1, profile",
            "/download/abc, profile",
            "/api/sessions, auth",
            "/api/auth/decisions, auth"})
    void eachAreaReachesItsOwner(String path, String owner) throws Exception {
        HttpResponse<String> answer = get(path);
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo(owner + " " + path + " Bearer t0ken");
    }

    @Test
    void aServiceThatIsDownAnswersAProblemNamingIt() throws Exception {
        HttpResponse<String> answer = get("/api/notifications/deliveries");
        assertThat(answer.statusCode()).isEqualTo(503);
        assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(answer.body()).contains("notification-service").contains("urn:sra:problem:service-unavailable")
                .contains("メール通知サービスに現在接続できません").doesNotContain("unavailable right now");
        // the operator's overview of a tenant: the mail figures are notification-service's too
        HttpResponse<String> mails = get("/api/operator/tenants/t1/overview/mails");
        assertThat(mails.statusCode()).isEqualTo(503);
        assertThat(mails.body()).contains("notification-service");
        assertThat(answer.headers().firstValue("Retry-After")).hasValue("10");
    }

    @Test
    void theNasDecisionApiIsNotOfferedAtTheEdge() throws Exception {
        for (String path : new String[] {"/api/auth/decide", "/api/auth/decide/"}) {
            HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + port + path)).header("Authorization", "Basic bmFzOnNlY3JldA==")
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"userName\":\"taro\",\"password\":\"x\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(answer.statusCode()).as(path).isEqualTo(404);
            assertThat(answer.body()).as(path).contains("urn:sra:problem:not-found").doesNotContain("auth /api/auth");
        }
        // the rest of auth-service's API is still routed
        assertThat(get("/api/auth/decisions").body()).isEqualTo("auth /api/auth/decisions Bearer t0ken");
    }

    @Test
    void theCallersTraceReachesTheServiceAndItsIdComesBackInXTraceId() throws Exception {
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        String callerSpan = "00f067aa0ba902b7";
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/api/devices/traced"))
                .header("Authorization", "Bearer t0ken")
                .header("traceparent", "00-" + traceId + "-" + callerSpan + "-01").build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().allValues("X-Trace-Id")).containsExactly(traceId);
        // the gateway's own span of the call, a child in the caller's trace
        assertThat(TRACEPARENTS.get("device")).matches("00-" + traceId + "-[0-9a-f]{16}-01")
                .doesNotContain(callerSpan);
    }

    @Test
    void aCallWithoutTraceGetsANewOneThatTheServiceContinues() throws Exception {
        HttpResponse<String> answer = get("/api/profiles/untraced");

        assertThat(answer.statusCode()).isEqualTo(200);
        String traceId = answer.headers().firstValue("X-Trace-Id").orElseThrow();
        assertThat(traceId).matches("[0-9a-f]{32}");
        assertThat(TRACEPARENTS.get("profile")).startsWith("00-" + traceId + "-");

        String another = get("/api/profiles/untraced").headers().firstValue("X-Trace-Id").orElseThrow();
        assertThat(another).as("each call its own trace").isNotEqualTo(traceId);
    }

    @Test
    void theGatewaysOwnAnswersNameTheTraceToo() throws Exception {
        HttpResponse<String> answer = get("/api/notifications/deliveries");

        assertThat(answer.statusCode()).isEqualTo(503);
        assertThat(answer.headers().firstValue("X-Trace-Id")).hasValueSatisfying(
                id -> assertThat(id).matches("[0-9a-f]{32}"));
    }

    private HttpResponse<String> get(String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer t0ken").build(), HttpResponse.BodyHandlers.ofString());
    }
}
