package org.sra.device;

import java.util.List;
import java.util.function.Predicate;

import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.sra.events.EventEnvelope;
import org.sra.events.EventPayload;
import org.sra.events.Topics;
import org.sra.fixtures.events.EventTraffic;

/**
 * Publishes events to device-service through the embedded broker, and collects what it publishes
 * on {@code sra.devices}, {@code sra.device-imports} and {@code sra.audit} (the shared
 * {@link EventTraffic}; tests pick their own tenant's events).
 */
public final class TestEvents {

    /** The traffic of the broker last used: the test JVM's shared context has one. */
    private static volatile EventTraffic traffic;

    private TestEvents() {
    }

    private static EventTraffic traffic(EmbeddedKafkaBroker broker) {
        traffic = EventTraffic.on(broker.getBrokersAsString(), Topics.DEVICES, Topics.DEVICE_IMPORTS, Topics.AUDIT);
        return traffic;
    }

    public static void publish(EmbeddedKafkaBroker broker, EventPayload payload) {
        traffic(broker).publish(payload);
    }

    /** Publishes this very envelope (publish it twice to test a redelivery). */
    public static void publish(EmbeddedKafkaBroker broker, EventEnvelope envelope) {
        traffic(broker).publish(envelope);
    }

    /** Every event device-service published for the tenant so far, oldest first per device. */
    public static List<EventEnvelope> publishedFor(String tenant) {
        return traffic == null ? List.of() : traffic.publishedFor(tenant);
    }

    /** Waits until device-service published a {@code type} for the tenant that matches. */
    public static <P extends EventPayload> P awaitPublished(EmbeddedKafkaBroker broker, String tenant, Class<P> type,
                                                          Predicate<P> matching) {
        return traffic(broker).awaitPublished(tenant, type, matching);
    }

    public static <P extends EventPayload> List<P> published(String tenant, Class<P> type) {
        return traffic == null ? List.of() : traffic.published(tenant, type);
    }
}
