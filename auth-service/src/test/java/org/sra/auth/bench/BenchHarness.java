package org.sra.auth.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.sra.auth.AuthServiceApplication;
import org.sra.auth.decisionlog.DecisionRecord;
import org.sra.auth.radius.RadiusServer;
import org.sra.auth.readmodel.ReadModel;
import org.sra.events.EventCodec;
import org.sra.events.EventEnvelope;
import org.sra.events.EventPayload;
import org.sra.events.device.DeviceAssigned;
import org.sra.events.device.DeviceAuthMethod;
import org.sra.events.device.DeviceChanged;
import org.sra.events.device.DeviceType;
import org.sra.events.nas.NasClientRegistered;
import org.sra.events.profile.ProfileSettingsChanged;
import org.sra.events.profile.ProxyMode;
import org.sra.events.profile.ProxySettingsChanged;
import org.sra.events.settings.AuthType;
import org.sra.events.settings.SettingsChanged;
import org.sra.events.tenant.TenantProvisioned;
import org.sra.events.user.UserSource;
import org.sra.events.user.VpnUserAdded;
import org.sra.fixtures.ad.DemoDirectory;
import org.sra.kit.secrets.SecretSealer;
import org.sra.kit.test.SraIntegrationTest;
import org.sra.kit.test.TestTokens;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Not a test: the benchmark's auth-service (see {@code auth-service/bench/README.md}). Only
 * auth-service runs in this JVM: the directory, the Kafka broker and the MongoDB-wire store are
 * separate processes ({@link BenchBackend}) whose addresses {@code bench.sh} left in the work dir
 * ({@code ldap.port}, {@code kafka.brokers}, {@code mongo.port}). Starts auth-service on the given
 * RADIUS port and feeds it by events one tenant whose NAS is 127.0.0.1 and whose users
 * {@code bench0001…benchN} each have a serial-ID device {@code SN-benchNNNN} with its profile — so
 * every accept runs the AD bind, the device rules, takes an address lease and writes the decision
 * log with its event. Writes {@code <dir>/ready} and runs until killed.
 *
 * <p>Arguments: work dir, RADIUS auth port, number of users, shared secret.
 */
public final class BenchHarness {

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int authPort = Integer.parseInt(args[1]);
        int users = Integer.parseInt(args[2]);
        String secret = args[3];
        String tenant = "bench";

        String[] accounts = new String[users];
        for (int i = 0; i < users; i++) {
            accounts[i] = "bench%04d".formatted(i + 1);
        }
        String directoryAddress = "127.0.0.1:" + Files.readString(dir.resolve("ldap.port")).trim();
        String usersDn = Files.readString(dir.resolve("ldap.base")).trim();
        String brokers = Files.readString(dir.resolve("kafka.brokers")).trim();
        int mongoPort = Integer.parseInt(Files.readString(dir.resolve("mongo.port")).trim());

        // command-line arguments: they win over application.yml (builder defaults would not)
        ConfigurableApplicationContext app = new SpringApplicationBuilder(AuthServiceApplication.class).run(
                "--" + TestTokens.PUBLIC_KEY_PROPERTY, "--" + SraIntegrationTest.TEST_SECRETS_KEY_PROPERTY,
                "--spring.mongodb.uri=mongodb://127.0.0.1:" + mongoPort + "/bench",
                "--spring.cloud.stream.kafka.binder.brokers=" + brokers,
                "--server.port=0", "--sra.radius.auth-port=" + authPort, "--sra.radius.acct-port=" + (authPort + 1),
                "--sra.radius.bind-address=127.0.0.1", "--management.tracing.sampling.probability=0",
                // one log line per decision is the service's default; the benchmark measures the server, not the console
                "--logging.level.org.sra.auth.authorization=WARN", "--logging.level.org.sra.kit=WARN");

