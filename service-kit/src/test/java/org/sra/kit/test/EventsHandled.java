package org.sra.kit.test;

import java.time.Duration;

import org.awaitility.Awaitility;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.sra.events.EventEnvelope;

/**
 * Waits until this service's consumer has handled an event: its handler ran and the kit's
 * idempotent consumer recorded the event's id in {@code handled_events} (within 100 ms of the
 * handler). A test that asserts something did NOT happen because of an event waits for this
 * first, so it cannot pass merely because the event was never consumed.
 *
 * <p>Only events the service routes to a handler are recorded; an event type it does not
 * handle never shows up here.
 */
public final class EventsHandled {

    private static final String COLLECTION = "handled_events";

    private EventsHandled() {
    }

    /** Waits up to 20 s until every one of {@code events} was handled. */
    public static void await(MongoTemplate mongo, EventEnvelope... events) {
        for (EventEnvelope event : events) {
            String id = event.eventId().toString();
            Awaitility.await("handling of " + event.type() + " " + id).atMost(Duration.ofSeconds(20))
                    .until(() -> handled(mongo, id));
        }
    }

    /** Whether the event with that id was handled (and its id written). */
    public static boolean handled(MongoTemplate mongo, String eventId) {
        return mongo.getCollection(COLLECTION).find(new Document("_id", eventId)).first() != null;
    }
}
