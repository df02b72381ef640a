package org.sra.events;

/**
 * One kind of event: its wire name (never a Java class name), schema version, topic and
 * payload record.
 */
public record EventType(String name, int schemaVersion, String topic,
                        Class<? extends EventPayload> payloadClass) {

    /** Location of this type's JSON schema on the class path. */
    public String schemaResource() {
        return "/schemas/" + name + ".v" + schemaVersion + ".json";
    }
}
