package org.sra.notification.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.sra.events.EventEnvelope;
import org.sra.events.profile.ProfileIssued;
import org.sra.events.secrets.SealContext;
import org.sra.events.settings.SecretExpiring;
import org.sra.events.settings.SecretKind;
import org.sra.kit.secrets.SecretSealer;
import org.sra.notification.NotificationIntegrationTest;
import org.sra.notification.TestEvents;
import org.sra.notification.TestSmtp;

import com.mongodb.client.model.Filters;

/**
 * R-NOT-2: at-least-once events, exactly-once mails, against a real SMTP server
 * (GreenMail) in the test JVM.
 */
@NotificationIntegrationTest
class ExactlyOnceIntegrationTests {

    private static final Duration SETTLE = Duration.ofMillis(1500);

    @Autowired
    EmbeddedKafkaBroker broker;
    @Autowired
    SecretSealer sealer;
    @Autowired
    Deliveries deliveries;
    @Autowired
    DeliveryDispatcher dispatcher;
    @Autowired
    DeliveryRequests requests;
    @Autowired
    MongoTemplate mongo;

    private final String tenant = "t-" + UUID.randomUUID();

    @AfterEach
    void smtpAndDispatcherRunAgain() {
        TestSmtp.start();
        dispatcher.start();
    }

