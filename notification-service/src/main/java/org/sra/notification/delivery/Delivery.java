package org.sra.notification.delivery;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.index.CompoundIndex;
import org.springframework.data.mongodb.core.index.CompoundIndexes;
import org.springframework.data.mongodb.core.mapping.Document;
import org.sra.events.EventEnvelope;
import org.sra.events.mail.MailFailed;
import org.sra.events.mail.MailKind;
import org.sra.events.mail.MailSent;
import org.sra.kit.outbox.AggregateDocument;
import org.sra.notification.mail.MailAddresses;
import org.sra.notification.mail.MessageIds;

/**
 * One mail: a source event and one recipient (R-NOT-2). Its id is derived from both, so the
 * same event handled again finds the record instead of making a second mail; its Message-ID is
 * derived from the id, so a mail sent again after a crash is the same message. Reaching
 * {@code SENT} raises {@code MailSent}, reaching {@code DEAD} raises {@code MailFailed}, both with
 * the recipient masked, through the outbox in the same write.
 */
@Document("deliveries")
@CompoundIndexes({
        @CompoundIndex(name = "tenant_log", def = "{'tenantId': 1, 'createdAt': -1}"),
        // Conditional writes filter on exactly {_id, revision}. The embedded store looks a filter up
        // only in a unique index with exactly its keys; with any other condition next to _id it
        // would read the whole delivery log on every claim and every outcome.
        @CompoundIndex(name = "id_revision", def = "{'_id': 1, 'revision': 1}", unique = true)})
public class Delivery extends AggregateDocument {

    /** Field names used in queries; keep in sync with the fields below. */
    static final String TENANT_ID = "tenantId";
    static final String STATE = "state";
    static final String ATTEMPTS = "attempts";
    static final String LEASE_UNTIL = "leaseUntil";
    static final String NEXT_ATTEMPT_AT = "nextAttemptAt";
    static final String CREATED_AT = "createdAt";
    static final String UPDATED_AT = "updatedAt";
    static final String REVISION = "revision";

    @Id
    private String id;
    private String tenantId;
    private String sourceEventId;
    private String sourceEventType;
    private MailKind kind;
    private String recipient;
    private String language;
    private Map<String, String> parameters;
    private String messageId;
    private DeliveryState state;
    private int attempts;
    private String lastError;
    private Instant nextAttemptAt;
    private Instant leaseUntil;
    private Instant createdAt;
    private Instant updatedAt;
    private Instant sentAt;
    /** Counts the conditional writes (claims, outcomes, retries); each expects the one it read. */
    private long revision;

    Delivery() {
    }

    /** The record of a mail an event asked for: to be sent, or dead at once when it never can be. */
    static Delivery planned(EventEnvelope source, PlannedMail mail, String messageIdDomain, Instant now) {
        Delivery delivery = new Delivery();
        delivery.id = MessageIds.deliveryId(source.eventId(), mail.recipient());
        delivery.tenantId = source.tenantId();
        delivery.sourceEventId = source.eventId().toString();
        delivery.sourceEventType = source.type();
        delivery.kind = mail.kind();
        delivery.recipient = mail.recipient();
        delivery.language = mail.language().code();
        delivery.parameters = mail.parameters();
        delivery.messageId = MessageIds.messageId(delivery.id, messageIdDomain);
        delivery.createdAt = now;
        delivery.updatedAt = now;
        delivery.state = DeliveryState.SENDING;
        if (mail.rejection() != null) {
            delivery.giveUp(mail.rejection(), now);
        }
        return delivery;
    }

    /** SMTP accepted the mail. */
    void sent(Instant now) {
        state = DeliveryState.SENT;
        sentAt = now;
        leaseUntil = null;
        nextAttemptAt = null;
        updatedAt = now;
        raise(tenantId, new MailSent(tenantId, id, UUID.fromString(sourceEventId), kind, maskedRecipient()));
    }

