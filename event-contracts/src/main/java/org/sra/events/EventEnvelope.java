package org.sra.events;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * What travels on a topic: the event's identity and metadata around its payload.
 *
 * @param eventId       unique per event; consumers dedupe on it
 * @param type          wire name of the payload, e.g. {@code TenantProvisioned}
 * @param schemaVersion version of that payload's JSON schema
 * @param tenantId      tenant the fact belongs to; always the payload's {@code tenantId}
 * @param occurredAt    when the state change happened
 * @param aggregateId   the Kafka key
 * @param payload       the fact itself
 * @param producer      the service that published it (a {@link Services} name), stamped by the
 *                      publishing service's outbox; null in an envelope that is still to be
 *                      published, and in events written before producers named themselves.
 *                      Consumers refuse an event whose producer does not own its type
 *                      ({@link EventType#producers()}).
 */
public record EventEnvelope(UUID eventId, String type, int schemaVersion, String tenantId,
                            Instant occurredAt, String aggregateId, EventPayload payload,
                            @Nullable String producer) {

    public EventEnvelope {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(aggregateId, "aggregateId");
        Objects.requireNonNull(payload, "payload");
        if (producer != null && producer.isBlank()) {
            throw new IllegalArgumentException("producer is blank");
        }
    }

    /** An envelope that does not name its producer yet. */
    public EventEnvelope(UUID eventId, String type, int schemaVersion, String tenantId,
                         Instant occurredAt, String aggregateId, EventPayload payload) {
        this(eventId, type, schemaVersion, tenantId, occurredAt, aggregateId, payload, null);
    }

    /** The same event, naming {@code service} as its producer. */
    public EventEnvelope producedBy(String service) {
        return new EventEnvelope(eventId, type, schemaVersion, tenantId, occurredAt, aggregateId, payload, service);
    }

    /** A new envelope for a fact that happened now, for the payload's tenant. */
    public static EventEnvelope of(EventPayload payload) {
        return of(payload.tenantId(), payload);
    }

    /**
     * A new envelope for a fact that happened now. The tenant id must be the payload's, or
     * {@link EventCodec} refuses the envelope; prefer {@link #of(EventPayload)}.
     */
    public static EventEnvelope of(String tenantId, EventPayload payload) {
        EventType type = EventTypes.of(payload.getClass());
        return new EventEnvelope(UUID.randomUUID(), type.name(), type.schemaVersion(), tenantId,
                Instant.now().truncatedTo(ChronoUnit.MILLIS), payload.aggregateId(), payload);
    }

    /** The topic this envelope is published on. */
    public String topic() {
        return EventTypes.byName(type).orElseThrow().topic();
    }

    /** The payload, cast to the expected record. */
    public <P extends EventPayload> P payload(Class<P> expected) {
        return expected.cast(payload);
    }
}
