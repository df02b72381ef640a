package org.sra.profile.support;

import java.util.List;

import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.sra.events.EventPayload;
import org.sra.events.Topics;
import org.sra.fixtures.events.EventTraffic;

/**
 * Everything profile-service published on {@code sra.profiles}, {@code sra.proxy-settings} and
 * {@code sra.audit}, as a deduplicating consumer sees it (the shared {@link EventTraffic}).
 */
public final class PublishedEvents {

    private final EventTraffic traffic;

    private PublishedEvents(EventTraffic traffic) {
        this.traffic = traffic;
    }

    static PublishedEvents from(EmbeddedKafkaBroker broker) {
        return new PublishedEvents(traffic(broker));
    }

    static EventTraffic traffic(EmbeddedKafkaBroker broker) {
        return EventTraffic.on(broker.getBrokersAsString(), Topics.PROFILES, Topics.PROXY_SETTINGS, Topics.AUDIT);
    }

    /**
     * Waits until everything on the watched topics up to now has been read: an event published
     * before this call is then in {@link #of}.
     */
    public void caughtUp() {
        traffic.caughtUp();
    }

    /** Payloads of one type published for one tenant so far, oldest first. */
    public <P extends EventPayload> List<P> of(String tenant, Class<P> type) {
        return traffic.published(tenant, type);
    }

    /** Waits until at least {@code count} such payloads arrived, then returns all of them. */
    public <P extends EventPayload> List<P> atLeast(String tenant, Class<P> type, int count) {
        return traffic.atLeast(tenant, type, count);
    }

    public <P extends EventPayload> P last(String tenant, Class<P> type) {
        return atLeast(tenant, type, 1).getLast();
    }
}
