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

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) throws IOException {
        for (String service : new String[] {"directory", "device", "profile", "auth", "notification"}) {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/", exchange -> {
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
        assertThat(answer.body()).contains("notification-service").contains("urn:sra:problem:service-unavailable");
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

    private HttpResponse<String> get(String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer t0ken").build(), HttpResponse.BodyHandlers.ofString());
    }
}
