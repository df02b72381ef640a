package org.sra.device;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.TestRestTemplate;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureTestRestTemplate;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.data.domain.PageRequest;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.ContextConfiguration;
import org.sra.device.assignment.VpnUser;
import org.sra.device.device.Device;
import org.sra.device.device.DeviceFilter;
import org.sra.device.device.DeviceListing;
import org.sra.kit.outbox.AggregateDocument;
import org.sra.kit.outbox.OutboxRelay;
import org.sra.kit.test.SraIntegrationTest;

import com.sun.management.OperatingSystemMXBean;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;

/**
 * Not a test: a measurement that prints figures (docs/benchmarks.md, "Device import and list").
 * The store is mongo-java-server with the H2 MVStore backend in a temporary file, as the local
 * stack runs it. One tenant gets 30,000 devices in three CSV imports of 10,000 rows while two
 * other tenants hold 5,000 each; then the list is paged through over HTTP. Prints wall time and
 * the CPU time of the whole JVM (server, client and broker share it; the machine is shared too).
 * Not matched by surefire's patterns; run with
 * {@code ./mvnw -o -pl device-service test -Dtest=DeviceBenchmark -Dsurefire.failIfNoSpecifiedTests=false}
 * and {@code grep BENCHMARK device-service/target/surefire-reports/org.sra.device.DeviceBenchmark-output.txt}.
 */
@SraIntegrationTest
@ContextConfiguration(initializers = DeviceBenchmark.H2Store.class)
@AutoConfigureTestRestTemplate
class DeviceBenchmark {

    static final int IMPORT_ROWS = 10_000;
    static final int IMPORTS = 3;
    static final int OTHER_TENANT_DEVICES = 5_000;
    static final int PAGE_SIZE = 50;
    static final int PAGES = Integer.getInteger("benchmark.pages", 200);
    static final int FILTERED_PAGES = Integer.getInteger("benchmark.filteredPages", 100);

    private static final Path DIR = temporaryDirectory();
    private static final H2Backend BACKEND = new H2Backend(DIR.resolve("bench.mv.db").toString());
    private static final MongoServer STORE = new MongoServer(BACKEND);
    private static final InetSocketAddress ADDRESS = STORE.bind();

    /** Points the service at the H2 store instead of the kit's in-memory one. */
    static final class H2Store implements ApplicationContextInitializer<ConfigurableApplicationContext> {

        @Override
        public void initialize(ConfigurableApplicationContext context) {
            TestPropertyValues.of("spring.mongodb.uri=mongodb://127.0.0.1:" + ADDRESS.getPort() + "/sra-device-bench")
                    .applyTo(context);
        }
    }

    @AfterAll
    static void closeStore() {
        STORE.shutdownNow();
    }

    @Autowired
    TestRestTemplate http;
    @Autowired
    MongoTemplate mongo;
    @Autowired
    OutboxRelay relay;
    @Autowired
    DeviceListing listing;

    /** CPU time the whole JVM spent in the last {@link #millis} call. */
    private long lastCpu;

