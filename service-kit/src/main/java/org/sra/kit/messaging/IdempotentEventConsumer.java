package org.sra.kit.messaging;

import java.time.Clock;
import java.time.Duration;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.sra.events.EventCodec;
import org.sra.events.EventEnvelope;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.messaging.Message;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;

/**
 * The service's single event consumer (function bean {@code events}, binding
 * {@code events-in-0}). For each record: decode (a malformed record throws
 * {@link org.sra.events.MalformedEventException}, which the binder sends straight to the
 * dead-letter topic), pass over a type this service routes nowhere (without touching the store),
 * skip it when its id was handled before, run the routed handler, then record the id. A handler
 * that throws is retried by the binder a bounded number of times and then dead-lettered; the
 * partition keeps flowing.
 *
 * <p>The id is recorded after the handler (in memory at once, in the store within a moment: see
 * {@link HandledEvents}), so a crash in between runs the handler again on redelivery: handlers
 * write their effect idempotently (upsert by id, or keep the event id in the document they
 * change).
 */
public class IdempotentEventConsumer implements Consumer<Message<byte[]>>, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(IdempotentEventConsumer.class);

    private final EventRoutes routes;
    private final MeterRegistry meters;
    private final ObservationRegistry observations;
    private final HandledEvents handled;

    public IdempotentEventConsumer(EventRoutes routes, MongoTemplate mongo, MeterRegistry meters,
                                   ObservationRegistry observations, Clock clock) {
        this.routes = routes;
        this.meters = meters;
        this.observations = observations;
        this.handled = new HandledEvents(mongo, clock, Duration.ofMillis(100), 100_000);
    }

    @Override
    public void accept(Message<byte[]> message) {
        EventEnvelope envelope = EventCodec.decode(message.getPayload());
        MDC.put("tenantId", envelope.tenantId());
        MDC.put("eventId", envelope.eventId().toString());
        try {
            Observation.createNotStarted("sra.events.handle", observations)
                    .lowCardinalityKeyValue("type", envelope.type())
                    .observe(() -> handle(envelope));
        } finally {
            MDC.remove("tenantId");
            MDC.remove("eventId");
        }
    }

    private void handle(EventEnvelope envelope) {
        var handler = routes.handlerFor(envelope.payload());
        if (handler.isEmpty()) {
            // nothing to do, so nothing to remember: a topic carries many event types a service
            // does not route (during a bulk import most of them), and each would otherwise cost a
            // store read and a write
            count(envelope, "ignored");
            return;
        }
        String id = envelope.eventId().toString();
        if (handled.seen(id)) {
            count(envelope, "duplicate");
            log.debug("Skipping {} {}: already handled", envelope.type(), id);
            return;
        }
        handler.get().accept(envelope, envelope.payload());
        log.debug("Handled {} {}", envelope.type(), id);
        handled.record(id, envelope.type(), envelope.tenantId());
        count(envelope, "handled");
    }

    /** Writes the ids of the events handled last (they are otherwise written within a moment). */
    @Override
    public void close() {
        handled.close();
    }

    private void count(EventEnvelope envelope, String outcome) {
        meters.counter("sra.events.consumed", "type", envelope.type(), "outcome", outcome).increment();
    }
}
