package org.sra.notification.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.sra.events.EventEnvelope;
import org.sra.events.profile.ProfileIssued;
import org.sra.events.secrets.SealContext;
import org.sra.kit.secrets.SecretSealer;
import org.sra.notification.NotificationIntegrationTest;
import org.sra.notification.TestEvents;
import org.sra.notification.TestSmtp;
import org.sra.notification.mail.MailTemplates;
import org.sra.notification.mail.MessageIds;
import org.sra.notification.mail.SmtpMailer;

import com.mongodb.client.model.Filters;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * R-NOT-2 at the size of a bulk send: hundreds of {@code ProfileIssued} at once, consumed and
 * sent by two dispatchers on one store (two replicas), each mail arrives exactly once.
 */
@NotificationIntegrationTest
class BulkMailsIntegrationTests {

    private static final int MAILS = 200;
    private static final Duration SETTLE = Duration.ofMillis(1500);

    @Autowired
    EmbeddedKafkaBroker broker;
    @Autowired
    SecretSealer sealer;
    @Autowired
    Deliveries deliveries;
    @Autowired
    MongoTemplate mongo;
    @Autowired
    MailTemplates templates;
    @Autowired
    SmtpMailer mailer;
    @Autowired
    DownloadLinks links;
    @Autowired
    RetrySchedule schedule;
    @Autowired
    NotificationSettings settings;
    @Autowired
    Clock clock;
    @Autowired
    MeterRegistry meters;

    private final String tenant = "t-" + UUID.randomUUID();

    private EventEnvelope profileIssued(String recipient, int n) {
        String url = "https://vpn.example.com/download/user_profiles/" + UUID.randomUUID();
        return EventEnvelope.of(new ProfileIssued(tenant, "u-" + n + ":d-" + n, "u-" + n, "d-" + n, recipient,
                "VPN profile", sealer.seal(url, SealContext.PROFILE_URL.of(tenant)),
                Instant.now().plus(7, ChronoUnit.DAYS), 3, "ja", "user" + n + ":pc-" + n));
    }

    @Test
    void hundredsOfProfileMailsAtOnceArriveEachExactlyOnceWithTwoDispatchersSending() {
        DeliveryDispatcher secondReplica = new DeliveryDispatcher(deliveries, templates, mailer, links, schedule,
                settings, clock, meters);
        secondReplica.start();
        try {
            String batch = UUID.randomUUID().toString().substring(0, 8);
            List<String> recipients = IntStream.range(0, MAILS)
                    .mapToObj(n -> "user" + n + "-" + batch + "@acme.example").toList();
            List<EventEnvelope> events = IntStream.range(0, MAILS)
                    .mapToObj(n -> profileIssued(recipients.get(n), n)).toList();

            int before = TestSmtp.receivedCount();

            TestEvents.publishAll(broker, events);

            // Counting is cheap; reading every message's recipients is not, so that is done only
            // once the server has as many new messages as there are recipients.
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                    .until(() -> TestSmtp.receivedCount() >= before + MAILS);
            await().during(SETTLE).atMost(SETTLE.plusSeconds(5)).pollInterval(Duration.ofMillis(500))
                    .until(() -> TestSmtp.countsTo(recipients).values().stream().allMatch(count -> count == 1));
            List<String> ids = IntStream.range(0, MAILS)
                    .mapToObj(n -> MessageIds.deliveryId(events.get(n).eventId(), recipients.get(n))).toList();
            await().atMost(Duration.ofSeconds(10)).until(() -> deliveries.byIds(ids).stream()
                    .allMatch(delivery -> delivery.state() == DeliveryState.SENT));
            assertThat(deliveries.byIds(ids)).hasSize(MAILS)
                    .allSatisfy(delivery -> assertThat(delivery.attempts()).isEqualTo(1));
            // An entry a recovery pass read just before a sender removed it may come back for a
            // moment; the next pass finds its delivery sent and removes it again.
            await().atMost(Duration.ofSeconds(10)).until(() -> mongo.getCollection(DueDeliveries.COLLECTION)
                    .countDocuments(Filters.in("_id", ids)) == 0);
        } finally {
            secondReplica.stop();
        }
    }

    @Test
    void eachRecipientOfABulkSendGetsTheLinkOfTheirOwnProfileWhileSeveralMailsGoOutAtOnce() {
        String batch = UUID.randomUUID().toString().substring(0, 8);
        List<String> recipients = IntStream.range(0, 20).mapToObj(n -> "own" + n + "-" + batch + "@acme.example").toList();
        List<EventEnvelope> events = IntStream.range(0, 20).mapToObj(n -> profileIssued(recipients.get(n), n)).toList();

        TestEvents.publishAll(broker, events);

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                .until(() -> TestSmtp.countsTo(recipients).values().stream().allMatch(count -> count == 1));
        for (int n = 0; n < 20; n++) {
            ProfileIssued issued = events.get(n).payload(ProfileIssued.class);
            String url = sealer.open(issued.sealedDownloadUrl(), SealContext.PROFILE_URL.of(tenant));
            assertThat(TestSmtp.parts(TestSmtp.messagesTo(recipients.get(n)).getFirst()).getFirst())
                    .contains(url).contains("user" + n + ":pc-" + n);
        }
    }
}