    @Test
    void thirtyThousandDevicesOfOneTenantAmongOthers() {
        assertThat(mongo.getDb().getName()).as("the benchmark runs on the H2 store").isEqualTo("sra-device-bench");
        // the relay is not what is measured here: with 40,000 pending documents it would take the CPU
        relay.stop();
        report("load average at start: %.1f on %d cores", ManagementFactory.getOperatingSystemMXBean()
                .getSystemLoadAverage(), Runtime.getRuntime().availableProcessors());

        // warm-up (JIT) in a tenant of its own, whose devices stay
        TestApi warmUp = TestApi.admin(http, UUID.randomUUID().toString());
        ok(warmUp.postCsv("/api/devices/csv/import", csv(0, 2_000)));
        for (int page = 0; page < 20; page++) {
            ok(warmUp.get("/api/devices?size=" + PAGE_SIZE + "&page=" + page));
        }
        for (int other = 0; other < 2; other++) {
            TestApi tenant = TestApi.admin(http, UUID.randomUUID().toString());
            ok(tenant.postCsv("/api/devices/csv/import", csv(0, OTHER_TENANT_DEVICES)));
            ok(tenant.get("/api/devices?size=" + PAGE_SIZE));
        }

        String tenant = UUID.randomUUID().toString();
        TestApi admin = TestApi.admin(http, tenant);
        for (int i = 0; i < IMPORTS; i++) {
            byte[] file = csv(i * IMPORT_ROWS, IMPORT_ROWS);
            if (i == IMPORTS - 1) {
                long dryRun = millis(() -> assertThat(ok(admin.postCsv("/api/devices/csv/dry-run", file)).getBody())
                        .containsEntry("validRows", IMPORT_ROWS));
                report("CSV dry run of %,d rows (%,d bytes) with %,d devices in the tenant: %,d ms (%,d ms CPU)",
                        IMPORT_ROWS, file.length, i * IMPORT_ROWS, dryRun, lastCpu);
            }
            long commit = millis(() -> assertThat(ok(admin.postCsv("/api/devices/csv/import", file)).getBody())
                    .containsEntry("created", IMPORT_ROWS));
            report("CSV import of %,d rows with %,d devices in the tenant, %,d in the store: %,d ms (%,d ms CPU)",
                    IMPORT_ROWS, i * IMPORT_ROWS, 2_000 + 2 * OTHER_TENANT_DEVICES + i * IMPORT_ROWS, commit,
                    lastCpu);
        }
        long cold = millis(() -> ok(admin.get("/api/devices?size=" + PAGE_SIZE + "&page=0")));
        report("first list page of the tenant after the imports: %,d ms (%,d ms CPU)", cold, lastCpu);
        assignSome(admin, tenant);
        report("list, every device with its events still pending:");
        pages(tenant);

        // as if the relay had caught up: documents without pending events
        mongo.updateMulti(Query.query(Criteria.where("outbox.0").exists(true)),
                new Update().set(AggregateDocument.OUTBOX, List.of()), Device.class);
        report("list, events relayed:");
        pages(tenant);
    }

