package org.sra.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sra.local.services.ServiceSpec;

/**
 * The whole platform as {@code run-local.sh} starts it, driven through the gateway: an operator
 * creates a tenant (R-OPS-1); directory-service writes it with its outbox, the relay publishes
 * {@code TenantProvisioned} to the real Kafka broker and device-service consumes it, so the
 * tenant's admin soon sees the contract's devices-per-user (R-ASN-2). After a stop and a start on
 * the same data directory the tenant and its contract are still there.
 *
 * <p>Skipped until the six service jars are built ({@code ./mvnw -DskipTests package}).
 */
class LocalStackIntegrationTests {

    private static final Path ROOT = Path.of("../..").toAbsolutePath().normalize();
    private static final int PORT_OFFSET = 20000;
    private static final Duration EVENTUALLY = Duration.ofSeconds(90);

    @TempDir
    Path data;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void aTenantCreatedThroughTheGatewayReachesDeviceServiceAndSurvivesARestart() throws Exception {
        List<ServiceSpec> missing = ServiceSpec.missingJars(ROOT);
        assumeTrue(missing.isEmpty(), () -> "service jars not built yet: "
                + missing.stream().map(ServiceSpec::module).collect(Collectors.joining(", ")));
        StackOptions options = StackOptions.parse("--root", ROOT.toString(), "--data", data.toString(),
                "--port-offset", String.valueOf(PORT_OFFSET), "--ready-timeout", "240");

        String tenantId;
        try (LocalStack stack = new LocalStack(options)) {
            stack.start();
            System.out.println("stack started in " + stack.startTime().toMillis() + " ms");
            String operator = stack.tokens().operator();

            HttpResponse<String> created = http.send(request(stack, "/api/operator/tenants", operator)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(
                            "{\"name\":\"Acme\",\"devicesPerUser\":3,\"vpnPool\":\"10.20.0.0/24\"}"))
                    .build(), HttpResponse.BodyHandlers.ofString());

            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            tenantId = field(created.body(), "tenantId");
            assertThat(tenantId).as("tenantId in %s", created.body()).isNotBlank();
            assertThat(awaitContract(stack, stack.tokens().admin(tenantId))).isEqualTo("3");
        }

        try (LocalStack stack = new LocalStack(options)) {
            stack.start();

            HttpResponse<String> tenants = http.send(request(stack, "/api/operator/tenants", stack.tokens().operator())
                    .GET().build(), HttpResponse.BodyHandlers.ofString());

            assertThat(tenants.statusCode()).as(tenants.body()).isEqualTo(200);
            assertThat(tenants.body()).startsWith("[");
            assertThat(fields(tenants.body(), "tenantId")).contains(tenantId);
            assertThat(awaitContract(stack, stack.tokens().admin(tenantId))).isEqualTo("3");
        }
    }

    /** Belt and braces: nothing this test JVM started may outlive it, whatever failed. */
    @AfterEach
    void noChildOutlivesTheTest() {
        ProcessHandle.current().descendants().forEach(ProcessHandle::destroyForcibly);
    }

    /** Polls the admin's contract view until it answers, and returns its devicesPerUser. */
    private String awaitContract(LocalStack stack, String adminToken) throws Exception {
        long deadline = System.nanoTime() + EVENTUALLY.toNanos();
        HttpResponse<String> last = null;
        while (System.nanoTime() < deadline) {
            last = http.send(request(stack, "/api/devices/contract", adminToken).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (last.statusCode() == 200 && field(last.body(), "devicesPerUser") != null) {
                return field(last.body(), "devicesPerUser");
            }
            Thread.sleep(500);
        }
        throw new AssertionError("GET /api/devices/contract did not answer 200 within " + EVENTUALLY.toSeconds()
                + " s; last answer: " + (last == null ? "none" : last.statusCode() + " " + last.body()));
    }

    private static HttpRequest.Builder request(LocalStack stack, String path, String token) {
        return HttpRequest.newBuilder(URI.create(stack.gatewayUrl() + path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token)
                .header("Accept", "application/json");
    }

    /** The first value of a top-level-or-nested JSON field, string or number; null if absent. */
    private static String field(String json, String name) {
        List<String> all = fields(json, name);
        return all.isEmpty() ? null : all.get(0);
    }

    private static List<String> fields(String json, String name) {
        Matcher matcher = Pattern.compile("\"" + Pattern.quote(name) + "\"\\s*:\\s*(?:\"([^\"]*)\"|(-?[0-9.]+))")
                .matcher(json);
        List<String> values = new ArrayList<>();
        while (matcher.find()) {
            values.add(matcher.group(1) != null ? matcher.group(1) : matcher.group(2));
        }
        return values;
    }
}
