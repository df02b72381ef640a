package org.sra.profile.profile;

import org.sra.events.EventCodec;
import org.sra.events.EventEnvelope;
import org.sra.events.EventPayload;
import org.sra.kit.outbox.PendingEvent;

/**
 * An event to {@code $push} into a profile's outbox inside a conditional update, for the few
 * writes that must be one atomic find-and-modify (a download claim) rather than a load and a
 * save. Built exactly as {@code AggregateDocument.raise} builds it.
 */
public final class OutboxEntry {

    private OutboxEntry() {
    }

    public static PendingEvent of(EventPayload payload) {
        EventEnvelope envelope = EventEnvelope.of(payload);
        return new PendingEvent(envelope.eventId().toString(), envelope.type(), envelope.topic(),
                envelope.aggregateId(), EventCodec.encode(envelope), envelope.occurredAt());
    }
}
