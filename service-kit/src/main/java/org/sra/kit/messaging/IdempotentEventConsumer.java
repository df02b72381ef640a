package org.sra.kit.messaging;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.sra.events.EventCodec;
import org.sra.events.EventEnvelope;
import org.sra.events.EventType;
import org.sra.events.EventTypes;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.Message;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.transport.ReceiverContext;

/**
 * The service's single event consumer (function bean {@code events}, binding
 * {@code events-in-0}). For each record: decode (a malformed record throws
 * {@link org.sra.events.MalformedEventException}, which the binder sends straight to the
 * dead-letter topic), refuse an event that does not come from its type's owner (see below), pass
 * over a type this service routes nowhere (without touching the store),
 * skip it when its id was handled before, run the routed handler, then record the id. A handler
 * that throws is retried by the binder a bounded number of times and then dead-lettered; the
 * partition keeps flowing.
 *
 * <p>The id is recorded after the handler (in memory at once, in the store within a moment: see
 * {@link HandledEvents}), so a crash in between runs the handler again on redelivery: handlers
 * write their effect idempotently (upsert by id, or keep the event id in the document they
 * change).
 *
 * <p>Provenance: the contracts name each type's producers ({@link EventType#producers()}) and
 * topic, and the publishing service's outbox names itself in the envelope
 * ({@link EventEnvelope#producer()}). An event whose envelope names another producer, or that
 * arrives on a topic other than its type's (one its owner does not write), is refused: not
 * handled, counted in {@code sra.events.refused{type,reason}}, logged without its payload, and
 * thrown as a {@link RefusedEventException} that the binder dead-letters at once like a malformed
 * event. An envelope that names no producer (written before producers named themselves) is
 * refused only when {@code requireProducer} is set. With Kafka ACLs that let only a type's owner
 * write its topic, the topic check is what stops one service from forging another's events; the
 * producer check catches a service publishing a type it does not own.
 */
public class IdempotentEventConsumer implements Consumer<Message<byte[]>>, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(IdempotentEventConsumer.class);

    private final EventRoutes routes;
    private final MeterRegistry meters;
    private final ObservationRegistry observations;
    private final HandledEvents handled;
    private final boolean requireProducer;

    public IdempotentEventConsumer(EventRoutes routes, MongoTemplate mongo, MeterRegistry meters,
                                   ObservationRegistry observations, Clock clock) {
        this(routes, mongo, meters, observations, clock, false);
    }

    /**
     * @param requireProducer refuse envelopes that name no producer too
     *                        ({@code sra.events.require-producer})
     */
    public IdempotentEventConsumer(EventRoutes routes, MongoTemplate mongo, MeterRegistry meters,
                                   ObservationRegistry observations, Clock clock, boolean requireProducer) {
        this.routes = routes;
        this.meters = meters;
        this.observations = observations;
        this.requireProducer = requireProducer;
        this.handled = new HandledEvents(mongo, clock, Duration.ofMillis(100), 100_000);
    }

    @Override
    public void accept(Message<byte[]> message) {
        EventEnvelope envelope = EventCodec.decode(message.getPayload());
        MDC.put("tenantId", envelope.tenantId());
        MDC.put("eventId", envelope.eventId().toString());
        try {
            checkProvenance(envelope, message.getHeaders().get(KafkaHeaders.RECEIVED_TOPIC, String.class));
            // a receiver context: the tracing handler starts the span as a child of the record's
            // traceparent header (the request that raised the event), so the handler's log lines, the
            // audit entries it writes (request id = trace id) and the events it raises in turn carry
            // that request's trace id; a record without one starts a new trace
            ReceiverContext<Message<byte[]>> context = new ReceiverContext<>(IdempotentEventConsumer::header);
            context.setCarrier(message);
            context.setRemoteServiceName("kafka");
            Observation.createNotStarted("sra.events.handle", () -> context, observations)
                    .lowCardinalityKeyValue("type", envelope.type())
                    .observe(() -> handle(envelope));
        } finally {
            MDC.remove("tenantId");
            MDC.remove("eventId");
        }
    }

    /**
     * A header of the record as the binder mapped it: Kafka headers it has no type for arrive as
     * their bytes (UTF-8 text for {@code traceparent}).
     */
    private static String header(Message<byte[]> message, String name) {
        Object value = message.getHeaders().get(name);
        if (value instanceof byte[] bytes) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
        return value == null ? null : value.toString();
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

    /**
     * Refuses the event unless its envelope's producer owns its type and it arrived on its type's
     * topic; {@code topic} is null when the record's topic is not known (then only the producer is
     * checked).
     */
    private void checkProvenance(EventEnvelope envelope, String topic) {
        EventType type = EventTypes.byName(envelope.type()).orElseThrow(); // decoded, so registered
        String producer = envelope.producer();
        String reason = null;
        String why = null;
        if (topic != null && !topic.equals(type.topic())) {
            reason = "topic";
            why = "its owner " + type.producers() + " writes " + type.topic() + ", not " + topic;
        } else if (producer != null && !type.producedBy(producer)) {
            reason = "producer";
            why = "it names producer " + producer + " but only " + type.producers() + " may produce it";
        } else if (producer == null && requireProducer) {
            reason = "no-producer";
            why = "it names no producer";
        }
        if (reason == null) {
            return;
        }
        meters.counter("sra.events.refused", "type", envelope.type(), "reason", reason).increment();
        String message = "Refused " + envelope.type() + " " + envelope.eventId() + " of tenant " + envelope.tenantId()
                + " on " + (topic == null ? "an unknown topic" : topic) + ": " + why;
        log.warn("{}; sent to the dead-letter topic unread", message);
        throw new RefusedEventException(reason, message);
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
