package org.sra.kit.outbox;

import java.time.Instant;

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
}
