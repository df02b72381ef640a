package org.sra.gateway.instances;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.sun.net.httpserver.HttpServer;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;

/**
 * A service running twice, as two real HTTP servers: the gateway sends its calls to both in turn;
 * once one stops, no admin sees a 503 (the call that finds it gone is made again on the other,
 * whatever its method) and the service's circuit stays closed; only when both are stopped does
 * the admin get the 503 {@code service-unavailable}. A slow instance's call still ends in the 504
 * {@code service-timeout} (here after 2 s instead of 10 s).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "resilience4j.timelimiter.configs.default.timeout-duration=2s")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ServiceInstancesIntegrationTests {

    private static final Map<String, HttpServer> DEVICE = new ConcurrentHashMap<>();
    /** Which instance answered each call, in order. */
    private static final Queue<String> ANSWERED = new ConcurrentLinkedQueue<>();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Duration SLOW = Duration.ofSeconds(3);

    @LocalServerPort
    int port;
    @Autowired
    CircuitBreakerRegistry breakers;

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) throws IOException {
        List<String> urls = new ArrayList<>();
        for (String instance : new String[] {"device-1", "device-2"}) {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/", exchange -> {
                exchange.getRequestBody().readAllBytes();
                if (exchange.getRequestURI().getPath().contains("slow")) {
                    try {
                        Thread.sleep(SLOW);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                ANSWERED.add(instance);
                byte[] body = (instance + " " + exchange.getRequestURI()).getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.setExecutor(Executors.newCachedThreadPool());
            server.start();
            DEVICE.put(instance, server);
            urls.add("http://127.0.0.1:" + server.getAddress().getPort());
        }
        registry.add("sra.gateway.services.device", () -> urls.get(0));
        registry.add("sra.gateway.instances.device", () -> String.join(",", urls));
        registry.add("sra.gateway.down-for", () -> "1m");
    }

    @AfterAll
    static void stop() {
        DEVICE.values().forEach(server -> server.stop(0));
    }

    @Test
    @Order(1)
    void callsGoToBothInstancesInTurnAndASlowOneStillAnswers504() throws Exception {
        for (int i = 0; i < 6; i++) {
            HttpResponse<String> answer = send("GET", "/api/devices/d" + i + "?page=" + i);
            assertThat(answer.statusCode()).isEqualTo(200);
            // path and query reach the instance unchanged
            assertThat(answer.body()).endsWith(" /api/devices/d" + i + "?page=" + i);
        }
        assertThat(ANSWERED).containsExactlyInAnyOrder("device-1", "device-2", "device-1", "device-2", "device-1",
                "device-2");

        long began = System.nanoTime();
        HttpResponse<String> slow = send("POST", "/api/devices/slow");
        Duration took = Duration.ofNanos(System.nanoTime() - began);
        assertThat(slow.statusCode()).as(slow.body()).isEqualTo(504);
        assertThat(slow.body()).contains("urn:sra:problem:service-timeout");
        assertThat(slow.headers().firstValue("Retry-After")).isEmpty();
        assertThat(took).isBetween(Duration.ofMillis(1_900), SLOW);
        // the slow instance finishes its answer, which nobody waits for any more, before the next part
        long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (ANSWERED.size() < 7 && System.nanoTime() < until) {
            Thread.sleep(50);
        }
        assertThat(ANSWERED).hasSize(7);
    }

    @Test
    @Order(2)
    void oneInstanceStoppedNoCallGets503AndTheServicesCircuitStaysClosed() throws Exception {
        DEVICE.get("device-2").stop(0);
        ANSWERED.clear();
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            statuses.add(send(i % 2 == 0 ? "POST" : "GET", "/api/assignments/u" + i + "/devices/d" + i).statusCode());
        }

        // the call that found device-2 gone (a POST or a GET) went on to device-1, and so did every later one
        assertThat(statuses).as("statuses").containsOnly(200);
        assertThat(ANSWERED).containsOnly("device-1").hasSize(statuses.size());
        assertThat(breakers.circuitBreaker("device-service").getState()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(breakers.circuitBreaker("device-service").getMetrics().getNumberOfFailedCalls()).isZero();
        assertThat(breakers.circuitBreaker("device-service#1").getState()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(breakers.circuitBreaker("device-service#2").getMetrics().getNumberOfFailedCalls()).isPositive();
    }

    @Test
    @Order(3)
    void bothInstancesStoppedTheAdminGets503WithRetryAfter() throws Exception {
        DEVICE.get("device-1").stop(0);
        for (String method : new String[] {"POST", "GET"}) {
            HttpResponse<String> answer = send(method, "/api/devices/d-gone");
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(503);
            assertThat(answer.body()).contains("urn:sra:problem:service-unavailable");
            assertThat(answer.headers().firstValue("Retry-After")).hasValue("10");
        }
    }

    private HttpResponse<String> send(String method, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer t").method(method, HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
