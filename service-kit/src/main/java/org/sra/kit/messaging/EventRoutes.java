package org.sra.kit.messaging;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;

import org.sra.events.EventEnvelope;
import org.sra.events.EventPayload;

/**
 * Which handler a service runs for which event payload. Events of other types are
 * acknowledged and ignored. Declare one bean of this type per service:
 *
 * <pre>{@code
 * @Bean EventRoutes eventRoutes(Contracts contracts) {
 *     return EventRoutes.builder()
 *         .on(TenantProvisioned.class, contracts::onProvisioned)
 *         .build();
 * }
 * }</pre>
 */
public final class EventRoutes {

    private final Map<Class<? extends EventPayload>, BiConsumer<EventEnvelope, EventPayload>> handlers;

    private EventRoutes(Map<Class<? extends EventPayload>, BiConsumer<EventEnvelope, EventPayload>> handlers) {
        this.handlers = Map.copyOf(handlers);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * These routes plus {@code handler} for {@code type}, run after the handler the service routes
     * the type to itself, if any (the kit adds its own routes so, e.g. token revocations).
     */
    public <P extends EventPayload> EventRoutes with(Class<P> type, BiConsumer<EventEnvelope, P> handler) {
        Map<Class<? extends EventPayload>, BiConsumer<EventEnvelope, EventPayload>> all = new LinkedHashMap<>(handlers);
        BiConsumer<EventEnvelope, EventPayload> added = (envelope, payload) -> handler.accept(envelope, type.cast(payload));
        all.merge(type, added, BiConsumer::andThen);
        return new EventRoutes(all);
    }

    Optional<BiConsumer<EventEnvelope, EventPayload>> handlerFor(EventPayload payload) {
        return Optional.ofNullable(handlers.get(payload.getClass()));
    }

    public static final class Builder {

        private final Map<Class<? extends EventPayload>, BiConsumer<EventEnvelope, EventPayload>> handlers =
                new LinkedHashMap<>();

        /** Runs {@code handler} for every event whose payload is a {@code type}. */
        public <P extends EventPayload> Builder on(Class<P> type, BiConsumer<EventEnvelope, P> handler) {
            handlers.put(type, (envelope, payload) -> handler.accept(envelope, type.cast(payload)));
            return this;
        }

        public EventRoutes build() {
            return new EventRoutes(handlers);
        }
    }
}
