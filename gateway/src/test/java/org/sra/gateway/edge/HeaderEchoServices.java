package org.sra.gateway.edge;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.springframework.test.context.DynamicPropertyRegistry;

import com.sun.net.httpserver.HttpServer;

/**
 * Stub services that answer with the client-address headers they were given, so a test sees what
 * the gateway forwarded: {@code {"client":…,"xForwardedFor":…,"forwarded":…,"xRealIp":…}} (absent:
 * {@code null}). Logins get directory-service's 401, so the login rate limit can be reached.
 */
final class HeaderEchoServices {

    private final List<HttpServer> servers = new ArrayList<>();

    HeaderEchoServices(DynamicPropertyRegistry registry) throws IOException {
        for (String service : new String[] {"directory", "device", "profile", "auth", "notification"}) {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/", exchange -> {
                exchange.getRequestBody().readAllBytes();
                var headers = exchange.getRequestHeaders();
                boolean login = exchange.getRequestURI().getPath().endsWith("/login");
                String body = login ? "{\"type\":\"urn:sra:problem:login-failed\",\"status\":401}"
                        : "{\"client\":\"" + headers.get(ClientAddressFilter.HEADER)
                                + "\",\"xForwardedFor\":\"" + headers.get("X-Forwarded-For")
                                + "\",\"forwarded\":\"" + headers.get("Forwarded")
                                + "\",\"xRealIp\":\"" + headers.get("X-Real-IP") + "\"}";
                byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type",
                        login ? "application/problem+json" : "application/json");
                exchange.sendResponseHeaders(login ? 401 : 200, bytes.length);
                exchange.getResponseBody().write(bytes);
                exchange.close();
            });
            server.start();
            servers.add(server);
            registry.add("sra.gateway.services." + service, () -> "http://127.0.0.1:" + server.getAddress().getPort());
        }
    }

    void stop() {
        servers.forEach(server -> server.stop(0));
    }
}
