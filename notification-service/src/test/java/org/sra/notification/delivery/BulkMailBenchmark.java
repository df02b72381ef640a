package org.sra.notification.delivery;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.kafka.test.utils.KafkaTestUtils;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.test.context.ContextConfiguration;
import org.sra.events.EventCodec;
import org.sra.events.EventEnvelope;
import org.sra.events.mail.MailKind;
import org.sra.events.profile.ProfileIssued;
import org.sra.events.secrets.SealContext;
import org.sra.kit.secrets.SecretSealer;
import org.sra.kit.test.SraIntegrationTest;
import org.sra.kit.test.TestTokens;
import org.sra.notification.mail.MailLanguage;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * A bulk send as notification-service sees it, on the local stack's store (mongo-java-server
 * with its H2 MVStore file backend), a real Kafka broker and a real SMTP server (GreenMail), all
 * in this JVM, with the service's default dispatcher settings: 30,000 old deliveries are stored,
 * then 1,000 {@code ProfileIssued} are published at once (as profile-service's relay publishes a
 * bulk send of 1,000 profiles). Prints when the last delivery was planned, when the last mail
 * arrived, mails per second, and whether each recipient got exactly one mail; also how long one
 * mail takes against GreenMail over a new connection and over a reused one, and how long the
 * dispatcher's recovery pass over the whole log takes.
 *
 * <p>Not a test (no assertion on speed, not run by {@code verify}):
 * {@code ./mvnw -pl notification-service -o test -Dtest=BulkMailBenchmark -Dsurefire.failIfNoSpecifiedTests=false}
 * then {@code cat notification-service/target/benchmarks/bulk-mails.txt}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        TestTokens.PUBLIC_KEY_PROPERTY,
        SraIntegrationTest.TEST_SECRETS_KEY_PROPERTY,
        "spring.cloud.stream.kafka.binder.brokers=${spring.embedded.kafka.brokers}",
        "logging.level.com.icegreen=WARN"})
@EmbeddedKafka(partitions = 3)
@ContextConfiguration(initializers = BulkMailBenchmark.Stores.class)
class BulkMailBenchmark {

    private static final int STORED = 30_000;
    private static final int MAILS = 1_000;
    private static final int WARM_UP = 50;
    private static final Duration SETTLE = Duration.ofSeconds(5);

    @Autowired
    EmbeddedKafkaBroker broker;
    @Autowired
    MongoTemplate mongo;
    @Autowired
    SecretSealer sealer;
    @Autowired
    MeterRegistry meters;
    @Autowired
    Deliveries deliveries;

    private final StringBuilder report = new StringBuilder();

