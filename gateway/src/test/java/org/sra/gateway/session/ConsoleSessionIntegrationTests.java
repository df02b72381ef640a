package org.sra.gateway.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.sun.net.httpserver.HttpServer;

/**
 * R-ACC-3 at the edge: the console's login puts the JWT into an HttpOnly, Secure,
 * SameSite=Strict cookie; the cookie reaches the services as a bearer token; state-changing
 * calls that rely on the cookie need the double-submit CSRF token, bearer API calls do not.
 * directory-service and device-service are stubs that echo what they received.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ConsoleSessionIntegrationTests {

    private static final Map<String, HttpServer> SERVICES = new ConcurrentHashMap<>();
    private static final String SESSION_END = "2099-01-01T00:00:00Z";

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) throws IOException {
        for (String service : new String[] {"directory", "device", "profile", "auth", "notification"}) {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/", exchange -> {
                String path = exchange.getRequestURI().getPath();
                String auth = String.valueOf(exchange.getRequestHeaders().getFirst("Authorization"));
                String cookie = String.valueOf(exchange.getRequestHeaders().getFirst("Cookie"));
                String body;
                int status = 200;
                if (path.equals("/api/account/login") || path.equals("/api/account/password")
                        || path.equals("/api/account/refresh")) {
                    body = "{\"accessToken\":\"jwt-for-" + path.substring(path.lastIndexOf('/') + 1)
                            + "\",\"tokenType\":\"Bearer\",\"expiresAt\":\"2098-01-01T00:00:00Z\",\"sessionExpiresAt\":\""
                            + SESSION_END + "\",\"passwordChangeRequired\":false,\"seenAuthorization\":\"" + auth
                            + "\"}";
                } else if (path.equals("/api/account/logout")) {
                    exchange.getResponseHeaders().add("X-Seen-Authorization", auth);
                    exchange.sendResponseHeaders(204, -1);
                    exchange.close();
                    return;
                } else {
                    body = "{\"service\":\"" + service + "\",\"method\":\"" + exchange.getRequestMethod()
                            + "\",\"path\":\"" + path + "\",\"authorization\":\"" + auth + "\",\"cookie\":\"" + cookie
                            + "\",\"clientAddress\":\"" + exchange.getRequestHeaders().getFirst("X-SRA-Client-Address") + "\"}";
                }
                byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(status, bytes.length);
                exchange.getResponseBody().write(bytes);
                exchange.close();
            });
            server.start();
            SERVICES.put(service, server);
            registry.add("sra.gateway.services." + service, () -> "http://127.0.0.1:" + server.getAddress().getPort());
        }
    }

    @AfterAll
    static void stop() {
        SERVICES.values().forEach(server -> server.stop(0));
    }

    @Test
    void theConsoleLoginPutsTheTokenIntoAnHttpOnlySecureSameSiteStrictCookieAndNotIntoTheBody() throws Exception {
        HttpResponse<String> login = send("POST", "/ui/session/login", "{\"loginId\":\"yamada\",\"password\":\"x\"}",
                Map.of("Content-Type", "application/json"));

        assertThat(login.statusCode()).isEqualTo(200);
        List<String> cookies = login.headers().allValues("Set-Cookie");
        assertThat(cookies).anySatisfy(cookie -> assertThat(cookie).startsWith("SRA_SESSION=jwt-for-login;")
                .containsIgnoringCase("HttpOnly").contains("Secure").contains("SameSite=Strict").contains("Path=/")
                .contains("Max-Age="));
        assertThat(cookies).anySatisfy(cookie -> assertThat(cookie).startsWith("XSRF-TOKEN=")
                .contains("Secure").contains("SameSite=Strict").doesNotContainIgnoringCase("HttpOnly"));
        assertThat(login.body()).doesNotContain("jwt-for-login").doesNotContain("accessToken")
                .contains("\"passwordChangeRequired\":false").contains(SESSION_END);
    }

    @Test
    void theSessionCookieReachesTheServicesAsABearerTokenAndIsNotForwarded() throws Exception {
        HttpResponse<String> answer = send("GET", "/api/devices", null,
                Map.of("Cookie", "SRA_SESSION=jwt-1; XSRF-TOKEN=abc; lang=ja"));
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).contains("\"service\":\"device\"").contains("\"authorization\":\"Bearer jwt-1\"")
                .contains("\"cookie\":\"lang=ja\"")
                // the client's address, for directory-service's per-source login back-off
                .contains("\"clientAddress\":\"127.0.0.1\"");
    }

    @Test
    void aStateChangingCallAuthenticatedByTheCookieNeedsTheMatchingCsrfToken() throws Exception {
        HttpResponse<String> none = send("POST", "/api/devices", "{}",
                Map.of("Cookie", "SRA_SESSION=jwt-1; XSRF-TOKEN=abc", "Content-Type", "application/json"));
        assertThat(none.statusCode()).isEqualTo(403);
        assertThat(none.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(none.body()).contains("urn:sra:problem:csrf-token-invalid");

        HttpResponse<String> wrong = send("DELETE", "/api/devices/d-1", null,
                Map.of("Cookie", "SRA_SESSION=jwt-1; XSRF-TOKEN=abc", "X-XSRF-TOKEN", "abd", "Accept-Language", "en"));
        assertThat(wrong.statusCode()).isEqualTo(403);
        assertThat(wrong.body()).contains("CSRF token");

        HttpResponse<String> right = send("POST", "/api/devices", "{}", Map.of("Cookie",
                "SRA_SESSION=jwt-1; XSRF-TOKEN=abc", "X-XSRF-TOKEN", "abc", "Content-Type", "application/json"));
        assertThat(right.statusCode()).isEqualTo(200);
        assertThat(right.body()).contains("\"method\":\"POST\"").contains("\"authorization\":\"Bearer jwt-1\"");
    }

    @Test
    void bearerApiCallsNeedNoCsrfTokenAndTheApiLoginKeepsItsToken() throws Exception {
        HttpResponse<String> call = send("PUT", "/api/devices/d-1", "{}",
                Map.of("Authorization", "Bearer api-token", "Content-Type", "application/json"));
        assertThat(call.statusCode()).isEqualTo(200);
        assertThat(call.body()).contains("\"authorization\":\"Bearer api-token\"");

        HttpResponse<String> apiLogin = send("POST", "/api/account/login", "{}", Map.of("Content-Type",
                "application/json"));
        assertThat(apiLogin.body()).contains("\"accessToken\":\"jwt-for-login\"");
        assertThat(apiLogin.headers().allValues("Set-Cookie")).isEmpty();
    }

    @Test
    void passwordChangeAndRefreshThroughTheConsoleReplaceTheCookie() throws Exception {
        HttpResponse<String> changed = send("POST", "/ui/session/password", "{}", Map.of("Cookie",
                "SRA_SESSION=restricted-jwt; XSRF-TOKEN=t1", "X-XSRF-TOKEN", "t1", "Content-Type", "application/json"));
        assertThat(changed.statusCode()).isEqualTo(200);
        assertThat(changed.body()).contains("\"seenAuthorization\":\"Bearer restricted-jwt\"")
                .doesNotContain("jwt-for-password");
        assertThat(changed.headers().allValues("Set-Cookie"))
                .anySatisfy(cookie -> assertThat(cookie).startsWith("SRA_SESSION=jwt-for-password;"));

        HttpResponse<String> withoutCsrf = send("POST", "/ui/session/refresh", null,
                Map.of("Cookie", "SRA_SESSION=jwt-1; XSRF-TOKEN=t1"));
        assertThat(withoutCsrf.statusCode()).isEqualTo(403);
    }

    @Test
    void aStaleCookieIsNotSentWithTheNextLogin() throws Exception {
        HttpResponse<String> login = send("POST", "/ui/session/login", "{}",
                Map.of("Cookie", "SRA_SESSION=stale-jwt", "Content-Type", "application/json"));
        assertThat(login.statusCode()).isEqualTo(200);
        assertThat(login.body()).contains("\"seenAuthorization\":\"null\"");
    }

    @Test
    void logoutEndsTheSessionAtTheServiceAndClearsBothCookies() throws Exception {
        HttpResponse<String> logout = send("POST", "/ui/session/logout", null,
                Map.of("Cookie", "SRA_SESSION=jwt-1; XSRF-TOKEN=t1", "X-XSRF-TOKEN", "t1"));
        assertThat(logout.statusCode()).isEqualTo(204);
        assertThat(logout.headers().firstValue("X-Seen-Authorization")).contains("Bearer jwt-1");
        assertThat(logout.headers().allValues("Set-Cookie"))
                .anySatisfy(cookie -> assertThat(cookie).startsWith("SRA_SESSION=;").contains("Max-Age=0"))
                .anySatisfy(cookie -> assertThat(cookie).startsWith("XSRF-TOKEN=;").contains("Max-Age=0"));
    }

    private HttpResponse<String> send(String method, String path, String body, Map<String, String> headers)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
