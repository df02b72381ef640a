package org.sra.events;

/**
 * The body of an event. The aggregate id is the Kafka record key, so that all events of one
 * entity land on one partition and stay in order.
 *
 * <p>Every component of a payload record is required unless its type is marked
 * {@link org.jspecify.annotations.Nullable @Nullable}; {@link EventCodec} refuses to write or
 * read a payload with a required component missing.
 */
public interface EventPayload {

    /** Tenant the fact belongs to; always the first component and equal to the envelope's. */
    String tenantId();

    /** Id of the entity this fact is about; used as the Kafka key. */
    String aggregateId();
}