    @Test
    void thousandProfileMailsWithThirtyThousandDeliveriesStored() throws Exception {
        say("notification-service bulk send on the H2-backed embedded store, Kafka and GreenMail in one JVM (%d cores)",
                Runtime.getRuntime().availableProcessors());
        oneMailAgainstGreenMail();

        long began = System.nanoTime();
        storeOldDeliveries();
        say("stored %,d old deliveries in %.1f s", STORED, seconds(System.nanoTime() - began));

        run("warm-up", WARM_UP);
        Result result = run("bulk", MAILS);
        say("");
        say("%,d mails: all planned %.1f s, last mail %.1f s after the events were published (goal ≤ 30 s)",
                MAILS, result.planned(), result.lastMail());
        say("%,.0f mails/s overall; %,d recipients exactly once, %,d more than once, %,d none", MAILS / result.lastMail(),
                result.once(), result.more(), result.none());

        long recovery = System.nanoTime();
        int unfinished = deliveries.recoverDueList(Instant.now(), false);
        say("the dispatcher's recovery pass over the whole log (%,d deliveries): %.2f s, %d unfinished",
                STORED + MAILS + WARM_UP, seconds(System.nanoTime() - recovery), unfinished);
        Path out = Path.of("target", "benchmarks", "bulk-mails.txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report);
    }

    record Result(double planned, double lastMail, long once, long more, long none) {
    }

    private Result run(String name, int count) throws Exception {
        String tenant = "t-" + name;
        String batch = UUID.randomUUID().toString().substring(0, 8);
        List<String> recipients = IntStream.range(0, count).mapToObj(n -> "u" + n + "-" + batch + "@acme.example").toList();
        List<EventEnvelope> events = new ArrayList<>();
        for (int n = 0; n < count; n++) {
            String url = "http://localhost:8080/download/" + UUID.randomUUID();
            events.add(EventEnvelope.of(new ProfileIssued(tenant, "u-" + n + ":d-" + n, "u-" + n, "d-" + n,
                    recipients.get(n), "VPNプロファイルのご案内", sealer.seal(url, SealContext.PROFILE_URL.of(tenant)),
                    Instant.now().plus(7, ChronoUnit.DAYS), 3, "ja", "user" + n + ":pc-" + n)));
        }
        int before = Stores.smtp.getReceivedMessages().length;
        double plannedBefore = planned();
        long start = System.nanoTime();
        publish(events);
        long published = System.nanoTime();
        long allPlanned = 0;
        long lastMail;
        while (true) {
            long now = System.nanoTime();
            if (allPlanned == 0 && planned() - plannedBefore >= count) {
                allPlanned = now;
            }
            // counting is cheap (recipients are read once, below), so the poll takes little CPU from the service
            int arrived = Stores.smtp.getReceivedMessages().length - before;
            if (arrived >= count) {
                lastMail = now;
                break;
            }
            if (now - published > Duration.ofMinutes(5).toNanos()) {
                throw new IllegalStateException("only " + arrived + " of " + count + " mails arrived within 5 minutes");
            }
            Thread.sleep(50);
        }
        if (allPlanned == 0) {
            allPlanned = lastMail;
        }
        Thread.sleep(SETTLE.toMillis()); // a late duplicate would show within this
        Map<String, Integer> counts = counts(recipients);
        Result result = new Result(seconds(allPlanned - published), seconds(lastMail - published),
                counts.values().stream().filter(n -> n == 1).count(), counts.values().stream().filter(n -> n > 1).count(),
                counts.values().stream().filter(n -> n == 0).count());
        say("%s: %,d events published in %.2f s; all planned after %.1f s, last mail after %.1f s; exactly once %,d",
                name, count, seconds(published - start), result.planned(), result.lastMail(), result.once());
        return result;
    }

    private double planned() {
        return meters.find("sra.notifications.planned").counters().stream().mapToDouble(c -> c.count()).sum();
    }

    /** The deliveries a tenant had before: sent long ago, a few dead letters, nothing pending. */
    private void storeOldDeliveries() {
        Instant longAgo = Instant.now().minus(90, ChronoUnit.DAYS);
        for (int from = 0; from < STORED; from += 1_000) {
            List<Document> plain = new ArrayList<>();
            for (int n = from; n < from + 1_000; n++) {
                String tenant = "t-old-" + (n % 20);
                EventEnvelope source = EventEnvelope.of(new ProfileIssued(tenant, "u:d" + n, "u", "d" + n,
                        "old" + n + "@acme.example", "VPN profile", "v1:sealed-long-ago", longAgo, 3, "ja", "user:pc-" + n));
                Map<String, String> parameters = Map.of("profileId", "user:pc-" + n, "sealedDownloadUrl",
                        "v1:" + "x".repeat(120), "expiresAt", longAgo.toString(), "maxDownloads", "3",
                        "subject", "VPN profile");
                Delivery delivery = Delivery.planned(source, new PlannedMail("old" + n + "@acme.example",
                        MailKind.PROFILE_DOWNLOAD, MailLanguage.JA, parameters, null), "sra.local", longAgo);
                Document document = new Document();
                mongo.getConverter().write(delivery, document);
                boolean dead = n % 100 == 0;
                document.put("state", dead ? "DEAD" : "SENT");
                document.put("attempts", dead ? 8 : 1);
                document.put("sentAt", dead ? null : Date.from(longAgo));
                document.put("lastError", dead ? "SMTP send failed: 450 mailbox busy" : null);
                document.put("outbox", List.of());
                plain.add(document);
            }
            mongo.getCollection("deliveries").insertMany(plain);
        }
    }

    /** One mail over a new SMTP connection each time (as Spring Mail sends), and over one reused connection. */
    private void oneMailAgainstGreenMail() throws Exception {
        JavaMailSenderImpl sender = new JavaMailSenderImpl();
        sender.setHost("127.0.0.1");
        sender.setPort(Stores.smtpPort);
        int rounds = 200;
        for (int warm = 0; warm < 2; warm++) {
            long fresh = System.nanoTime();
            for (int i = 0; i < rounds; i++) {
                sender.send(message(sender, "fresh" + i));
            }
            fresh = System.nanoTime() - fresh;
            long reused = System.nanoTime();
            Transport transport = sender.getSession().getTransport("smtp");
            transport.connect("127.0.0.1", Stores.smtpPort, null, null);
            for (int i = 0; i < rounds; i++) {
                MimeMessage message = message(sender, "reused" + i);
                message.saveChanges();
                transport.sendMessage(message, message.getAllRecipients());
            }
            transport.close();
            reused = System.nanoTime() - reused;
            if (warm == 1) {
                say("one mail against GreenMail, one at a time: %.1f ms over a new connection each, %.1f ms over one reused connection",
                        fresh / 1e6 / rounds, reused / 1e6 / rounds);
            }
        }
    }

    private static MimeMessage message(JavaMailSenderImpl sender, String to) throws MessagingException {
        MimeMessage message = sender.createMimeMessage();
        MimeMessageHelper helper = new MimeMessageHelper(message, true, "UTF-8");
        helper.setFrom("SRA <no-reply@sra.local>");
        helper.setTo(to + "@probe.example");
        helper.setSubject("VPNプロファイルのご案内");
        helper.setText("text ".repeat(200), "<p>html</p>".repeat(100));
        return message;
    }

    private void publish(List<EventEnvelope> envelopes) throws Exception {
        Map<String, Object> props = KafkaTestUtils.producerProps(broker);
        props.put("key.serializer", StringSerializer.class);
        props.put("value.serializer", ByteArraySerializer.class);
        try (var producer = new KafkaProducer<String, byte[]>(props)) {
            List<Future<?>> sent = new ArrayList<>();
            for (EventEnvelope envelope : envelopes) {
                sent.add(producer.send(new ProducerRecord<>(envelope.topic(), envelope.aggregateId(),
                        EventCodec.encodeToBytes(envelope))));
            }
            for (Future<?> each : sent) {
                each.get();
            }
        }
    }

    /** Mails each recipient received: reads every received message's recipients, so only once per run. */
    private static Map<String, Integer> counts(List<String> recipients) throws MessagingException {
        Map<String, Integer> counts = new HashMap<>();
        recipients.forEach(r -> counts.put(r, 0));
        for (MimeMessage message : Stores.smtp.getReceivedMessages()) {
            for (var to : message.getRecipients(Message.RecipientType.TO)) {
                counts.computeIfPresent(to.toString(), (r, n) -> n + 1);
            }
        }
        return counts;
    }

    private void say(String format, Object... args) {
        String line = String.format(Locale.ROOT, format, args);
        System.out.println(line);
        report.append(line).append('\n');
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    /** The H2-backed store on a temporary file and the SMTP server, started before the context. */
    static final class Stores implements ApplicationContextInitializer<ConfigurableApplicationContext> {

        static MongoServer mongo;
        static H2Backend backend;
        static GreenMail smtp;
        static int smtpPort;

        @Override
        public void initialize(ConfigurableApplicationContext context) {
            try {
                Path dir = Files.createTempDirectory("bulk-mail-bench");
                backend = new H2Backend(dir.resolve("store.mv.db").toString());
                mongo = new MongoServer(backend);
                var address = mongo.bind();
                try (ServerSocket probe = new ServerSocket(0)) {
                    smtpPort = probe.getLocalPort();
                }
                smtp = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
                smtp.start();
                Runtime.getRuntime().addShutdownHook(new Thread(Stores::stop));
                TestPropertyValues.of("spring.mongodb.uri=mongodb://127.0.0.1:" + address.getPort() + "/sra-notification",
                        "spring.mail.host=127.0.0.1", "spring.mail.port=" + smtpPort).applyTo(context);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        static void stop() {
            if (smtp != null) {
                smtp.stop();
            }
            if (mongo != null) {
                mongo.shutdownNow();
                backend.close();
            }
        }
    }
}
