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

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.sra.local.bench.Api;
import org.sra.local.bench.DeviceCsvFile;
import org.sra.local.bench.HeadOfLine;
import org.sra.local.bench.Lab;
import org.sra.local.bench.LabTenant;
import org.sra.local.bench.Metrics;
import org.sra.local.bench.Radclient;
import org.sra.local.bench.Waits;
import org.sra.local.services.ServiceSpec;

/**
 * The whole platform as {@code run-local.sh} starts it, driven through the gateway, started once
 * for all these parts in order (one stack start serves them all; it is the slowest thing the build
 * does):
 * <ol>
 * <li>an operator creates a tenant (R-OPS-1); directory-service writes it with its outbox, the
 * relay publishes {@code TenantProvisioned} to the real Kafka broker and device-service consumes
 * it, so the tenant's admin soon sees the contract's devices-per-user (R-ASN-2); a change of its
 * notification addresses keeps one trace id from the gateway's answer ({@code X-Trace-Id}) to the
 * consuming service's log line ({@link TraceCheck});</li>
 * <li>the administrator guide walked in headless chromium from the first login to 接続準備完了,
 * with radclient on 127.0.0.1 as the tenant's headend ({@link ConsoleGuideWalk});</li>
 * <li>while tenant X's 2,000 imported devices' events drain, tenant Y assigns a user their device
 * and Debian's {@code radclient}, as Y's headend, gets the Access-Accept within 2 s of the
 * assignment's being saved, twice: Y's events do not queue behind X's (then X's events all
 * arrive). A first round with 300 devices warms the paths up, unmeasured. Y's headend sends from
 * {@value #Y_HEADEND} (a NAS address belongs to one tenant, and 127.0.0.1 is the walk's);</li>
 * <li>last, after a stop and a start of the same stack on the same data directory, the tenant and
 * its contract are still there (and so is the walk's tenant).</li>
 * </ol>
 * Each part is a test of its own, so a failure in one still lets the others run and report.
 *
 * <p>Skipped until the six service jars are built ({@code ./mvnw -DskipTests package}); the
 * walk without chromium, chromedriver or radclient, the head-of-line part without radclient
 * ({@code freeradius-utils}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalStackIntegrationTests {

    private static final Path ROOT = Path.of("../..").toAbsolutePath().normalize();
    /**
     * Added to every port ({@code -Dsra.it.port-offset}, default 20000): a second run of this test on
     * the same machine needs another, e.g. 24000.
     */
    private static final int PORT_OFFSET = Integer.getInteger("sra.it.port-offset", 20000);
    /** Whether part 2, the browser walk, runs ({@code -Dsra.it.walk=false} leaves it out). */
    private static final boolean WALK = Boolean.parseBoolean(System.getProperty("sra.it.walk", "true"));
    /**
     * Which services the stack runs twice: {@link ReplicaChecks#REPLICAS} and part 4 checks them
     * ({@code -Dsra.it.replicas=false}: every service once, part 4 left out; another list, e.g.
     * {@code auth-service=2,gateway=2}: those, part 4 left out; both to compare).
     */
    private static final String REPLICA_LIST = switch (System.getProperty("sra.it.replicas", "true")) {
        case "true" -> ReplicaChecks.REPLICAS;
        case "false" -> "";
        default -> System.getProperty("sra.it.replicas");
    };
    private static final boolean REPLICAS = REPLICA_LIST.equals(ReplicaChecks.REPLICAS);
    private static final Duration EVENTUALLY = Duration.ofSeconds(90);
    /** What an admin may wait for another tenant's change to reach the headend while a bulk import drains. */
    private static final Duration ACCEPT_WITHIN = Duration.ofSeconds(2);
    private static final int IMPORTED = 2_000;
    private static final int WARM_UP = 300;
    /** Where Y's headend (radclient) sends from: another loopback address than the walk's headend. */
    private static final String Y_HEADEND = "127.0.0.2";

    @TempDir
    static Path data;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private StackOptions options;
    private LocalStack stack;
    private String tenantId;
    /** Whether the console walk got through, so that its tenant is looked for after the restart. */
    private boolean walked;

    @BeforeAll
    void start() throws Exception {
        List<ServiceSpec> missing = ServiceSpec.missingJars(ROOT);
        assumeTrue(missing.isEmpty(), () -> "service jars not built yet: "
                + missing.stream().map(ServiceSpec::module).collect(Collectors.joining(", ")));
        options = StackOptions.parse("--root", ROOT.toString(), "--data", data.toString(),
                "--port-offset", String.valueOf(PORT_OFFSET), "--ready-timeout", "300",
                "--replicas", REPLICA_LIST);
        stack = newStack();
        stack.start();
        System.out.println("stack started in " + stack.startTime().toMillis() + " ms (replicas "
                + (REPLICA_LIST.isEmpty() ? "none" : REPLICA_LIST) + ")");
    }

    /** A stack on these options, with the test stack's settings for the replica checks. */
    private LocalStack newStack() {
        LocalStack created = new LocalStack(options);
        ReplicaChecks.TEST_ENVIRONMENT.forEach((module, environment) ->
                environment.forEach((name, value) -> created.serviceEnvironment(module, name, value)));
        return created;
    }

    @AfterAll
    void stop() {
        if (stack != null) {
            stack.close();
        }
        // belt and braces: nothing this test JVM started may outlive it, whatever failed
        ProcessHandle.current().descendants().forEach(ProcessHandle::destroyForcibly);
    }

    @Test
    @Order(1)
    void aTenantCreatedThroughTheGatewayReachesDeviceService() throws Exception {
        HttpResponse<String> created = http.send(request(stack, "/api/operator/tenants", stack.tokens().operator())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"name\":\"Globex\",\"devicesPerUser\":3,\"vpnPool\":\"10.20.0.0/24\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());

        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        tenantId = field(created.body(), "tenantId");
        assertThat(tenantId).as("tenantId in %s", created.body()).isNotBlank();
        assertThat(awaitContract(stack, stack.tokens().admin(tenantId))).isEqualTo("3");
        // one trace id from the gateway through directory-service, its outbox and Kafka to notification-service's consumer
        TraceCheck.traceCrossesKafka(stack, tenantId);
    }

    @Test
    @Order(2)
    void anAdministratorWalksTheGuideFromFirstLoginToReadyInJapaneseThenInEnglish() throws Exception {
        assumeTrue(WALK, "the walk is left out (-Dsra.it.walk=false)");
        String missingTools = ConsoleGuideWalk.missingTools();
        assumeTrue(missingTools == null, missingTools);
        new ConsoleGuideWalk(stack, data).walk();
        walked = true;
    }

    @Test
    @Order(4)
    void anotherTenantsAssignmentReachesTheHeadendWithinTwoSecondsWhileABulkImportDrains() throws Exception {
        assumeTrue(Radclient.installed(), "radclient (freeradius-utils) is not installed");
        // With the replicas, both auth-service instances run: the headend asks the first, and an
        // assignment the other consumed reaches the first's memory within a moment (it hears the
        // event on its broadcast binding and polls the store's change feed at once; auth-service
        // README), so the bound below holds for either.
        // the other platform class's faults (JVM restarts, outages) wait meanwhile, and its flow holds back
        try (TimingSection section = TimingSection.measuring("the head-of-line part")) {
            Lab lab = new Lab(stack.ports(), stack.tokens(), data);
            LabTenant x = LabTenant.create(lab, "Bulk X", 3, "10.30.0.0/20");
            LabTenant y = LabTenant.create(lab, "Single Y", 2, "10.31.0.0/24");
            HeadOfLine headOfLine = HeadOfLine.prepare(lab, y, Y_HEADEND, "head-of-line-secret-2026", 3);
            // a first, small round through the same paths, so that what is measured below is the
            // platform at work rather than its first minute (classes loaded, code compiled)
            // an import is announced in parts of up to 500 devices (DevicesImported), so its progress
            // at auth-service is counted in parts
            double warmBefore = handled(lab, IMPORT_EVENT);
            assertThat(x.importDevices(DeviceCsvFile.mixed("warm-x", 6, WARM_UP)).status()).isEqualTo(200);
            HeadOfLine.Repeat warmUp = headOfLine.assignAndConnect(2, Duration.ofSeconds(60), IMPORT_EVENT);
            System.out.printf("warm-up: Y's assignment accepted %d ms after it was saved%n", warmUp.latency().toMillis());
            Waits.until("auth-service handled X's first import of " + WARM_UP + " devices", Duration.ofSeconds(120),
                    () -> handled(lab, IMPORT_EVENT) - warmBefore >= parts(WARM_UP));
            double handledBefore = handled(lab, IMPORT_EVENT);

            Api.Answer imported = x.importDevices(DeviceCsvFile.mixed("hol-x", 7, IMPORTED));
            assertThat(imported.status()).as(imported.abbreviated()).isEqualTo(200);
            assertThat(imported.json().path("created").asInt()).isEqualTo(IMPORTED);

            for (int i = 0; i < 2; i++) {
                HeadOfLine.Repeat repeat = headOfLine.assignAndConnect(i, Duration.ofSeconds(60), IMPORT_EVENT);
                double xHandled = repeat.bulkHandledAtAccept() - handledBefore;
                System.out.printf("Y's assignment %d: Access-Accept %d ms after it was saved; parts of X's import handled "
                                + "at auth-service then: %.0f of %d; decisions %s%n", i + 1, repeat.latency().toMillis(),
                        xHandled, parts(IMPORTED), repeat.reasons());
                if (xHandled >= parts(IMPORTED)) {
                    System.out.println("(X's import had been handled by then: this machine handled it faster than"
                            + " the assignment took; the bound still holds)");
                }
                assertThat(repeat.latency()).as("Y's assignment %d → Access-Accept (decisions %s)", i + 1, repeat.reasons())
                        .isLessThanOrEqualTo(ACCEPT_WITHIN);
            }
            // and X's import arrives whole, nothing lost behind Y's events
            Waits.until("auth-service handled the " + parts(IMPORTED) + " parts of X's import", Duration.ofSeconds(180),
                    () -> handled(lab, IMPORT_EVENT) - handledBefore >= parts(IMPORTED));
        }
    }

    /** The event an import announces its devices with, up to {@value #PART} per part (device-service README). */
    private static final String IMPORT_EVENT = "DevicesImported";
    private static final int PART = 500;

    private static int parts(int devices) {
        return (devices + PART - 1) / PART;
    }

    /**
     * Two instances of auth-, device-, profile- and notification-service and of the gateway agree
     * ({@link ReplicaChecks}); it kills a notification-service replica.
     */
    @Test
    @Order(3)
    void replicasOfEachServiceAgree() {
        assumeTrue(REPLICAS, "the stack does not run " + ReplicaChecks.REPLICAS + " (-Dsra.it.replicas)");
        new ReplicaChecks(stack, data).run();
    }

    /** The very end: the same stack stopped and started again on its data directory. */
    @Test
    @Order(5)
    void theTenantAndItsContractSurviveARestart() throws Exception {
        assumeTrue(tenantId != null, "the tenant was not created");
        stack.close();
        // the data is the point here, not the replicas: every service once starts in half the time
        options = StackOptions.parse("--root", ROOT.toString(), "--data", data.toString(),
                "--port-offset", String.valueOf(PORT_OFFSET), "--ready-timeout", "300");
        stack = newStack();
        stack.start();
        System.out.println("stack started again in " + stack.startTime().toMillis() + " ms");

        HttpResponse<String> tenants = http.send(request(stack, "/api/operator/tenants", stack.tokens().operator())
                .GET().build(), HttpResponse.BodyHandlers.ofString());

        assertThat(tenants.statusCode()).as(tenants.body()).isEqualTo(200);
        assertThat(tenants.body()).startsWith("[");
        assertThat(fields(tenants.body(), "tenantId")).contains(tenantId);
        assertThat(awaitContract(stack, stack.tokens().admin(tenantId))).isEqualTo("3");
        if (walked) {
            assertThat(fields(tenants.body(), "name")).as("the tenant the walk set up in the console").contains("Acme");
        }
    }

    /** Events of {@code type} auth-service has handled (every tenant; duplicates skipped are not counted). */
    private static double handled(Lab lab, String type) {
        Metrics.Scrape auth = lab.metrics("auth").scrape();
        return auth.sum("sra_events_consumed_total", "type", type, "outcome", "handled");
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
