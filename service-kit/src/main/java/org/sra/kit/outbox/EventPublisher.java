package org.sra.kit.outbox;

/** Sends one pending event to the broker and returns only when the broker acknowledged it. */
public interface EventPublisher {

    void publish(PendingEvent event);
}
