package org.sra.local.services;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * Stands in for a service jar in launcher tests: listens on {@code SERVER_PORT}, becomes ready
 * after a second (its readiness on {@code MANAGEMENT_SERVER_PORT} when given, as the gateway's),
 * and shows the environment it was given at {@code /env}.
 */
public final class FakeService {

    private FakeService() {
    }

    public static void main(String[] args) throws IOException {
        long readyAt = System.currentTimeMillis() + 1000;
        HttpServer server = HttpServer.create(
                new InetSocketAddress("127.0.0.1", Integer.parseInt(System.getenv("SERVER_PORT"))), 0);
        // like the gateway, the actuator on MANAGEMENT_SERVER_PORT when given, and then not on SERVER_PORT
        String managementPort = System.getenv("MANAGEMENT_SERVER_PORT");
        HttpServer management = managementPort == null ? server
                : HttpServer.create(new InetSocketAddress("127.0.0.1", Integer.parseInt(managementPort)), 0);
        management.createContext("/actuator/health/readiness", exchange -> {
            boolean ready = System.currentTimeMillis() > readyAt;
            reply(exchange, ready ? 200 : 503, ready ? "{\"status\":\"UP\"}" : "{\"status\":\"OUT_OF_SERVICE\"}");
        });
        server.createContext("/env", exchange -> {
            Map<String, String> env = new TreeMap<>(System.getenv());
            reply(exchange, 200, env.entrySet().stream()
                    .filter(e -> e.getKey().startsWith("SRA_") || e.getKey().startsWith("SPRING_")
                            || e.getKey().equals("SERVER_PORT") || e.getKey().startsWith("MANAGEMENT_"))
                    .map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining("\n")));
        });
        server.start();
        if (management != server) {
            management.start();
        }
        System.out.println("fake service listening on " + server.getAddress() + ", actuator on " + management.getAddress());
    }

    private static void reply(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