    private static String address(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8) + "@acme.example";
    }

    private EventEnvelope profileIssued(String recipient) {
        String url = "https://vpn.example.com/download/user_profiles/" + UUID.randomUUID();
        return EventEnvelope.of(new ProfileIssued(tenant, "taro:pc", "u-1", "d-1", recipient, "VPN profile",
                sealer.seal(url, SealContext.PROFILE_URL.of(tenant)), Instant.now().plus(7, ChronoUnit.DAYS), 2, "ja"));
    }

    private Delivery onlyDeliveryOf(EventEnvelope envelope) {
        List<Delivery> found = deliveries.ofEvent(envelope.eventId().toString());
        assertThat(found).hasSize(1);
        return found.getFirst();
    }

    private DeliveryState stateOf(EventEnvelope envelope) {
        List<Delivery> found = deliveries.ofEvent(envelope.eventId().toString());
        return found.isEmpty() ? null : found.getFirst().state();
    }

    @Test
    void theSameEventDeliveredThreeTimesSendsOneMail() {
        String to = address("taro");
        EventEnvelope issued = profileIssued(to);

        TestEvents.publish(broker, issued);
        TestEvents.publish(broker, issued);
        TestEvents.publish(broker, issued);
        await().atMost(Duration.ofSeconds(20)).until(() -> stateOf(issued) == DeliveryState.SENT);
        // As if the consumer crashed after its handler ran but before it recorded the event id:
        // the handler runs again on redelivery and must find the delivery it wrote.
        requests.onProfileIssued(issued, issued.payload(ProfileIssued.class));

        await().during(SETTLE).atMost(SETTLE.plusSeconds(5)).until(() -> TestSmtp.messagesTo(to).size() == 1);
        Delivery delivery = onlyDeliveryOf(issued);
        assertThat(delivery.attempts()).isEqualTo(1);
        assertThat(TestSmtp.header(TestSmtp.messagesTo(to).getFirst(), "Message-ID")).isEqualTo(delivery.messageId());
    }

    @Test
    void whileSmtpIsDownTheMailWaitsAndArrivesOnceWhenItIsBack() {
        String to = address("hanako");
        EventEnvelope issued = profileIssued(to);
        TestSmtp.stop();

        TestEvents.publish(broker, issued);
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            List<Delivery> found = deliveries.ofEvent(issued.eventId().toString());
            return !found.isEmpty() && found.getFirst().state() == DeliveryState.FAILED && found.getFirst().attempts() >= 2;
        });
        assertThat(onlyDeliveryOf(issued).lastError()).contains("SMTP").doesNotContain(to);
        TestSmtp.start();

        await().atMost(Duration.ofSeconds(20)).until(() -> stateOf(issued) == DeliveryState.SENT);
        await().during(SETTLE).atMost(SETTLE.plusSeconds(5)).until(() -> TestSmtp.messagesTo(to).size() == 1);
    }

    @Test
    void aServiceKilledMidBatchSendsEveryMailOnceAfterRestart() {
        // "Killed": the dispatcher stops, and half of the batch is left as a dead instance leaves
        // it — claimed (SENDING, one attempt counted) under a lease that has since run out.
        dispatcher.stop();
        List<String> admins = IntStream.range(0, 6).mapToObj(i -> address("admin" + i)).toList();
        EventEnvelope expiring = EventEnvelope.of(new SecretExpiring(tenant, SecretKind.ENTRA_CLIENT_SECRET,
                LocalDate.now().plusMonths(3), "2026-11", admins, "ja"));
        TestEvents.publish(broker, expiring);
        await().atMost(Duration.ofSeconds(20))
                .until(() -> deliveries.ofEvent(expiring.eventId().toString()).size() == admins.size());
        List<Delivery> batch = deliveries.ofEvent(expiring.eventId().toString());
        List<String> claimedByTheDeadInstance = batch.subList(0, 3).stream().map(Delivery::id).toList();
        mongo.updateMulti(Query.query(Criteria.where("_id").in(claimedByTheDeadInstance)),
                new Update().set(Delivery.LEASE_UNTIL, Instant.now().minusSeconds(1)).set(Delivery.ATTEMPTS, 1),
                Delivery.class);
        assertThat(admins).allSatisfy(admin -> assertThat(TestSmtp.messagesTo(admin)).isEmpty());

        dispatcher.start();

        await().atMost(Duration.ofSeconds(20)).until(() -> deliveries.ofEvent(expiring.eventId().toString()).stream()
                .allMatch(delivery -> delivery.state() == DeliveryState.SENT));
        await().during(SETTLE).atMost(SETTLE.plusSeconds(5))
                .until(() -> admins.stream().allMatch(admin -> TestSmtp.messagesTo(admin).size() == 1));
        assertThat(deliveries.ofEvent(expiring.eventId().toString()))
                .filteredOn(delivery -> claimedByTheDeadInstance.contains(delivery.id()))
                .allSatisfy(delivery -> assertThat(delivery.attempts()).isEqualTo(2));
    }

    @Test
    void aDeliveryLeasedByALiveDispatcherIsLeftAloneUntilItsLeaseRunsOut() {
        dispatcher.stop();
        String to = address("jiro");
        EventEnvelope issued = profileIssued(to);
        TestEvents.publish(broker, issued);
        await().atMost(Duration.ofSeconds(20)).until(() -> stateOf(issued) == DeliveryState.SENDING);
        String id = onlyDeliveryOf(issued).id();
        setLease(id, Instant.now().plusSeconds(60));

        dispatcher.start();
        // a later delivery as the marker: once its mail is out, the dispatcher has read the due
        // list past the leased delivery (due earlier) and left it alone
        String marker = address("marker");
        TestEvents.publish(broker, profileIssued(marker));
        await().atMost(Duration.ofSeconds(20)).until(() -> TestSmtp.messagesTo(marker).size() == 1);
        assertThat(TestSmtp.messagesTo(to)).isEmpty();

        setLease(id, Instant.now().minusSeconds(1));
        await().atMost(Duration.ofSeconds(20)).until(() -> stateOf(issued) == DeliveryState.SENT);
        await().during(SETTLE).atMost(SETTLE.plusSeconds(5)).until(() -> TestSmtp.messagesTo(to).size() == 1);
    }

    @Test
    void aCrashBetweenSendingAndRecordingResendsTheIdenticalMessageNeverADifferentOne() {
        String to = address("saburo");
        EventEnvelope issued = profileIssued(to);
        TestEvents.publish(broker, issued);
        await().atMost(Duration.ofSeconds(20)).until(() -> stateOf(issued) == DeliveryState.SENT);
        Delivery delivery = onlyDeliveryOf(issued);

        // The instance died after SMTP accepted the mail but before it wrote SENT.
        mongo.updateFirst(Query.query(Criteria.where("_id").is(delivery.id())),
                new Update().set(Delivery.STATE, DeliveryState.SENDING).set(Delivery.LEASE_UNTIL, Instant.now().minusSeconds(1)),
                Delivery.class);

        await().atMost(Duration.ofSeconds(20)).until(() -> TestSmtp.messagesTo(to).size() == 2);
        await().atMost(Duration.ofSeconds(20)).until(() -> stateOf(issued) == DeliveryState.SENT);
        List<MimeMessage> copies = TestSmtp.messagesTo(to);
        assertThat(copies).extracting(message -> TestSmtp.header(message, "Message-ID"))
                .containsOnly(delivery.messageId());
        assertThat(TestSmtp.parts(copies.get(1))).isEqualTo(TestSmtp.parts(copies.get(0)));
        await().during(SETTLE).atMost(SETTLE.plusSeconds(5)).until(() -> TestSmtp.messagesTo(to).size() == 2);
    }

    @Test
    void aDeliveryThatLostItsPlaceOnTheDueListIsFoundByTheRecoveryPassAndSentOnce() {
        dispatcher.stop();
        String to = address("shiro");
        EventEnvelope issued = profileIssued(to);
        TestEvents.publish(broker, issued);
        await().atMost(Duration.ofSeconds(20)).until(() -> stateOf(issued) == DeliveryState.SENDING);
        String id = onlyDeliveryOf(issued).id();
        await().atMost(Duration.ofSeconds(5)).until(() -> dueEntries(id) == 1);
        // As the process leaves it when it dies between writing the delivery and its due entry.
        mongo.getCollection(DueDeliveries.COLLECTION).deleteOne(Filters.eq("_id", id));

        dispatcher.start();

        await().atMost(Duration.ofSeconds(20)).until(() -> stateOf(issued) == DeliveryState.SENT);
        await().during(SETTLE).atMost(SETTLE.plusSeconds(5)).until(() -> TestSmtp.messagesTo(to).size() == 1);
        assertThat(dueEntries(id)).isZero();
    }

    private long dueEntries(String deliveryId) {
        return mongo.getCollection(DueDeliveries.COLLECTION).countDocuments(Filters.eq("_id", deliveryId));
    }

    private void setLease(String id, Instant until) {
        mongo.updateFirst(Query.query(Criteria.where("_id").is(id)),
                new Update().set(Delivery.STATE, DeliveryState.SENDING).set(Delivery.LEASE_UNTIL, until), Delivery.class);
    }
}
