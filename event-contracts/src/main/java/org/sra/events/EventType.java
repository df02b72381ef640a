package org.sra.events;

import java.util.Objects;
import java.util.Set;

/**
 * One kind of event: its wire name (never a Java class name), schema version, topic, payload
 * record and the services that may produce it (its owners; the only writers of its topic
 * besides other owners of types on the same topic).
 */
public record EventType(String name, int schemaVersion, String topic,
                        Class<? extends EventPayload> payloadClass, Set<String> producers) {

    public EventType {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(payloadClass, "payloadClass");
        producers = Set.copyOf(producers);
        if (producers.isEmpty()) {
            throw new IllegalArgumentException(name + " has no producer");
        }
    }

    /** Whether {@code service} (a {@link Services} name) owns this type, i.e. may produce it. */
    public boolean producedBy(String service) {
        return producers.contains(service);
    }

    /** Location of this type's JSON schema on the class path. */
    public String schemaResource() {
        return "/schemas/" + name + ".v" + schemaVersion + ".json";
    }
}
