package org.sra.kit.messaging;

import java.time.Instant;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.index.Indexed;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * An event this service has already handled; its id is the event id, so recording it twice is
 * a duplicate-key error. Kept for 30 days (a TTL index), far longer
 * than any redelivery.
 */
@Document("handled_events")
record HandledEvent(@Id String eventId, String type, String tenantId, @Indexed(expireAfter = "30d") Instant handledAt) {
}
