package org.sra.gateway.instances;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.sun.net.httpserver.HttpServer;

/**
 * A service running twice: the gateway sends its calls to both instances in turn, and once one
 * stops, to the other only (after at most one call that found it gone).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ServiceInstancesIntegrationTests {

    private static final Map<String, HttpServer> DEVICE = new ConcurrentHashMap<>();
    /** Which instance answered each call, in order. */
    private static final Queue<String> ANSWERED = new ConcurrentLinkedQueue<>();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) throws IOException {
        List<String> urls = new ArrayList<>();
        for (String instance : new String[] {"device-1", "device-2"}) {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/", exchange -> {
                exchange.getRequestBody().readAllBytes();
                ANSWERED.add(instance);
                byte[] body = (instance + " " + exchange.getRequestURI()).getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
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
    void callsGoToBothInstancesInTurnAndOnlyToTheLiveOneOnceTheOtherStops() throws Exception {
        for (int i = 0; i < 6; i++) {
            HttpResponse<String> answer = send("GET", "/api/devices/d" + i + "?page=" + i);
            assertThat(answer.statusCode()).isEqualTo(200);
            // path and query reach the instance unchanged
            assertThat(answer.body()).endsWith(" /api/devices/d" + i + "?page=" + i);
        }
        assertThat(ANSWERED).containsExactlyInAnyOrder("device-1", "device-2", "device-1", "device-2", "device-1",
                "device-2");

        DEVICE.get("device-2").stop(0);
        ANSWERED.clear();
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            statuses.add(send("POST", "/api/assignments/u" + i + "/devices/d" + i).statusCode());
        }

        // a POST is not retried by the gateway: the one that found device-2 gone answers 503,
        // every later one goes to device-1
        assertThat(statuses.stream().filter(status -> status == 503).count()).as("statuses %s", statuses)
                .isLessThanOrEqualTo(1);
        assertThat(statuses.subList(statuses.indexOf(503) + 1, statuses.size())).containsOnly(200);
        assertThat(ANSWERED).containsOnly("device-1").hasSize(statuses.size() - (statuses.contains(503) ? 1 : 0));
        // a GET that finds an instance gone is retried on the other
        for (int i = 0; i < 4; i++) {
            assertThat(send("GET", "/api/devices/after-stop-" + i).statusCode()).isEqualTo(200);
        }
    }

    private HttpResponse<String> send(String method, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer t").method(method, HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