        SecretSealer sealer = app.getBean(SecretSealer.class);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                brokers, "key.serializer", StringSerializer.class, "value.serializer",
                ByteArraySerializer.class, "acks", "all", "linger.ms", 5))) {
            send(producer, new TenantProvisioned(tenant, "Bench", 2, "10.200.0.0/16"));
            send(producer, new SettingsChanged(tenant, AuthType.ACTIVE_DIRECTORY, true, false, List.of(), "10.0.0.53",
                    "10.0.0.54", "10.200.0.0/16", "en", new SettingsChanged.ActiveDirectory("dc01.corp.example.com",
                    directoryAddress, null, null, DemoDirectory.DOMAIN, DemoDirectory.NETBIOS_DOMAIN, false), null));
            send(producer, new ProxySettingsChanged(tenant, ProxyMode.DENY, null, null, List.of()));
            send(producer, new NasClientRegistered(tenant, "nas-bench", "127.0.0.1",
                    sealer.seal(secret, "nas-secret:" + tenant), "bench headend"));
            for (String account : accounts) {
                String userId = "u-" + account;
                String deviceId = "d-" + account;
                // the DN directory-service's search found: slapd takes only DNs as bind names
                send(producer, new VpnUserAdded(tenant, userId, account, account, null, UserSource.ACTIVE_DIRECTORY,
                        "CN=" + account + "," + usersDn));
                send(producer, new DeviceChanged(tenant, deviceId, deviceId, true, DeviceType.WINDOWS, true,
                        DeviceAuthMethod.SERIAL_ID, "SN-" + account, null));
                send(producer, new DeviceAssigned(tenant, deviceId, userId, account));
                send(producer, new ProfileSettingsChanged(tenant, userId + ":" + deviceId, userId, deviceId, true, true,
                        false));
            }
            producer.flush();
        }
        ReadModel model = app.getBean(ReadModel.class);
        Instant giveUp = Instant.now().plus(Duration.ofMinutes(8));
        String last = accounts[accounts.length - 1];
        // every kind of event applied: the tenant with its directory and pool, the NAS, the last user's device and profile
        while (!(model.nasClient("nas-bench").isPresent()
                && model.tenant(tenant).filter(t -> t.authType() == AuthType.ACTIVE_DIRECTORY && t.vpnPool() != null
                        && t.autoRegistration()).isPresent()
                && model.user(tenant, last).isPresent() && !model.devicesOf(tenant, "u-" + last).isEmpty()
                && model.profile(tenant, "u-" + last, "d-" + last).isPresent())) {
            if (Instant.now().isAfter(giveUp)) {
                throw new IllegalStateException("read model not filled in time");
            }
            Thread.sleep(200);
        }
        System.out.println("READY radius auth port " + app.getBean(RadiusServer.class).authPort());
        reportLeaseBatching(app.getBean(MeterRegistry.class));
        reportNothingDropped(app.getBean(MeterRegistry.class), app.getBean(MongoTemplate.class));
        Files.writeString(dir.resolve("ready"), "ready");
        Thread.currentThread().join();
    }

    /** Every 5 s while queries ran: how many own-lease lookups one store query answered (harness.log). */
    private static void reportLeaseBatching(MeterRegistry meters) {
        DistributionSummary lookups = meters.get("sra.auth.lease.lookups").summary();
        Thread.ofPlatform().daemon().name("bench-report").start(() -> {
            long count = lookups.count();
            double total = lookups.totalAmount();
            while (true) {
                try {
                    Thread.sleep(5000);
                } catch (InterruptedException e) {
                    return;
                }
                long queries = lookups.count() - count;
                double answered = lookups.totalAmount() - total;
                if (queries > 0) {
                    System.out.printf("%s lease lookups: %.0f in %d queries, %.2f per query%n", Instant.now(),
                            answered, queries, answered / queries);
                }
                count += queries;
                total += answered;
            }
        });
    }

    /**
     * Every 5 s (harness.log, read by bench.sh at the end): decisions made, entries in the decision
     * log (the store's {@code decisions} collection) and events the outbox handed to the broker
     * ({@code sra.outbox.published}: each decision's {@code ConnectionDecided}, whether sent at once
     * or relayed later) — the proof that speed did not cost a log line or an event.
     */
    private static void reportNothingDropped(MeterRegistry meters, MongoTemplate mongo) {
        Thread.ofPlatform().daemon().name("bench-audit").start(() -> {
            while (true) {
                try {
                    Thread.sleep(5000);
                } catch (InterruptedException e) {
                    return;
                }
                double made = meters.find("sra.auth.decisions").counters().stream().mapToDouble(c -> c.count()).sum();
                double published = meters.find("sra.outbox.published").counters().stream()
                        .mapToDouble(c -> c.count()).sum();
                long logged = mongo.getCollection(mongo.getCollectionName(DecisionRecord.class))
                        .estimatedDocumentCount();
                System.out.printf("%s AUDIT decisions made %.0f, in the decision log %d, events published %.0f%n",
                        Instant.now(), made, logged, published);
                StringBuilder byReason = new StringBuilder();
                meters.find("sra.auth.decisions").counters().forEach(c -> byReason.append(' ')
                        .append(c.getId().getTag("result")).append('/').append(c.getId().getTag("reason")).append('=')
                        .append((long) c.count()));
                System.out.printf("%s decisions by result/reason:%s%n", Instant.now(), byReason);
            }
        });
    }

    private static void send(KafkaProducer<String, byte[]> producer, EventPayload payload) {
        EventEnvelope envelope = EventEnvelope.of(payload);
        producer.send(new ProducerRecord<>(envelope.topic(), envelope.aggregateId(), EventCodec.encodeToBytes(envelope)));
    }
}
