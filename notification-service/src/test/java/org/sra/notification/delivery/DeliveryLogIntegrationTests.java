package org.sra.notification.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.sra.events.EventEnvelope;
import org.sra.events.Topics;
import org.sra.events.audit.AuditRecorded;
import org.sra.events.mail.MailFailed;
import org.sra.events.mail.MailSent;
import org.sra.events.settings.SecretExpiring;
import org.sra.events.settings.SecretKind;
import org.sra.kit.test.TestTokens;
import org.sra.notification.NotificationIntegrationTest;
import org.sra.notification.TestEvents;
import org.sra.notification.TestSmtp;

/**
 * R-NOT-2: a mail that keeps failing is a dead letter the admin sees in
 * the delivery log and can retry (audited, R-ACC-5); the log shows only the caller's own tenant.
 */
@NotificationIntegrationTest
class DeliveryLogIntegrationTests {

    @Autowired
    TestRestTemplate http;
    @Autowired
    EmbeddedKafkaBroker broker;
    @Autowired
    Deliveries deliveries;

    @AfterEach
    void smtpRunsAgain() {
        TestSmtp.start();
    }

    private static String address(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8) + "@acme.example";
    }

    private static EventEnvelope reminder(String tenant, List<String> addresses) {
        return EventEnvelope.of(new SecretExpiring(tenant, SecretKind.ENTRA_CLIENT_SECRET, LocalDate.of(2027, 5, 31),
                "2027-01", addresses, "en"));
    }

    private boolean settled(EventEnvelope envelope, int expected) {
        List<Delivery> found = deliveries.ofEvent(envelope.eventId().toString());
        return found.size() == expected && found.stream()
                .allMatch(d -> d.state() == DeliveryState.SENT || d.state() == DeliveryState.DEAD);
    }

    @Test
    void aMailThatKeepsFailingBecomesADeadLetterThatTheAdminSeesAndRetries() {
        String tenant = "t-" + UUID.randomUUID();
        String to = address("keiko");
        TestSmtp.stop();
        EventEnvelope expiring = reminder(tenant, List.of(to));
        TestEvents.publish(broker, expiring);

        await().atMost(Duration.ofSeconds(40)).until(() -> settled(expiring, 1));
        Map<String, Object> dead = onlyItem(get(TestTokens.admin(tenant), "?state=DEAD"));
        assertThat(dead).containsEntry("recipient", to).containsEntry("state", "DEAD").containsEntry("attempts", 5)
                .containsEntry("sourceEventId", expiring.eventId().toString()).containsEntry("kind", "SECRET_EXPIRING");
        assertThat((String) dead.get("lastError")).contains("SMTP");
        String deliveryId = (String) dead.get("deliveryId");
        List<EventEnvelope> failed = TestEvents.awaitMailEvents(broker,
                e -> e.payload() instanceof MailFailed f && f.deliveryId().equals(deliveryId), 1);
        assertThat(failed).singleElement().satisfies(e -> {
            MailFailed payload = e.payload(MailFailed.class);
            assertThat(payload.maskedRecipient()).isEqualTo("k***@acme.example");
            assertThat(payload.attempts()).isEqualTo(5);
            assertThat(payload.sourceEventId()).isEqualTo(expiring.eventId());
            assertThat(payload.reason()).doesNotContain(to);
        });

        TestSmtp.start();
        ResponseEntity<Map> retried = retry(TestTokens.admin(tenant), deliveryId);
        assertThat(retried.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        assertThat(retried.getBody()).containsEntry("state", "SENDING").containsEntry("attempts", 0);
        List<EventEnvelope> audited = TestEvents.awaitEvents(broker, Topics.AUDIT,
                e -> e.payload() instanceof AuditRecorded a && a.targetId().equals(deliveryId), 1);
        assertThat(audited).singleElement().satisfies(e -> {
            AuditRecorded entry = e.payload(AuditRecorded.class);
            assertThat(entry.tenantId()).isEqualTo(tenant);
            assertThat(entry.action()).isEqualTo("MAIL_DELIVERY_RETRIED");
            assertThat(entry.actor()).isEqualTo("admin@" + tenant);
            assertThat(entry.service()).isEqualTo("notification-service");
            assertThat(entry.before()).contains("\"state\":\"DEAD\"").doesNotContain(to);
            assertThat(entry.after()).contains("\"state\":\"SENDING\"").doesNotContain(to);
        });

        await().atMost(Duration.ofSeconds(20)).until(() -> settled(expiring, 1) && TestSmtp.messagesTo(to).size() == 1);
        assertThat(onlyItem(get(TestTokens.admin(tenant), ""))).containsEntry("state", "SENT").containsEntry("attempts", 1);
        List<EventEnvelope> sent = TestEvents.awaitMailEvents(broker,
                e -> e.payload() instanceof MailSent s && s.deliveryId().equals(deliveryId), 1);
        assertThat(sent).singleElement()
                .satisfies(e -> assertThat(e.payload(MailSent.class).maskedRecipient()).isEqualTo("k***@acme.example"));

        ResponseEntity<Map> again = retry(TestTokens.admin(tenant), deliveryId);
        assertThat(again.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(again.getBody()).containsEntry("type", "urn:sra:problem:delivery-not-retryable");
        assertThat(TestSmtp.messagesTo(to)).hasSize(1);
    }

    @Test
    void theDeliveryLogShowsOnlyTheCallersTenantWithStateFilterAndPaging() {
        String acme = "t-" + UUID.randomUUID();
        String other = "t-" + UUID.randomUUID();
        EventEnvelope acmeReminder = reminder(acme, List.of(address("a1"), address("a2"), "not-an-address"));
        EventEnvelope otherReminder = reminder(other, List.of(address("b1")));
        TestEvents.publish(broker, acmeReminder);
        TestEvents.publish(broker, otherReminder);
        await().atMost(Duration.ofSeconds(20)).until(() -> settled(acmeReminder, 3) && settled(otherReminder, 1));

        Map<String, Object> acmeLog = get(TestTokens.admin(acme), "").getBody();
        assertThat(acmeLog).containsEntry("totalElements", 3);
        assertThat(items(acmeLog)).allSatisfy(item -> assertThat(item.get("recipient")).isNotEqualTo(
                otherReminder.payload(SecretExpiring.class).notificationAddresses().getFirst()));
        List<Map<String, Object>> otherItems = items(get(TestTokens.admin(other), "").getBody());
        assertThat(otherItems).hasSize(1);
        assertThat((String) otherItems.getFirst().get("recipient")).startsWith("b1-");

        Map<String, Object> deadLetter = onlyItem(get(TestTokens.admin(acme), "?state=dead"));
        assertThat(deadLetter).containsEntry("recipient", "not-an-address")
                .containsEntry("lastError", "invalid recipient address");
        Map<String, Object> secondPage = get(TestTokens.admin(acme), "?page=1&size=2").getBody();
        assertThat(secondPage).containsEntry("totalPages", 2).containsEntry("page", 1);
        assertThat(items(secondPage)).hasSize(1);
        assertThat(items(get(TestTokens.auditor(acme), "?state=SENT").getBody())).hasSize(2);

        String acmeDelivery = (String) deadLetter.get("deliveryId");
        ResponseEntity<Map> foreign = retry(TestTokens.admin(other), acmeDelivery);
        assertThat(foreign.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(foreign.getBody()).containsEntry("type", "urn:sra:problem:delivery-not-found");
        assertThat(retry(TestTokens.auditor(acme), acmeDelivery).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);

        ResponseEntity<Map> badFilter = get(TestTokens.admin(acme), "?state=LOST");
        assertThat(badFilter.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(badFilter.getBody()).containsEntry("type", "urn:sra:problem:delivery-state-invalid");
        for (String outOfRange : new String[] {"?size=100000", "?size=0", "?page=-1"}) {
            ResponseEntity<Map> refused = get(TestTokens.admin(acme), outOfRange);
            assertThat(refused.getStatusCode()).as(outOfRange).isEqualTo(HttpStatus.BAD_REQUEST);
            assertThat(refused.getBody()).as(outOfRange).containsEntry("type", "urn:sra:problem:page-invalid");
        }
    }

    /** 概要 of the operator console: a tenant's waiting mails and dead letters; for operators only. */
    @Test
    void theOperatorReadsATenantsMailFiguresAndAnAdminOfAnotherTenantCannot() {
        String acme = "t-" + UUID.randomUUID();
        String other = "t-" + UUID.randomUUID();
        EventEnvelope acmeReminder = reminder(acme, List.of(address("a1"), "not-an-address", "nor-this-one"));
        TestEvents.publish(broker, acmeReminder);
        await().atMost(Duration.ofSeconds(20)).until(() -> settled(acmeReminder, 3));

        String path = "/api/operator/tenants/" + acme + "/overview/mails";
        ResponseEntity<Map> overview = http.exchange(path, HttpMethod.GET,
                new HttpEntity<>(auth(TestTokens.operator())), Map.class);
        assertThat(overview.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(overview.getBody()).containsEntry("tenantId", acme).containsEntry("waiting", 0)
                .containsEntry("dead", 2);
        for (String admin : List.of(TestTokens.admin(other), TestTokens.admin(acme), TestTokens.auditor(acme))) {
            assertThat(http.exchange(path, HttpMethod.GET, new HttpEntity<>(auth(admin)), Map.class).getStatusCode())
                    .isEqualTo(HttpStatus.FORBIDDEN);
        }
    }

    private ResponseEntity<Map> get(String token, String query) {
        return http.exchange("/api/notifications/deliveries" + query, HttpMethod.GET, new HttpEntity<>(auth(token)),
                Map.class);
    }

    private ResponseEntity<Map> retry(String token, String deliveryId) {
        return http.exchange("/api/notifications/deliveries/" + deliveryId + "/retry", HttpMethod.POST,
                new HttpEntity<>(auth(token)), Map.class);
    }

    private static HttpHeaders auth(String token) {
        HttpHeaders headers = new HttpHeaders();
        headers.setBearerAuth(token);
        return headers;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> items(Map<String, Object> page) {
        return (List<Map<String, Object>>) page.get("items");
    }

    private static Map<String, Object> onlyItem(ResponseEntity<Map> page) {
        assertThat(page.getStatusCode()).isEqualTo(HttpStatus.OK);
        List<Map<String, Object>> items = items(page.getBody());
        assertThat(items).hasSize(1);
        return items.getFirst();
    }
}
