package org.sra.kit.outbox;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

import org.springframework.data.annotation.PersistenceCreator;
import org.sra.events.EventCodec;
import org.sra.events.EventEnvelope;
import org.sra.events.EventPayload;
import org.sra.kit.logging.TraceContexts;

/**
 * An event waiting in its aggregate's document to be published.
 *
 * @param eventId     envelope event id, also the handle the relay removes it by
 * @param type        wire type name, for logs and metrics
 * @param topic       destination topic
 * @param key         Kafka record key (the aggregate id)
 * @param envelope    the encoded envelope, exactly the bytes that go on the wire
 * @param raisedAt    when the aggregate raised it
 * @param traceparent the W3C trace context of the request (or event) that raised it, sent as the
 *                    Kafka record header {@code traceparent} so the consumer continues that trace;
 *                    null when it was raised outside any trace (or before events kept theirs)
 */
public record PendingEvent(String eventId, String type, String topic, String key, String envelope,
                           Instant raisedAt, String traceparent) {

    /** The stored form; a document written before events kept their trace reads with a null one. */
    @PersistenceCreator
    public PendingEvent {
    }

    /** An event without a trace context. */
    public PendingEvent(String eventId, String type, String topic, String key, String envelope, Instant raisedAt) {
        this(eventId, type, topic, key, envelope, raisedAt, null);
    }

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
        EventEnvelope stamped = stamped(envelope);
        return new PendingEvent(stamped.eventId().toString(), stamped.type(), stamped.topic(),
                stamped.aggregateId(), EventCodec.encode(stamped), stamped.occurredAt(),
                TraceContexts.currentTraceparent());
    }

    /**
     * The name this service writes into the envelopes it publishes as their producer; set once at
     * start by the kit from {@code sra.events.producer} (default {@code spring.application.name}).
     * Null: envelopes go out as they are.
     */
    public static final AtomicReference<String> PRODUCER =
            new AtomicReference<>();

    /** The envelope naming this service as its producer, unless it already names one. */
    static EventEnvelope stamped(EventEnvelope envelope) {
        String producer = PRODUCER.get();
        return envelope.producer() != null || producer == null ? envelope : envelope.producedBy(producer);
    }
}
