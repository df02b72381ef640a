package org.sra.local.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The gateway's API as a script would call it: bearer token, JSON in and out. Every answer keeps
 * its status and how long it took, so callers can both assert and measure.
 *
 * <p>JSON is Jackson 2, which is on this module's test class path through Kafka (provided scope).
 */
public final class Api {

    static final ObjectMapper JSON = new ObjectMapper();
    /** Every 5xx any instance received, "METHOD path status", for the report. */
    public static final Queue<String> SERVER_ERRORS = new ConcurrentLinkedQueue<>();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String base;

    public Api(String base) {
        this.base = base;
    }

    public String base() {
        return base;
    }

    /** One answer: status, body, and the time from sending the request to the whole body. */
    public record Answer(String method, String path, int status, String body, Duration took) {

        public boolean ok() {
            return status / 100 == 2;
        }

        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new IllegalStateException(method + " " + path + " answered " + status + " with no JSON: " + body, e);
            }
        }

        /** This answer when it is a 2xx; else an error naming the call and what came back. */
        public Answer expectOk() {
            if (!ok()) {
                throw new IllegalStateException(method + " " + path + " answered " + status + ": " + abbreviated());
            }
            return this;
        }

        public String abbreviated() {
            return body.length() > 600 ? body.substring(0, 600) + "…" : body;
        }
    }

    public Answer get(String path, String token) {
        return send("GET", path, token, null, null);
    }

    public Answer post(String path, String token, Object json) {
        return send("POST", path, token, "application/json", bytes(json));
    }

    public Answer put(String path, String token, Object json) {
        return send("PUT", path, token, "application/json", bytes(json));
    }

    public Answer delete(String path, String token) {
        return send("DELETE", path, token, null, null);
    }

    public Answer postCsv(String path, String token, byte[] csv) {
        return send("POST", path, token, "text/csv", csv);
    }

    private Answer send(String method, String path, String token, String contentType, byte[] body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(120))
                .header("Accept", "application/json")
                .header("Accept-Language", "en")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        long started = System.nanoTime();
        try {
            HttpResponse<String> answer = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            if (answer.statusCode() >= 500) {
                SERVER_ERRORS.add(method + " " + path + " " + answer.statusCode());
            }
            return new Answer(method, path, answer.statusCode(), answer.body(), Duration.ofNanos(System.nanoTime() - started));
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + base + path + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static byte[] bytes(Object json) {
        try {
            return json instanceof String text ? text.getBytes(StandardCharsets.UTF_8) : JSON.writeValueAsBytes(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
