package org.sra.gateway.edge;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The gateway behind one proxy of our own ({@code trusted-proxy-hops} 1), which appends the address
 * it saw to {@code X-Forwarded-For}: that right-most entry is the client, whatever the client wrote
 * to its left; the services get it in the gateway's header and the rate limits key on it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "sra.gateway.edge.trusted-proxy-hops=1",
        "sra.gateway.edge.rate-limits.login.capacity=2",
        "sra.gateway.edge.rate-limits.login.period=1h"})
class TrustedProxyHopsIntegrationTests {

    private static HeaderEchoServices services;

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) throws Exception {
        services = new HeaderEchoServices(registry);
    }

    @AfterAll
    static void stop() {
        services.stop();
    }

    @Test
    void theRightMostXForwardedForEntryIsTheClient() throws Exception {
        HttpResponse<String> answer = send(HttpRequest.newBuilder(uri("/api/devices"))
                .header("Authorization", "Bearer admin")
                .header(ClientAddressFilter.HEADER, "203.0.113.1")
                .header("X-Forwarded-For", "203.0.113.50, 198.51.100.60")
                .header("Forwarded", "for=203.0.113.3").GET());

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo(
                "{\"client\":\"[198.51.100.60]\",\"xForwardedFor\":\"null\",\"forwarded\":\"null\",\"xRealIp\":\"null\"}");
    }

    @Test
    void entriesOverSeveralHeaderLinesCountAsOneList() throws Exception {
        HttpResponse<String> answer = send(HttpRequest.newBuilder(uri("/api/devices"))
                .header("Authorization", "Bearer admin")
                .header("X-Forwarded-For", "203.0.113.50")
                .header("X-Forwarded-For", "198.51.100.61").GET());

        assertThat(answer.body()).contains("\"client\":\"[198.51.100.61]\"");
    }

    @Test
    void withoutXForwardedForThePeerIsTheClient() throws Exception {
        HttpResponse<String> answer = send(HttpRequest.newBuilder(uri("/api/devices"))
                .header("Authorization", "Bearer admin").GET());

        assertThat(answer.body()).contains("\"client\":\"[127.0.0.1]\"");
    }

    @Test
    void theLoginRateLimitKeysOnTheClientTheProxySaw() throws Exception {
        // the client writes 192.0.2.x itself; the proxy appends the 198.51.100.70 it saw
        assertThat(login("192.0.2.1, 198.51.100.70").statusCode()).isEqualTo(401);
        assertThat(login("192.0.2.2, 198.51.100.70").statusCode()).isEqualTo(401);
        assertThat(login("192.0.2.3, 198.51.100.70").statusCode()).isEqualTo(429);
        // another client behind the same proxy has a bucket of its own
        assertThat(login("198.51.100.71").statusCode()).isEqualTo(401);
    }

    private HttpResponse<String> login(String forwardedFor) throws Exception {
        return send(HttpRequest.newBuilder(uri("/api/account/login")).header("Content-Type", "application/json")
                .header("X-Forwarded-For", forwardedFor)
                .POST(HttpRequest.BodyPublishers.ofString("{\"loginId\":\"a\",\"password\":\"b\"}")));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }
}
