package org.sra.kit.outbox;

import java.util.List;

/** Sends pending events to the broker and returns only when the broker acknowledged them. */
public interface EventPublisher {

    void publish(PendingEvent event);

    /**
     * Sends the events of one outbox document and returns when the broker has acknowledged every
     * one of them; throws if any was not taken (the relay then keeps them all pending and sends
     * them again later — consumers dedupe on the event id). Events with the same key must reach
     * the broker in the given order. This default sends them one at a time.
     */
    default void publishAll(List<PendingEvent> events) {
        for (PendingEvent event : events) {
            publish(event);
        }
    }
}
