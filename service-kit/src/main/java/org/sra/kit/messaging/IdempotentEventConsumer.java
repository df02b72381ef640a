package org.sra.kit.messaging;

import java.time.Clock;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.sra.events.EventCodec;
import org.sra.events.EventEnvelope;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.messaging.Message;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;

/**
 * The service's single event consumer (function bean {@code events}, binding
 * {@code events-in-0}). For each record: decode (a malformed record throws
 * {@link org.sra.events.MalformedEventException}, which the binder sends straight to the
 * dead-letter topic), skip it when its id was handled before, run the routed handler, then
 * record the id. A handler that throws is retried by the binder a bounded number of times and
 * then dead-lettered; the partition keeps flowing.
 *
 * <p>The id is recorded after the handler, so a crash in between runs the handler again on
 * redelivery: handlers write their effect idempotently (upsert by id, or keep the event id in
 * the document they change).
 */
public class IdempotentEventConsumer implements Consumer<Message<byte[]>> {

    private static final Logger log = LoggerFactory.getLogger(IdempotentEventConsumer.class);

    private final EventRoutes routes;
    private final MongoTemplate mongo;
    private final MeterRegistry meters;
    private final ObservationRegistry observations;
    private final Clock clock;

    public IdempotentEventConsumer(EventRoutes routes, MongoTemplate mongo, MeterRegistry meters,
                                   ObservationRegistry observations, Clock clock) {
        this.routes = routes;
        this.mongo = mongo;
        this.meters = meters;
        this.observations = observations;
        this.clock = clock;
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
        String id = envelope.eventId().toString();
        // a find by _id, which every store answers from its index (exists() counts through an
        // aggregation, which the embedded store runs over the whole, ever-growing collection)
        if (mongo.getCollection(mongo.getCollectionName(HandledEvent.class)).find(new org.bson.Document("_id", id))
                .projection(new org.bson.Document("_id", 1)).first() != null) {
            count(envelope, "duplicate");
            log.debug("Skipping {} {}: already handled", envelope.type(), id);
            return;
        }
        var handler = routes.handlerFor(envelope.payload());
        if (handler.isPresent()) {
            handler.get().accept(envelope, envelope.payload());
            log.info("Handled {} {}", envelope.type(), id);
        }
        try {
            mongo.insert(new HandledEvent(id, envelope.type(), envelope.tenantId(), clock.instant()));
        } catch (DuplicateKeyException raced) {
            log.debug("{} {} was recorded concurrently", envelope.type(), id);
        }
        count(envelope, handler.isPresent() ? "handled" : "ignored");
    }

    private void count(EventEnvelope envelope, String outcome) {
        meters.counter("sra.events.consumed", "type", envelope.type(), "outcome", outcome).increment();
    }
}
