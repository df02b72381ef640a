package org.sra.notification.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.sra.events.EventCodec;
import org.sra.events.EventEnvelope;
import org.sra.events.mail.MailFailed;
import org.sra.events.mail.MailKind;
import org.sra.events.mail.MailSent;
import org.sra.events.settings.SecretExpiring;
import org.sra.events.settings.SecretKind;
import org.sra.notification.mail.MailLanguage;
import org.sra.notification.mail.MessageIds;

/** A delivery's states and the events it raises, with the recipient masked (R-NOT-2). */
class DeliveryTests {

    private final Instant now = Instant.parse("2026-11-21T00:00:00Z");
    private final EventEnvelope source = EventEnvelope.of(new SecretExpiring("t-acme", SecretKind.ENTRA_CLIENT_SECRET,
            LocalDate.of(2027, 5, 31), "2027-01", List.of("admin@acme.example"), "ja"));

    private Delivery planned(String rejection) {
        return Delivery.planned(source, new PlannedMail("admin@acme.example", MailKind.SECRET_EXPIRING, MailLanguage.JA,
                Map.of("expiresOn", "2027-05-31"), rejection), "sra.local", now);
    }

    @Test
    void aNewDeliveryIsWaitingToBeSentUnderItsDerivedIdAndMessageId() {
        Delivery delivery = planned(null);

        assertThat(delivery.state()).isEqualTo(DeliveryState.SENDING);
        assertThat(delivery.id()).isEqualTo(MessageIds.deliveryId(source.eventId(), "admin@acme.example"));
        assertThat(delivery.messageId()).isEqualTo("<" + delivery.id() + "@sra.local>");
        assertThat(delivery.pendingEvents()).isEmpty();
    }

    @Test
    void sentRaisesMailSentWithTheRecipientMasked() {
        Delivery delivery = planned(null);
        delivery.sent(now);

        assertThat(delivery.state()).isEqualTo(DeliveryState.SENT);
        MailSent sent = EventCodec.decode(delivery.pendingEvents().getFirst().envelope()).payload(MailSent.class);
        assertThat(sent.maskedRecipient()).isEqualTo("a***@acme.example");
        assertThat(sent.deliveryId()).isEqualTo(delivery.id());
        assertThat(sent.sourceEventId()).isEqualTo(source.eventId());
        assertThat(delivery.pendingEvents().getFirst().envelope()).doesNotContain("admin@acme.example");
    }

    @Test
    void aFailedAttemptWaitsForTheNextOneAndTheLastOneMakesADeadLetter() {
        Delivery delivery = planned(null);
        delivery.attemptFailed("SMTP send failed", Optional.of(now.plusSeconds(30)), now);
        assertThat(delivery.state()).isEqualTo(DeliveryState.FAILED);
        assertThat(delivery.nextAttemptAt()).isEqualTo(now.plusSeconds(30));
        assertThat(delivery.pendingEvents()).isEmpty();

        delivery.attemptFailed("SMTP send failed", Optional.empty(), now);
        assertThat(delivery.state()).isEqualTo(DeliveryState.DEAD);
        MailFailed failed = EventCodec.decode(delivery.pendingEvents().getFirst().envelope()).payload(MailFailed.class);
        assertThat(failed.reason()).isEqualTo("SMTP send failed");
        assertThat(failed.maskedRecipient()).isEqualTo("a***@acme.example");
    }

    @Test
    void badInputIsDeadFromTheStartWithItsReason() {
        Delivery delivery = planned("invalid recipient address");

        assertThat(delivery.state()).isEqualTo(DeliveryState.DEAD);
        assertThat(delivery.lastError()).isEqualTo("invalid recipient address");
        assertThat(delivery.pendingEvents()).singleElement().extracting(event -> event.type()).isEqualTo("MailFailed");
    }

    @Test
    void anAdminRetryQueuesADeadLetterAgainWithAFreshBudgetAndAnAuditEntry() {
        Delivery delivery = planned("invalid recipient address");
        int before = delivery.pendingEvents().size();

        delivery.retryRequested(now.plusSeconds(5));

        assertThat(delivery.state()).isEqualTo(DeliveryState.SENDING);
        assertThat(delivery.attempts()).isZero();
        assertThat(delivery.lastError()).isEqualTo("invalid recipient address");
        assertThat(delivery.pendingEvents()).hasSize(before + 1);
        assertThat(delivery.pendingEvents().getLast().type()).isEqualTo("AuditRecorded");
        assertThat(delivery.pendingEvents().getLast().envelope()).contains("MAIL_DELIVERY_RETRIED")
                .doesNotContain("admin@acme.example");
    }

    @Test
    void aSentDeliveryCannotBeRetried() {
        Delivery delivery = planned(null);
        delivery.sent(now);

        assertThat(delivery.isRetryable()).isFalse();
        Assertions.assertThatIllegalStateException()
                .isThrownBy(() -> delivery.retryRequested(now));
    }
}