    /**
     * 20 devices given to 10 users, so that the user sort and the assignment filter have something
     * to do; each assignment is timed too (it is not what this benchmark is about, see the report).
     */
    private void assignSome(TestApi admin, String tenant) {
        List<Map<String, Object>> items = items(ok(admin.get("/api/devices?size=20&page=3")));
        List<Long> assignments = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            String userId = "u-" + (i / 2);
            if (i % 2 == 0) {
                mongo.save(new VpnUser(tenant + ":" + userId, tenant, userId, "user-" + (i / 2), "User " + (i / 2)));
            }
            String path = "/api/assignments/" + userId + "/devices/" + items.get(i).get("id");
            assignments.add(millis(() -> ok(admin.post(path, Map.of()))));
        }
        report("assign one device (HTTP), %d times: %s", assignments.size(), stats(assignments));
    }

    private void pages(String tenant) {
        // a fresh token: the test tokens expire, and the old code took longer than that to page
        TestApi admin = TestApi.admin(http, tenant);
        int pagesInTenant = IMPORTS * IMPORT_ROWS / PAGE_SIZE;
        List<Long> plain = new ArrayList<>();
        long cpuBefore = processCpuMillis();
        for (int i = 0; i < PAGES; i++) {
            // spread over the whole list, first and last page included
            int page = (int) ((long) i * 7919 % pagesInTenant);
            plain.add(millis(() -> assertThat(items(ok(admin.get("/api/devices?size=" + PAGE_SIZE + "&page=" + page))))
                    .hasSize(PAGE_SIZE)));
        }
        report("  %d pages of %d by name:     %s; process CPU %.1f ms per page", plain.size(), PAGE_SIZE,
                stats(plain), (processCpuMillis() - cpuBefore) / (double) plain.size());
        List<Long> inProcess = new ArrayList<>();
        cpuBefore = processCpuMillis();
        for (int i = 0; i < PAGES; i++) {
            int page = (int) ((long) i * 7919 % pagesInTenant);
            inProcess.add(millis(() -> listing.page(tenant, DeviceFilter.none(), PageRequest.of(page, PAGE_SIZE))));
        }
        report("  the same pages in-process (no HTTP, token check or JSON): %s; process CPU %.1f ms per page",
                stats(inProcess), (processCpuMillis() - cpuBefore) / (double) inProcess.size());
        TestApi filtering = TestApi.admin(http, tenant);
        List<Long> filtered = new ArrayList<>();
        cpuBefore = processCpuMillis();
        String[] filters = {"type=MAC", "name=pc-0042", "sort=type,desc", "assigned=false&sort=createdAt",
                "name=99&type=WINDOWS", "sort=user,desc", "assigned=true",
                "connectionAllowed=false&sort=createdAt,desc"};
        for (int i = 0; i < FILTERED_PAGES; i++) {
            String filter = filters[i % filters.length];
            int page = i % 5;
            String path = "/api/devices?" + filter + "&size=" + PAGE_SIZE + "&page=" + page;
            filtered.add(millis(() -> ok(filtering.get(path))));
        }
        report("  %d filtered/sorted pages:   %s; process CPU %.1f ms per page", filtered.size(), stats(filtered),
                (processCpuMillis() - cpuBefore) / (double) filtered.size());
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> items(ResponseEntity<Map> page) {
        return (List<Map<String, Object>>) page.getBody().get("items");
    }

    private static ResponseEntity<Map> ok(ResponseEntity<Map> answer) {
        assertThat(answer.getStatusCode()).as(String.valueOf(answer.getBody())).isEqualTo(HttpStatus.OK);
        return answer;
    }

    /** Devices {@code from … from+count-1}: names, serials and MACs unique within a tenant. */
    private static byte[] csv(int from, int count) {
        StringBuilder csv = new StringBuilder("name,connectionAllowed,type,deviceAuth,method,serialId,macAddress\n");
        String[] types = {"WINDOWS", "MAC", "IOS", "ANDROID"};
        for (int i = from; i < from + count; i++) {
            String type = types[i % 4];
            csv.append(String.format("pc-%05d,%s,%s,", i, i % 7 != 0, type));
            if (i % 10 == 0) {
                csv.append("false,,,\n");
            } else if (i % 4 < 2 && i % 3 == 0) {
                csv.append(String.format("true,MAC_ADDRESS,,02-00-00-%02x-%02x-%02x\n", i >> 16, (i >> 8) & 0xff,
                        i & 0xff));
            } else {
                csv.append(i % 2 == 0 ? String.format("true,SERIAL_ID,SN%08d,\n", i) : "true,,,\n");
            }
        }
        return csv.toString().getBytes(StandardCharsets.UTF_8);
    }

    private long millis(Supplier<?> action) {
        long cpuStart = processCpuMillis();
        long start = System.nanoTime();
        action.get();
        long wall = (System.nanoTime() - start) / 1_000_000;
        lastCpu = processCpuMillis() - cpuStart;
        return wall;
    }

    private static long processCpuMillis() {
        return ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime() / 1_000_000;
    }

    private static String stats(List<Long> millis) {
        List<Long> sorted = new ArrayList<>(millis);
        Collections.sort(sorted);
        return String.format("p50 %d ms, p95 %d ms, p99 %d ms, max %d ms", at(sorted, 0.50), at(sorted, 0.95),
                at(sorted, 0.99), sorted.getLast());
    }

    private static long at(List<Long> sorted, double quantile) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(quantile * sorted.size()) - 1));
    }

    private static Path temporaryDirectory() {
        try {
            return Files.createTempDirectory("device-benchmark");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void report(String format, Object... args) {
        System.out.println("BENCHMARK " + String.format(format, args));
    }
}
