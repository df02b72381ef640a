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

    /**
     * Sends the events of several outbox documents at once and tells, per document, whether the
     * broker acknowledged every one of its events. Each document's events keep their order. This
     * default sends document after document; the Kafka publisher hands them all to the producer
     * and waits once.
     */
    default boolean[] publishEach(List<List<PendingEvent>> documents) {
        boolean[] taken = new boolean[documents.size()];
        for (int i = 0; i < documents.size(); i++) {
            try {
                publishAll(documents.get(i));
                taken[i] = true;
            } catch (RuntimeException e) {
                taken[i] = false;
            }
        }
        return taken;
    }
}
