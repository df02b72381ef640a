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
 * The gateway as the edge ({@code trusted-proxy-hops} 0, the default): the client is the TCP peer.
 * Whatever address a client claims in the gateway's header, {@code X-Forwarded-For},
 * {@code Forwarded} or {@code X-Real-IP} is dropped, and neither the services nor the rate limits
 * can be led by it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "sra.gateway.edge.rate-limits.login.capacity=2",
        "sra.gateway.edge.rate-limits.login.period=1h"})
class ClientAddressIntegrationTests {

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
    void theServicesGetThePeerInTheGatewaysHeaderAndNoneOfTheClientsClaims() throws Exception {
        HttpResponse<String> answer = send(HttpRequest.newBuilder(uri("/api/devices"))
                .header("Authorization", "Bearer admin")
                .header(ClientAddressFilter.HEADER, "203.0.113.1")
                .header("X-Forwarded-For", "203.0.113.2")
                .header("Forwarded", "for=203.0.113.3")
                .header("X-Real-IP", "203.0.113.4").GET());

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo(
                "{\"client\":\"[127.0.0.1]\",\"xForwardedFor\":\"null\",\"forwarded\":\"null\",\"xRealIp\":\"null\"}");
    }

    @Test
    void everyRequestCarriesTheHeaderEvenWithoutAnyClaim() throws Exception {
        HttpResponse<String> answer = send(HttpRequest.newBuilder(uri("/api/auth/sessions"))
                .header("Authorization", "Bearer admin").GET());

        assertThat(answer.body()).contains("\"client\":\"[127.0.0.1]\"");
    }

    @Test
    void aClientCannotEscapeTheLoginRateLimitWithXForwardedFor() throws Exception {
        assertThat(login("198.51.100.1").statusCode()).isEqualTo(401);
        assertThat(login("198.51.100.2").statusCode()).isEqualTo(401);

        HttpResponse<String> third = login("198.51.100.3");

        assertThat(third.statusCode()).isEqualTo(429);
        assertThat(third.body()).contains("urn:sra:problem:too-many-requests");
    }

    private HttpResponse<String> login(String claimedAddress) throws Exception {
        return send(HttpRequest.newBuilder(uri("/api/account/login")).header("Content-Type", "application/json")
                .header("X-Forwarded-For", claimedAddress).header(ClientAddressFilter.HEADER, claimedAddress)
                .POST(HttpRequest.BodyPublishers.ofString("{\"loginId\":\"a\",\"password\":\"b\"}")));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }
}
