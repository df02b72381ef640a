package org.sra.local;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One trace followed across the running stack: an admin's change goes in at the gateway, which
 * answers with the trace id in {@code X-Trace-Id}; directory-service saves it and raises
 * {@code SettingsChanged} in the same outbox write, keeping the request's trace context; its relay
 * sends the event to Kafka with a {@code traceparent} header; notification-service consumes it in a
 * child span of that trace and logs {@code Mail settings of tenant …} — a line that must carry
 * the same trace id ({@code [notification-service,<trace id>,<span id>,tenant=…]}) in its log file
 * under the stack's data directory ({@code logs/notification-service*.log}, one per instance, written by
 * {@link org.sra.local.services.ServiceFleet}).
 */
final class TraceCheck {

    /** The consumer whose log line shows the trace, and the line it writes for {@code SettingsChanged}. */
    static final String CONSUMER = "notification-service";

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Pattern TRACE_ID = Pattern.compile("[0-9a-f]{32}");

    private TraceCheck() {
    }

    /** What the check found: the request's trace id and the consumer's log line that carries it. */
    record Found(String traceId, String logLine) {
    }

    /**
     * Changes the tenant's notification addresses through the gateway as its admin and waits until
     * the consumer's log has a line of that change with the gateway's trace id.
     *
     * @param tenantId a tenant of the stack (e.g. one the operator created through the gateway)
     * @throws AssertionError when the gateway names no trace id or no such line appears in time
     */
    static Found traceCrossesKafka(LocalStack stack, String tenantId) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<String> changed = http.send(HttpRequest.newBuilder(
                        URI.create(stack.gatewayUrl() + "/api/settings/notification-addresses"))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + stack.tokens().admin(tenantId))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"addresses\":\"trace-check@example.com\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (changed.statusCode() != 200) {
            throw new AssertionError("changing the notification addresses answered " + changed.statusCode() + ": "
                    + changed.body());
        }
        String traceId = changed.headers().firstValue("X-Trace-Id")
                .filter(id -> TRACE_ID.matcher(id).matches())
                .orElseThrow(() -> new AssertionError("the gateway named no trace id: " + changed.headers().map()));

        // every instance of the consumer (with replicas, notification-service-2.log and so on)
        Path log = stack.options().data().resolve("logs");
        String mark = "[" + CONSUMER + "," + traceId + ",";
        String line = "Mail settings of tenant " + tenantId + ":";
        long giveUp = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < giveUp) {
            Optional<String> found = linesOf(log).stream()
                    .filter(text -> text.contains(mark) && text.contains(line)).findFirst();
            if (found.isPresent()) {
                return new Found(traceId, found.get());
            }
            Thread.sleep(500);
        }
        List<String> lines = linesOf(log);
        List<String> ofTenant = lines.stream().filter(text -> text.contains(line)).toList();
        throw new AssertionError("no line of " + CONSUMER + "'s logs in " + log + " carries trace " + traceId + " within " + WAIT
                + "; the consumer's lines of that change: " + ofTenant);
    }

    /** The lines of every log of the consumer's instances in {@code logs}. */
    private static List<String> linesOf(Path logs) throws IOException {
        List<String> lines = new ArrayList<>();
        try (Stream<Path> files = Files.list(logs)) {
            for (Path log : files.filter(file -> file.getFileName().toString().startsWith(CONSUMER)
                    && file.getFileName().toString().endsWith(".log")).sorted().toList()) {
                // the service appends while this reads: a half-written last line is read again next time
                lines.addAll(List.of(new String(Files.readAllBytes(log), StandardCharsets.UTF_8).split("\n")));
            }
        }
        return lines;
    }
}
