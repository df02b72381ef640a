package org.sra.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.sun.net.httpserver.HttpServer;

/**
 * Bulk work (a 10,000-row device CSV import and the like) answers when it is done: the gateway
 * waits for it up to {@code sra.gateway.bulk-timeout} (120 s) instead of answering "unavailable"
 * after the 10 s a normal call may take. The stub services answer every call after 11 s, with
 * the limits as configured in application.yml; all calls go out at once, so the test takes the
 * stub's 11 s once.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class BulkRoutesIntegrationTests {

    /** Longer than a normal call may take (10 s), far shorter than bulk work may (120 s). */
    static final Duration SLOW = Duration.ofSeconds(11);

    private static final Map<String, HttpServer> SERVICES = new ConcurrentHashMap<>();

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) throws IOException {
        for (String service : new String[] {"directory", "device", "profile"}) {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            server.createContext("/", exchange -> {
                exchange.getRequestBody().readAllBytes();
                try {
                    Thread.sleep(SLOW);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                byte[] body = ("{\"done\":\"" + exchange.getRequestURI().getPath() + "\"}")
                        .getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
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

    /** An answer and how long it took. */
    record Answer(HttpResponse<String> response, Duration took) {
    }

    @Test
    void slowBulkWorkGetsItsAnswerWhileANormalCallIsStillCutAtTenSeconds() {
        Map<String, CompletableFuture<Answer>> bulk = new LinkedHashMap<>();
        for (String call : List.of(
                "POST /api/devices/csv/import", "POST /api/devices/csv/dry-run", "GET /api/devices/csv/export",
                "POST /api/devices/bulk/delete", "POST /api/devices/bulk/connection",
                "POST /api/vpn-users", "POST /api/vpn-users/import", "GET /api/vpn-users/export.csv",
                "POST /api/local-users/import", "GET /api/local-users/export.csv", "GET /api/audit/export.csv",
                "POST /api/profiles/send", "POST /api/profiles/delete", "PUT /api/profiles/connection",
                "POST /api/profiles/registrations", "PUT /api/proxy/applied",
                "PUT /api/local-segment/applied")) {
            bulk.put(call, send(call));
        }
        // writes, which the gateway never retries, so the cut is seen once at 10 s
        Map<String, CompletableFuture<Answer>> normal = new LinkedHashMap<>();
        for (String call : List.of("POST /api/devices", "PUT /api/assignments/u1", "POST /api/profiles/u1:d1/send",
                "POST /api/local-users")) {
            normal.put(call, send(call));
        }

        bulk.forEach((call, answer) -> {
            HttpResponse<String> response = answer.join().response();
            assertThat(response.statusCode()).as(call).isEqualTo(200);
            assertThat(response.body()).as(call).contains(call.substring(call.indexOf(' ') + 1));
        });
        normal.forEach((call, answer) -> {
            Answer cut = answer.join();
            // a timeout, which never claims the service is down (the write may have been done)
            assertThat(cut.response().statusCode()).as(call).isEqualTo(504);
            assertThat(cut.response().body()).as(call).contains("urn:sra:problem:service-timeout")
                    .contains("処理は完了している可能性があります").doesNotContain("unavailable").doesNotContain("利用できません");
            // a 504 and not the stub's 200, and not before the limit: the time limiter cut it
            assertThat(cut.took()).as(call).isGreaterThanOrEqualTo(Duration.ofSeconds(10));
        });
    }

    private CompletableFuture<Answer> send(String call) {
        String[] parts = call.split(" ");
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + parts[1]))
                .header("Authorization", "Bearer admin").header("Content-Type", "application/json")
                .method(parts[0], parts[0].equals("GET") ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString("{}"))
                .timeout(Duration.ofSeconds(60)).build();
        long start = System.nanoTime();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                .thenApply(response -> new Answer(response, Duration.ofNanos(System.nanoTime() - start)));
    }
}