    /** An attempt failed and may work later: try again at {@code next}, or give up when there is none. */
    void attemptFailed(String reason, Optional<Instant> next, Instant now) {
        if (next.isEmpty()) {
            giveUp(reason, now);
            return;
        }
        state = DeliveryState.FAILED;
        lastError = reason;
        nextAttemptAt = next.get();
        leaseUntil = null;
        updatedAt = now;
    }

    /** Not tried at all (the circuit breaker is open): the claim does not count as an attempt. */
    void postponed(String reason, Instant until, Instant now) {
        attempts = Math.max(0, attempts - 1);
        attemptFailed(reason, Optional.of(until), now);
    }

    /** Never sendable, or out of retries: a dead letter, announced with {@code MailFailed}. */
    void giveUp(String reason, Instant now) {
        state = DeliveryState.DEAD;
        lastError = reason;
        nextAttemptAt = null;
        leaseUntil = null;
        updatedAt = now;
        raise(tenantId, new MailFailed(tenantId, id, UUID.fromString(sourceEventId), kind, maskedRecipient(),
                reason, attempts));
    }

    /**
     * When a dispatcher should look at this delivery next: a new or retried one at once, one
     * being sent when its lease runs out, a failed one at its next attempt; empty once it is
     * {@code SENT} or {@code DEAD}.
     */
    Optional<Instant> dueAt() {
        return switch (state) {
            case SENDING -> Optional.of(leaseUntil != null ? leaseUntil : createdAt);
            case FAILED -> Optional.of(nextAttemptAt != null ? nextAttemptAt : updatedAt);
            case SENT, DEAD -> Optional.empty();
        };
    }

    /** Whether a dispatcher may claim it at {@code now}: due, and nobody's lease is running. */
    boolean claimableAt(Instant now) {
        return dueAt().map(at -> !at.isAfter(now)).orElse(false);
    }

    boolean isRetryable() {
        return state == DeliveryState.DEAD || state == DeliveryState.FAILED;
    }

    /**
     * The admin asked to send it again: back to {@code SENDING} with a fresh attempt budget,
     * recorded in the tenant's audit trail (R-ACC-5) in the same write. Same id, same Message-ID.
     */
    void retryRequested(Instant now) {
        if (!isRetryable()) {
            throw new IllegalStateException("delivery " + id + " is " + state);
        }
        AuditView before = AuditView.of(this);
        state = DeliveryState.SENDING;
        attempts = 0;
        leaseUntil = null;
        nextAttemptAt = null;
        updatedAt = now;
        audit(tenantId, "MAIL_DELIVERY_RETRIED", "mail-delivery", id, before, AuditView.of(this));
    }

    /** What the audit trail keeps of a delivery: no mail body, the recipient masked. */
    record AuditView(String kind, String maskedRecipient, String sourceEventId, String state, int attempts,
                     String lastError) {

        static AuditView of(Delivery delivery) {
            return new AuditView(delivery.kind.name(), delivery.maskedRecipient(), delivery.sourceEventId,
                    delivery.state.name(), delivery.attempts, delivery.lastError);
        }
    }

    public String maskedRecipient() {
        return MailAddresses.mask(recipient);
    }

    public String id() {
        return id;
    }

    public String tenantId() {
        return tenantId;
    }

    public String sourceEventId() {
        return sourceEventId;
    }

    public String sourceEventType() {
        return sourceEventType;
    }

    public MailKind kind() {
        return kind;
    }

    public String recipient() {
        return recipient;
    }

    public String language() {
        return language;
    }

    public Map<String, String> parameters() {
        return parameters == null ? Map.of() : Map.copyOf(parameters);
    }

    public String messageId() {
        return messageId;
    }

    public DeliveryState state() {
        return state;
    }

    public int attempts() {
        return attempts;
    }

    public String lastError() {
        return lastError;
    }

    public Instant nextAttemptAt() {
        return nextAttemptAt;
    }

    public Instant leaseUntil() {
        return leaseUntil;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant updatedAt() {
        return updatedAt;
    }

    public Instant sentAt() {
        return sentAt;
    }

    long revision() {
        return revision;
    }
}
