package org.sra.profile.profile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.TestRestTemplate;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureTestRestTemplate;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.kafka.test.utils.KafkaTestUtils;
import org.springframework.test.context.ContextConfiguration;
import org.sra.events.EventCodec;
import org.sra.events.EventEnvelope;
import org.sra.events.device.DeviceChanged;
import org.sra.events.device.DeviceType;
import org.sra.events.profile.ProfileIssued;
import org.sra.events.user.UserSource;
import org.sra.events.user.VpnUserAdded;
import org.sra.kit.secrets.SecretSealer;
import org.sra.kit.test.SraIntegrationTest;
import org.sra.kit.test.TestTokens;
import org.sra.profile.download.LinkExpiry;
import org.sra.profile.facts.Facts;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;

/**
 * A bulk send as profile-service sees it, on the local stack's store (mongo-java-server with its
 * H2 MVStore file backend) and a real Kafka broker in this JVM: 30,000 profiles are stored, then
 * an admin sends 1,000 of them in one request, each to its user's directory address. Prints how
 * long the answer took and when the 1,000 {@code ProfileIssued} were on Kafka (the mails are
 * notification-service's part: its {@code BulkMailBenchmark}); also a download claim by token and
 * an expiry check with the 1,000 links on the expiry list.
 *
 * <p>Not a test (no assertion on speed, not run by {@code verify}):
 * {@code ./mvnw -pl profile-service -o test -Dtest=BulkSendBenchmark -Dsurefire.failIfNoSpecifiedTests=false}
 * then {@code cat profile-service/target/benchmarks/bulk-send.txt}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        TestTokens.PUBLIC_KEY_PROPERTY,
        SraIntegrationTest.TEST_SECRETS_KEY_PROPERTY,
        "spring.cloud.stream.kafka.binder.brokers=${spring.embedded.kafka.brokers}"})
@EmbeddedKafka(partitions = 3)
@AutoConfigureTestRestTemplate
@ContextConfiguration(initializers = BulkSendBenchmark.Store.class)
class BulkSendBenchmark {

    private static final int STORED = 30_000;
    private static final int SENT = 1_000;

    @Autowired
    TestRestTemplate http;
    @Autowired
    EmbeddedKafkaBroker broker;
    @Autowired
    MongoTemplate mongo;
    @Autowired
    Facts facts;
    @Autowired
    SecretSealer sealer;
    @Autowired
    LinkExpiry expiry;

    private final StringBuilder report = new StringBuilder();
    private final Map<String, Set<String>> issued = new ConcurrentHashMap<>();
    private final Map<String, String> tokens = new ConcurrentHashMap<>();

    @Test
    void thousandProfilesSentAtOnceWithThirtyThousandStored() throws Exception {
        say("profile-service bulk send on the H2-backed embedded store and Kafka in one JVM (%d cores)",
                Runtime.getRuntime().availableProcessors());
        readIssued();
        long began = System.nanoTime();
        storeProfiles("t-old", STORED);
        say("stored %,d profiles of other tenants in %.1f s", STORED, seconds(System.nanoTime() - began));

        send("t-warm", 20);
        Duration answer = send("t-bulk", SENT);
        long answered = System.nanoTime();
        while (issued.getOrDefault("t-bulk", Set.of()).size() < SENT) {
            if (System.nanoTime() - answered > Duration.ofMinutes(5).toNanos()) {
                throw new IllegalStateException("not all ProfileIssued were published within 5 minutes");
            }
            Thread.sleep(20);
        }
        double relayed = seconds(System.nanoTime() - answered);
        say("POST /api/profiles/send with %,d profiles: answered in %.2f s; all %,d ProfileIssued on Kafka %.2f s after the answer",
                SENT, answer.toMillis() / 1000.0, SENT, relayed);

        List<String> some = new ArrayList<>(tokens.values()).subList(0, 100);
        long claims = System.nanoTime();
        for (String token : some) {
            ResponseEntity<String> file = http.exchange("/download/" + token, HttpMethod.GET, null, String.class);
            if (!file.getStatusCode().is2xxSuccessful()) {
                throw new IllegalStateException("download refused: " + file.getStatusCode());
            }
        }
        say("a download by its link (claim, count and file): %.1f ms each, %d in a row", seconds(System.nanoTime() - claims)
                * 1000 / some.size(), some.size());

        long check = System.nanoTime();
        int expired = expiry.expireDue(Instant.now());
        say("the expiry check with %,d links on the list, none due: %.1f ms (%d expired)", SENT + 20,
                seconds(System.nanoTime() - check) * 1000, expired);
        Path out = Path.of("target", "benchmarks", "bulk-send.txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report);
    }

    /** Profiles of users with directory addresses and devices with names, as the events leave them. */
    private List<String> storeProfiles(String tenant, int count) {
        List<Document> plain = new ArrayList<>();
        List<String> profileIds = new ArrayList<>();
        Instant now = Instant.now();
        for (int n = 0; n < count; n++) {
            Profile profile = Profile.create(tenant + "-incarnation-" + n, tenant, "u-" + n, "user" + n, "d-" + n, false,
                    false, now);
            Document document = new Document();
            mongo.getConverter().write(profile, document);
            document.put("outbox", List.of()); // relayed long ago
            document.put("version", 0L); // as its first save left it
            plain.add(document);
            profileIds.add(profile.profileId());
            if (plain.size() == 1_000 || n == count - 1) {
                mongo.getCollection("profiles").insertMany(plain);
                plain.clear();
            }
        }
        return profileIds;
    }

    private Duration send(String tenant, int count) {
        List<String> profileIds = storeProfiles(tenant, count);
        for (int n = 0; n < count; n++) {
            facts.onVpnUserAdded(null, new VpnUserAdded(tenant, "u-" + n, "user" + n, "User " + n,
                    "user" + n + "@" + tenant + ".example", UserSource.LOCAL));
            facts.onDeviceChanged(null, new DeviceChanged(tenant, "d-" + n, "pc-" + n, true, DeviceType.WINDOWS, false,
                    null, null, null));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("profileIds", profileIds);
        body.put("subject", "VPNプロファイルのご案内");
        body.put("validityDays", 7);
        body.put("maxDownloads", 3);
        HttpHeaders headers = new HttpHeaders();
        headers.setBearerAuth(TestTokens.admin(tenant));
        long started = System.nanoTime();
        ResponseEntity<String> answer = http.exchange("/api/profiles/send", HttpMethod.POST,
                new HttpEntity<>(body, headers), String.class);
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        if (!answer.getStatusCode().is2xxSuccessful()) {
            throw new IllegalStateException("send failed: " + answer.getStatusCode() + " " + answer.getBody());
        }
        say("%s: %,d profiles sent in one request, answered in %.2f s", tenant, count, took.toMillis() / 1000.0);
        return took;
    }

    /** Reads ProfileIssued from Kafka as notification-service would, keeping each link's token. */
    private void readIssued() {
        Map<String, Object> props = KafkaTestUtils.consumerProps(broker, "bench-" + System.nanoTime(), false);
        props.put("auto.offset.reset", "earliest");
        props.put("metadata.max.age.ms", 300);
        props.put("key.deserializer", StringDeserializer.class);
        props.put("value.deserializer", ByteArrayDeserializer.class);
        Consumer<String, byte[]> consumer = new DefaultKafkaConsumerFactory<String, byte[]>(props).createConsumer();
        consumer.subscribe(List.of("sra.profiles"));
        Thread.ofPlatform().daemon().name("issued").start(() -> {
            while (true) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    EventEnvelope envelope = EventCodec.decode(record.value());
                    if (envelope.payload() instanceof ProfileIssued event) {
                        issued.computeIfAbsent(event.tenantId(), t -> ConcurrentHashMap.newKeySet())
                                .add(envelope.eventId().toString());
                        if (event.tenantId().equals("t-bulk")) {
                            String url = sealer.open(event.sealedDownloadUrl(), "profile-url:" + event.tenantId());
                            tokens.put(event.profileId(), url.substring(url.lastIndexOf('/') + 1));
                        }
                    }
                }
            }
        });
    }

    private void say(String format, Object... args) {
        String line = String.format(Locale.ROOT, format, args);
        System.out.println(line);
        report.append(line).append('\n');
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    /** The H2-backed store on a temporary file, started before the context. */
    static final class Store implements ApplicationContextInitializer<ConfigurableApplicationContext> {

        @Override
        public void initialize(ConfigurableApplicationContext context) {
            try {
                Path dir = Files.createTempDirectory("bulk-send-bench");
                H2Backend backend = new H2Backend(dir.resolve("store.mv.db").toString());
                MongoServer server = new MongoServer(backend);
                var address = server.bind();
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    server.shutdownNow();
                    backend.close();
                }));
                TestPropertyValues.of("spring.mongodb.uri=mongodb://127.0.0.1:" + address.getPort() + "/sra-profile")
                        .applyTo(context);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
