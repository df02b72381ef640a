package org.sra.notification;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Predicate;

import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.sra.events.EventEnvelope;
import org.sra.events.Topics;
import org.sra.fixtures.events.EventTraffic;

/**
 * Puts events on the embedded broker as other services would, and reads what this one published
 * ({@code sra.mails}, {@code sra.audit}), through the shared {@link EventTraffic}.
 */
public final class TestEvents {

    private TestEvents() {
    }

    private static EventTraffic traffic(EmbeddedKafkaBroker broker) {
        return EventTraffic.on(broker.getBrokersAsString(), Topics.MAILS, Topics.AUDIT);
    }

    public static void publish(EmbeddedKafkaBroker broker, EventEnvelope envelope) {
        traffic(broker).publish(envelope);
    }

    /** Publishes many events with one producer, as another service's outbox relay does in a batch. */
    public static void publishAll(EmbeddedKafkaBroker broker, List<EventEnvelope> envelopes) {
        traffic(broker).publishAll(envelopes);
    }

    /** A record that is not an event at all (a poison message). */
    public static void publishGarbage(EmbeddedKafkaBroker broker, String topic) {
        traffic(broker).publishRaw(topic, "garbage", "this is not an event".getBytes(StandardCharsets.UTF_8));
    }

    /** Waits for mail events (MailSent/MailFailed) matching {@code wanted} on {@code sra.mails}. */
    public static List<EventEnvelope> awaitMailEvents(EmbeddedKafkaBroker broker, Predicate<EventEnvelope> wanted,
                                                      int count) {
        return awaitEvents(broker, Topics.MAILS, wanted, count);
    }

    /** Waits (at most 30 s) for {@code count} events matching {@code wanted} on {@code topic}. */
    public static List<EventEnvelope> awaitEvents(EmbeddedKafkaBroker broker, String topic,
                                                  Predicate<EventEnvelope> wanted, int count) {
        return traffic(broker).awaitEvents(e -> e.topic().equals(topic) && wanted.test(e), count);
    }
}
