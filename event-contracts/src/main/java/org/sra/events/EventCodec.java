package org.sra.events;

import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * JSON on the wire: the envelope's fields plus {@code payload}; the payload type is named by
 * {@code type} through {@link EventTypes}, never by a Java class name.
 *
 * <p>Both directions check the same contract, so that a producer finds its mistake when it
 * writes the event rather than every consumer when it reads it: the type is registered, every
 * required payload component is present, and the envelope's tenant id and aggregate id are the
 * payload's. Unknown JSON properties are ignored (a newer producer may add optional fields).
 */
public final class EventCodec {

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    /** What a producer's name looks like: a service name such as {@code directory-service}. */
    private static final Pattern SERVICE_NAME = Pattern.compile("[a-z][a-z0-9-]{0,62}");

    private EventCodec() {
    }

    /**
     * Writes an envelope.
     *
     * @throws IllegalArgumentException when the envelope breaks the contract (see the class comment)
     */
    public static String encode(EventEnvelope envelope) {
        EventType type = EventTypes.of(envelope.payload().getClass());
        if (!type.name().equals(envelope.type()) || envelope.schemaVersion() != type.schemaVersion()) {
            throw new IllegalArgumentException("envelope says " + envelope.type() + " v" + envelope.schemaVersion()
                    + " but carries " + type.name() + " v" + type.schemaVersion());
        }
        String problem = contractProblem(envelope);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        ObjectNode node = MAPPER.createObjectNode();
        node.put("eventId", envelope.eventId().toString());
        node.put("type", envelope.type());
        node.put("schemaVersion", envelope.schemaVersion());
        node.put("tenantId", envelope.tenantId());
        node.put("occurredAt", envelope.occurredAt().toString());
        node.put("aggregateId", envelope.aggregateId());
        if (envelope.producer() != null) {
            node.put("producer", envelope.producer());
        }
        node.set("payload", MAPPER.valueToTree(envelope.payload()));
        return MAPPER.writeValueAsString(node);
    }

    public static byte[] encodeToBytes(EventEnvelope envelope) {
        return encode(envelope).getBytes(StandardCharsets.UTF_8);
    }

    public static EventEnvelope decode(byte[] json) {
        return decode(new String(json, StandardCharsets.UTF_8));
    }

    /**
     * Reads an envelope.
     *
     * @throws MalformedEventException when the JSON is not an envelope of a known type, its schema
     *                                 version is newer than this build knows, or it breaks the contract
     */
    public static EventEnvelope decode(String json) {
        EventEnvelope envelope;
        try {
            JsonNode node = MAPPER.readTree(json);
            if (node == null || !node.isObject()) {
                throw new MalformedEventException("not a JSON object");
            }
            String typeName = required(node, "type").asString();
            EventType type = EventTypes.byName(typeName)
                    .orElseThrow(() -> new MalformedEventException("unknown event type '" + typeName + "'"));
            int version = required(node, "schemaVersion").asInt();
            if (version < 1) {
                throw new MalformedEventException(typeName + " schema version " + version + " is not a version");
            }
            if (version > type.schemaVersion()) {
                throw new MalformedEventException(typeName + " schema version " + version
                        + " is newer than the supported " + type.schemaVersion());
            }
            EventPayload payload = MAPPER.treeToValue(required(node, "payload"), type.payloadClass());
            JsonNode producer = node.get("producer");
            if (producer != null && !producer.isNull() && !producer.isString()) {
                throw new MalformedEventException("producer is not a service name");
            }
            envelope = new EventEnvelope(UUID.fromString(required(node, "eventId").asString()), typeName, version,
                    required(node, "tenantId").asString(), Instant.parse(required(node, "occurredAt").asString()),
                    required(node, "aggregateId").asString(), payload,
                    producer == null || producer.isNull() ? null : producer.asString());
        } catch (JacksonException | IllegalArgumentException | DateTimeException e) {
            throw new MalformedEventException(e.getMessage(), e);
        }
        String problem = contractProblem(envelope);
        if (problem != null) {
            throw new MalformedEventException(problem);
        }
        return envelope;
    }

    /** The payload as a JSON tree, e.g. to validate it against its schema. */
    public static JsonNode payloadTree(EventPayload payload) {
        return MAPPER.valueToTree(payload);
    }

    /** What is wrong with an envelope whose type is known, or null when nothing is. */
    private static String contractProblem(EventEnvelope envelope) {
        EventPayload payload = envelope.payload();
        List<String> missing = payload instanceof Record record ? RequiredComponents.missingIn(record) : List.of();
        if (!missing.isEmpty()) {
            return envelope.type() + " lacks required " + String.join(", ", missing);
        }
        if (envelope.producer() != null && !SERVICE_NAME.matcher(envelope.producer()).matches()) {
            return envelope.type() + " names a producer that is not a service name";
        }
        if (!envelope.tenantId().equals(payload.tenantId())) {
            return envelope.type() + " envelope tenant '" + envelope.tenantId()
                    + "' differs from the payload's '" + payload.tenantId() + "'";
        }
        if (!envelope.aggregateId().equals(payload.aggregateId())) {
            return envelope.type() + " envelope aggregate id '" + envelope.aggregateId()
                    + "' differs from the payload's '" + payload.aggregateId() + "'";
        }
        return null;
    }

    private static JsonNode required(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new MalformedEventException("missing field '" + field + "'");
        }
        return value;
    }
}
