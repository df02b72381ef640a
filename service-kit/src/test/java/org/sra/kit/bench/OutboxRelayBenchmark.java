package org.sra.kit.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.data.annotation.Id;
import org.springframework.data.mapping.callback.EntityCallbacks;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.SimpleMongoClientDatabaseFactory;
import org.springframework.data.mongodb.core.mapping.Document;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.sra.events.device.DeviceAuthMethod;
import org.sra.events.device.DeviceChanged;
import org.sra.events.device.DeviceType;
import org.sra.kit.outbox.AggregateDocument;
import org.sra.kit.outbox.EventPublisher;
import org.sra.kit.outbox.OutboxMarkers;
import org.sra.kit.outbox.OutboxMarking;
import org.sra.kit.outbox.OutboxRelay;
import org.sra.kit.outbox.Outboxes;
import org.sra.kit.outbox.PendingEvent;

import com.mongodb.client.MongoClients;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * How fast the outbox relay empties a bulk import, on the local stack's store (mongo-java-server
 * with its H2 MVStore file backend) and a real Kafka KRaft broker, both in this JVM: 30,000
 * devices already stored, then one tenant imports 10,000 devices (two events each, as a device
 * import raises: {@code DeviceChanged} and {@code AuditRecorded}) and, right after, another tenant
 * saves one device. Prints events relayed per second and how long the other tenant's event waited.
 *
 * <p>Not a test (no assertion on speed, not run by {@code verify}):
 * {@code ./mvnw -pl service-kit -am -o test -Dtest=OutboxRelayBenchmark -Dsurefire.failIfNoSpecifiedTests=false}
 * then {@code cat service-kit/target/benchmarks/outbox-relay.txt}.
 */
class OutboxRelayBenchmark {

    private static final int STORED = 30_000;
    private static final int IMPORTED = 10_000;

    @Document("bench_devices")
    static class BenchDevice extends AggregateDocument {
        @Id
        String id;
        String tenantId;
        String name;
        String notes = "x".repeat(300);

        static BenchDevice imported(String tenantId, int n) {
            BenchDevice device = new BenchDevice();
            device.id = UUID.randomUUID().toString();
            device.tenantId = tenantId;
            device.name = "pc-" + n;
            device.raise(tenantId, new DeviceChanged(tenantId, device.id, device.name, true, DeviceType.WINDOWS, true,
                    DeviceAuthMethod.MAC_ADDRESS, null, String.format(Locale.ROOT,
                    "02:00:%02x:%02x:%02x:%02x", (n >> 24) & 255, (n >> 16) & 255, (n >> 8) & 255, n & 255)));
            device.audit(tenantId, "DEVICE_CREATED", "device", device.id, null, Map.of("name", device.name));
            return device;
        }
    }

    @Test
    void relayABulkImport() throws Exception {
        Path dir = Files.createTempDirectory("relay-bench");
        H2Backend backend = new H2Backend(dir.resolve("bench.mv.db").toString());
        MongoServer server = new MongoServer(backend);
        var address = server.bind();
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 3);
        broker.afterPropertiesSet();
        StringBuilder report = new StringBuilder();
        try (var client = MongoClients.create("mongodb://127.0.0.1:" + address.getPort())) {
            var factory = new SimpleMongoClientDatabaseFactory(client, "bench");
            MongoTemplate mongo = new MongoTemplate(factory);
            OutboxMarkers markers = new OutboxMarkers(factory, Clock.systemUTC());
            mongo.setEntityCallbacks(EntityCallbacks.create(new OutboxMarking(markers)));
            StandardEnvironment environment = new StandardEnvironment();
            System.setProperty("spring.cloud.stream.kafka.binder.brokers", broker.getBrokersAsString());
            EventPublisher kafka = Outboxes.kafkaPublisher(environment);
            AtomicLong otherTenantOut = new AtomicLong();
            String otherTenant = "tenant-y";
            EventPublisher timing = new EventPublisher() {
                @Override
                public void publish(PendingEvent event) {
                    kafka.publish(event);
                }

                @Override
                public boolean[] publishEach(List<List<PendingEvent>> documents) {
                    boolean[] taken = kafka.publishEach(documents);
                    if (otherTenantOut.get() == 0 && documents.stream().flatMap(List::stream)
                            .anyMatch(e -> e.envelope().contains("\"tenantId\":\"" + otherTenant + "\""))) {
                        otherTenantOut.set(System.nanoTime());
                    }
                    return taken;
                }
            };
            SimpleMeterRegistry meters = new SimpleMeterRegistry();
            OutboxRelay relay = new OutboxRelay(mongo, timing, new OutboxRelay.OutboxSettings(true,
                    Duration.ofMillis(200), Duration.ofSeconds(30), 500, Duration.ofMinutes(5), 50_000, 100, 500, Duration.ofSeconds(30)),
                    Clock.systemUTC(), meters, markers);

            // warm-up: topics created, producer connected, JIT
            insert(mongo, markers, "tenant-warm", 1_000);
            relay.relayOnce();
            // the devices a tenant already has, relayed long ago (no pending events)
            List<BenchDevice> stored = new ArrayList<>();
            for (int i = 0; i < STORED; i++) {
                BenchDevice device = BenchDevice.imported("tenant-z", i);
                stored.add(device);
            }
            for (int from = 0; from < STORED; from += 5_000) {
                List<org.bson.Document> plain = new ArrayList<>();
                for (BenchDevice device : stored.subList(from, from + 5_000)) {
                    org.bson.Document document = new org.bson.Document();
                    mongo.getConverter().write(device, document);
                    document.put("outbox", List.of());
                    plain.add(document);
                }
                mongo.getCollection("bench_devices").insertMany(plain);
            }

            relay.start(); // running, as in a service: woken by the import's markers
            Thread.sleep(2_000);
            double before = meters.get("sra.outbox.published").counter().count();
            long importStarted = System.nanoTime();
            insert(mongo, markers, "tenant-x", IMPORTED);
            long imported = System.nanoTime();
            mongo.save(BenchDevice.imported(otherTenant, 1));
            long otherSaved = System.nanoTime();
            while (meters.get("sra.outbox.published").counter().count() - before
                    < IMPORTED * 2 + 2) {
                Thread.sleep(20);
            }
            long drained = System.nanoTime();
            relay.stop();
            double events = meters.get("sra.outbox.published").counter().count() - before;
            double seconds = (drained - imported) / 1e9;
            report.append(String.format(Locale.ROOT, """
                    Outbox relay on the H2-backed embedded store and a real Kafka broker (2 cores)
                    stored devices without pending events: %,d; imported: %,d documents (%,d events)
                    bulk insert of the import with its markers: %.2f s
                    relayed (from the end of the import's write): %,.0f events in %.2f s = %,.0f events/s (goal 2,000 events/s: ratio %.2f)
                    the other tenant's event, saved after the import, went out %.0f ms after its save
                    """, STORED, IMPORTED, IMPORTED * 2, (imported - importStarted) / 1e9, events, seconds,
                    events / seconds, events / seconds / 2000, (otherTenantOut.get() - otherSaved) / 1e6));
        } finally {
            broker.destroy();
            server.shutdownNow();
            backend.close();
        }
        System.out.print(report);
        Path out = Path.of("target", "benchmarks", "outbox-relay.txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report);
    }

    private static void insert(MongoTemplate mongo, OutboxMarkers markers, String tenant, int count) throws IOException {
        List<BenchDevice> batch = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            batch.add(BenchDevice.imported(tenant, i));
        }
        markers.inOneWrite(() -> mongo.insertAll(batch));
    }
}
