package org.sra.kit.outbox;

import java.time.Instant;

import org.sra.events.EventCodec;
import org.sra.events.EventEnvelope;
import org.sra.events.EventPayload;

/**
 * An event waiting in its aggregate's document to be published.
 *
 * @param eventId  envelope event id, also the handle the relay removes it by
 * @param type     wire type name, for logs and metrics
 * @param topic    destination topic
 * @param key      Kafka record key (the aggregate id)
 * @param envelope the encoded envelope, exactly the bytes that go on the wire
 * @param raisedAt when the aggregate raised it
 */
public record PendingEvent(String eventId, String type, String topic, String key, String envelope,
                           Instant raisedAt) {

    /** A new event for {@code payload}, encoded as it will go on the wire. */
    public static PendingEvent of(EventPayload payload) {
        return of(EventEnvelope.of(payload));
    }

    /**
     * The pending form of an envelope. Use it directly only for the rare write that must
     * {@code $push} into {@link AggregateDocument#OUTBOX} inside one conditional update;
     * otherwise {@code raise} on the aggregate.
     */
    public static PendingEvent of(EventEnvelope envelope) {
        return new PendingEvent(envelope.eventId().toString(), envelope.type(), envelope.topic(),
                envelope.aggregateId(), EventCodec.encode(envelope), envelope.occurredAt());
    }
}
