package org.sra.auth.support;

import java.util.List;
import java.util.function.Predicate;

import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.sra.events.EventEnvelope;
import org.sra.events.EventPayload;
import org.sra.events.Topics;
import org.sra.fixtures.events.EventTraffic;

/**
 * Publishes the other services' events to auth-service through the embedded broker and collects
 * what auth-service publishes (connections, sessions, audit), through the shared {@link EventTraffic}.
 */
public final class TestEvents {

    /** The traffic of the broker last used: the test JVM's shared context has one. */
    private static volatile EventTraffic traffic;

    private TestEvents() {
    }

    private static EventTraffic traffic(EmbeddedKafkaBroker broker) {
        traffic = EventTraffic.on(broker.getBrokersAsString(), Topics.CONNECTIONS, Topics.SESSIONS, Topics.AUDIT);
        return traffic;
    }

    public static EventEnvelope publish(EmbeddedKafkaBroker broker, EventPayload payload) {
        return traffic(broker).publish(payload);
    }

    public static <P extends EventPayload> List<P> published(String tenant, Class<P> type) {
        return traffic == null ? List.of() : traffic.published(tenant, type);
    }

    public static <P extends EventPayload> P awaitPublished(EmbeddedKafkaBroker broker, String tenant, Class<P> type,
                                                          Predicate<P> matching) {
        return traffic(broker).awaitPublished(tenant, type, matching);
    }
}
