package org.sra.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.RecordComponent;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.sra.events.device.DeviceAutoRegistrationFailed;
import org.sra.events.tenant.TenantProvisioned;
import org.sra.events.settings.SettingsChanged;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The event contract as consumers rely on it: every registered type has a schema, a sample,
 * a documented topic and key, and survives the wire unchanged; anything else is refused.
 */
class EventContractsTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** Draft 2020-12 treats {@code format} as a note only; we want it checked. */
    private static final SchemaRegistry SCHEMAS = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
            registry -> registry.schemaRegistryConfig(
                    SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build()));
    private static final Schema ENVELOPE_SCHEMA = schema("/schemas/EventEnvelope.v1.json");
    private static final Path CATALOGUE = Path.of("../docs/events.md");

    static Stream<EventType> types() {
        return EventTypes.all().stream();
    }

    // --- the catalogue is complete ---------------------------------------------------------

    @Test
    void everyRegisteredTypeHasASample() {
        assertThat(EventTypes.all())
                .filteredOn(type -> EventSamples.of(type).isEmpty())
                .extracting(EventType::name)
                .as("registered types without a sample in EventSamples")
                .isEmpty();
    }

    @Test
    void everySchemaFileBelongsToARegisteredTypeAndViceVersa() throws IOException, URISyntaxException {
        Path folder = Path.of(EventContractsTests.class.getResource("/schemas").toURI());
        Set<String> files;
        try (Stream<Path> listing = Files.list(folder)) {
            files = listing.map(path -> path.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
        }
        Set<String> expected = EventTypes.all().stream()
                .map(type -> Path.of(type.schemaResource()).getFileName().toString())
                .collect(Collectors.toCollection(TreeSet::new));
        expected.add("EventEnvelope.v1.json");

        assertThat(files).isEqualTo(expected);
    }

    @Test
    void wireNamesAndPayloadClassesAreUnique() {
        assertThat(EventTypes.all()).extracting(EventType::name).doesNotHaveDuplicates();
        assertThat(EventTypes.all()).extracting(EventType::payloadClass).doesNotHaveDuplicates();
    }

    @ParameterizedTest
    @MethodSource("types")
    void everyPayloadIsARecordWhoseFirstComponentIsTheTenantId(EventType type) {
        assertThat(type.payloadClass().isRecord()).isTrue();
        RecordComponent first = type.payloadClass().getRecordComponents()[0];
        assertThat(first.getName()).isEqualTo("tenantId");
        assertThat(first.getType()).isEqualTo(String.class);
    }

    // --- the wire ----------------------------------------------------------------------------

    @ParameterizedTest
    @MethodSource("types")
    void encodeThenDecodeGivesAnEqualEnvelope(EventType type) {
        EventEnvelope envelope = EventEnvelope.of(EventSamples.required(type));

        EventEnvelope decoded = EventCodec.decode(EventCodec.encode(envelope));

        assertThat(decoded).isEqualTo(envelope);
        assertThat(decoded.type()).isEqualTo(type.name());
        assertThat(decoded.schemaVersion()).isEqualTo(type.schemaVersion());
        assertThat(EventCodec.decode(EventCodec.encodeToBytes(envelope))).isEqualTo(envelope);
    }

    @ParameterizedTest
    @MethodSource("types")
    void payloadValidatesAgainstItsSchema(EventType type) {
        JsonNode payload = EventCodec.payloadTree(EventSamples.required(type));

        assertThat(schema(type.schemaResource()).validate(payload)).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("types")
    void envelopeValidatesAgainstTheEnvelopeSchema(EventType type) {
        JsonNode envelope = JSON.readTree(EventCodec.encode(EventEnvelope.of(EventSamples.required(type))));

        assertThat(ENVELOPE_SCHEMA.validate(envelope)).isEmpty();
        assertThat(schema(type.schemaResource()).validate(envelope.get("payload"))).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("types")
    void noJavaClassNameAppearsOnTheWire(EventType type) {
        String json = EventCodec.encode(EventEnvelope.of(EventSamples.required(type)));

        assertThat(json).doesNotContain("org.sra", "java.", "@class", "@type", type.payloadClass().getName());
        assertThat(JSON.readTree(json).get("type").asString()).isEqualTo(type.name());
    }

    /** The schema and the record say the same thing: same fields, and required exactly when not @Nullable. */
    @ParameterizedTest
    @MethodSource("types")
    void schemaDescribesTheRecordFields(EventType type) {
        assertSchemaMatches(type.payloadClass(), schemaTree(type.schemaResource()), type.name());
    }

    @ParameterizedTest
    @MethodSource("types")
    void optionalFieldsMayBeNull(EventType type) {
        JsonNode schema = schemaTree(type.schemaResource());
        ObjectNode payload = (ObjectNode) EventCodec.payloadTree(EventSamples.required(type));
        Set<String> required = requiredOf(schema);
        payload.propertyNames().stream().filter(name -> !required.contains(name)).toList()
                .forEach(payload::putNull);

        assertThat(schema(type.schemaResource()).validate(payload)).isEmpty();
        EventPayload decoded = JSON.treeToValue(payload, type.payloadClass());
        ObjectNode envelope = (ObjectNode) JSON.readTree(envelopeJson(type, payload));
        envelope.put("aggregateId", decoded.aggregateId());
        assertThat(EventCodec.decode(envelope.toString()).payload()).isEqualTo(decoded);
    }

    @ParameterizedTest
    @MethodSource("types")
    void aPayloadWithoutARequiredFieldIsRefused(EventType type) {
        JsonNode schema = schemaTree(type.schemaResource());
        for (String field : requiredOf(schema)) {
            ObjectNode payload = (ObjectNode) EventCodec.payloadTree(EventSamples.required(type));
            payload.remove(field);

            assertThat(schema(type.schemaResource()).validate(payload)).as("schema without " + field).isNotEmpty();
            assertThatThrownBy(() -> EventCodec.decode(envelopeJson(type, payload)))
                    .as("decode without " + field)
                    .isInstanceOf(MalformedEventException.class);
        }
    }

    // --- what the catalogue says ---------------------------------------------------------------

    @Test
    void theCatalogueListsExactlyTheRegisteredTypes() {
        assertThat(catalogue().keySet())
                .containsExactlyInAnyOrderElementsOf(EventTypes.all().stream().map(EventType::name).toList());
    }

    @ParameterizedTest
    @MethodSource("types")
    void topicVersionAndKeyAreWhatTheCatalogueSays(EventType type) {
        DocumentedEvent documented = catalogue().get(type.name());
        EventPayload sample = EventSamples.required(type);
        JsonNode payload = EventCodec.payloadTree(sample);
        String expectedKey = documented.keyFields().stream()
                .map(field -> payload.get(field).asString())
                .collect(Collectors.joining(":"));

        assertThat(documented.version()).isEqualTo(type.schemaVersion());
        assertThat(documented.topic()).isEqualTo(type.topic());
        assertThat(sample.aggregateId()).isEqualTo(expectedKey);
        assertThat(EventEnvelope.of(sample).topic()).isEqualTo(type.topic());
    }

    @Test
    void aFailedAutoRegistrationWithoutADeviceIsKeyedByTheUser() {
        var failed = new DeviceAutoRegistrationFailed("t-acme", "u-42", "taro.yamada", null, "C02XYZ", "mac-intel",
                DeviceAutoRegistrationFailed.Reason.NO_FREE_DEVICE);

        assertThat(failed.aggregateId()).isEqualTo("u-42");
        assertThat(EventCodec.decode(EventCodec.encode(EventEnvelope.of(failed))).payload()).isEqualTo(failed);
    }

    @Test
    void deadLetterTopicsAreNamedAfterTheConsumerGroup() {
        assertThat(Topics.deadLetter("notification-service")).isEqualTo("sra.dlq.notification-service");
    }

    // --- what is refused -----------------------------------------------------------------------

    @Test
    void anUnknownTypeIsMalformed() {
        ObjectNode envelope = sampleEnvelopeTree();
        envelope.put("type", "org.sra.events.tenant.TenantProvisioned");

        assertThatThrownBy(() -> EventCodec.decode(envelope.toString()))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageContaining("unknown event type");
    }

    @Test
    void anEnvelopeWithoutAFieldIsMalformed() {
        for (String field : List.of("eventId", "type", "schemaVersion", "tenantId", "occurredAt", "aggregateId",
                "payload")) {
            ObjectNode envelope = sampleEnvelopeTree();
            envelope.remove(field);

            assertThatThrownBy(() -> EventCodec.decode(envelope.toString())).as("without " + field)
                    .isInstanceOf(MalformedEventException.class);
        }
    }

    @Test
    void garbageIsMalformed() {
        for (String garbage : List.of("", "not json", "{\"type\":", "[]", "42", "null",
                "{\"type\":\"TenantProvisioned\",\"schemaVersion\":1,\"payload\":\"x\"}")) {
            assertThatThrownBy(() -> EventCodec.decode(garbage)).as(garbage)
                    .isInstanceOf(MalformedEventException.class);
        }
        assertThatThrownBy(() -> EventCodec.decode(new byte[] {(byte) 0xff, (byte) 0xfe, 0x00}))
                .isInstanceOf(MalformedEventException.class);
    }

    @Test
    void badValuesAreMalformed() {
        Map<String, Function<ObjectNode, ObjectNode>> breakages = Map.of(
                "eventId not a UUID", env -> env.put("eventId", "42"),
                "occurredAt not a time", env -> env.put("occurredAt", "yesterday"),
                "devicesPerUser not a number", env -> {
                    ((ObjectNode) env.get("payload")).put("devicesPerUser", "two");
                    return env;
                });
        breakages.forEach((what, breakage) -> assertThatThrownBy(
                () -> EventCodec.decode(breakage.apply(sampleEnvelopeTree()).toString()))
                .as(what).isInstanceOf(MalformedEventException.class));
    }

    @Test
    void anUnknownEnumValueIsMalformed() {
        EventEnvelope envelope = EventEnvelope.of(new DeviceAutoRegistrationFailed("t-acme", "u-42", "taro.yamada",
                "d-7", "C02XYZ", "win", DeviceAutoRegistrationFailed.Reason.DISABLED));
        String json = EventCodec.encode(envelope).replace("\"DISABLED\"", "\"SOMETHING_NEW\"");

        assertThatThrownBy(() -> EventCodec.decode(json)).isInstanceOf(MalformedEventException.class);
    }

    @Test
    void aSchemaVersionNewerThanSupportedIsRefused() {
        ObjectNode envelope = sampleEnvelopeTree();
        envelope.put("schemaVersion", EventTypes.of(TenantProvisioned.class).schemaVersion() + 1);

        assertThatThrownBy(() -> EventCodec.decode(envelope.toString()))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageContaining("newer than the supported");
    }

    @Test
    void aSchemaVersionBelowOneIsRefused() {
        ObjectNode envelope = sampleEnvelopeTree();
        envelope.put("schemaVersion", 0);

        assertThatThrownBy(() -> EventCodec.decode(envelope.toString())).isInstanceOf(MalformedEventException.class);
    }

    @Test
    void unknownPropertiesFromANewerProducerAreIgnored() {
        ObjectNode envelope = sampleEnvelopeTree();
        ((ObjectNode) envelope.get("payload")).put("addedLater", "optional");
        envelope.put("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");

        assertThat(EventCodec.decode(envelope.toString()).payload()).isEqualTo(tenantProvisioned());
    }

    /** Tenant isolation: an envelope that names one tenant must not carry another's fact. */
    @Test
    void anEnvelopeWhoseTenantDiffersFromThePayloadsIsRefused() {
        ObjectNode envelope = sampleEnvelopeTree();
        envelope.put("tenantId", "t-other");

        assertThatThrownBy(() -> EventCodec.decode(envelope.toString()))
                .isInstanceOf(MalformedEventException.class).hasMessageContaining("t-other");
        assertThatThrownBy(() -> EventCodec.encode(EventEnvelope.of("t-other", tenantProvisioned())))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anEnvelopeWhoseKeyDiffersFromThePayloadsIsRefused() {
        ObjectNode envelope = sampleEnvelopeTree();
        envelope.put("aggregateId", "t-other");

        assertThatThrownBy(() -> EventCodec.decode(envelope.toString())).isInstanceOf(MalformedEventException.class);
    }

    @Test
    void aProducerCannotWriteAPayloadWithoutItsRequiredFields() {
        var incomplete = new TenantProvisioned("t-acme", null, 2, "10.239.17.0/24");

        assertThatThrownBy(() -> EventCodec.encode(EventEnvelope.of(incomplete)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("name");
    }

    @Test
    void anEnvelopeNamingAnotherTypeThanItsPayloadCannotBeWritten() {
        EventEnvelope sample = EventEnvelope.of(tenantProvisioned());
        var mislabelled = new EventEnvelope(UUID.randomUUID(), "TenantSuspended", 1, sample.tenantId(),
                sample.occurredAt(), sample.aggregateId(), sample.payload());

        assertThatThrownBy(() -> EventCodec.encode(mislabelled)).isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * Sealed values written before the seal keys were separated ({@code v1:}) and those written
     * since ({@code v2:<key id>:}) both fit the contract; the Entra client secret is no longer
     * sent, but events written with it still validate and decode.
     */
    @Test
    void sealedValuesOfBothFormsAndOldSettingsWithTheEntraSecretAreAccepted() {
        EventType settings = EventTypes.of(SettingsChanged.class);
        ObjectNode payload = (ObjectNode) EventCodec.payloadTree(EventSamples.required(settings));
        assertThat(payload.get("entraId").get("sealedClientSecret").isNull()).isTrue();
        ObjectNode entra = (ObjectNode) payload.get("entraId");
        for (String sealed : List.of("v1:q1w2e3r4t5y6u7i8o9p0AbCdEfGhIjKl", "v2:1:q1w2e3r4t5y6u7i8o9p0AbCdEfGhIjKl",
                "v2:12:q1w2e3r4t5y6u7i8o9p0AbCdEfGhIjKl")) {
            entra.put("sealedClientSecret", sealed);
            assertThat(schema(settings.schemaResource()).validate(payload)).as(sealed).isEmpty();
            SettingsChanged decoded = (SettingsChanged) EventCodec.decode(envelopeJson(settings, payload)).payload();
            assertThat(decoded.entraId().sealedClientSecret()).isEqualTo(sealed);
        }
        for (String notSealed : List.of("q1w2e3r4t5y6u7i8o9p0AbCdEfGhIjKl", "v2:q1w2e3r4t5y6u7i8o9p0AbCdEfGhIjKl",
                "v2:0:q1w2e3r4t5y6u7i8o9p0AbCdEfGhIjKl", "v3:1:q1w2e3r4t5y6u7i8o9p0AbCdEfGhIjKl")) {
            entra.put("sealedClientSecret", notSealed);
            assertThat(schema(settings.schemaResource()).validate(payload)).as(notSealed).isNotEmpty();
        }
        entra.remove("sealedClientSecret");
        assertThat(schema(settings.schemaResource()).validate(payload)).isEmpty();
    }

    // --- helpers -------------------------------------------------------------------------------

    private static TenantProvisioned tenantProvisioned() {
        return (TenantProvisioned) EventSamples.required(EventTypes.of(TenantProvisioned.class));
    }

    private static ObjectNode sampleEnvelopeTree() {
        return (ObjectNode) JSON.readTree(EventCodec.encode(EventEnvelope.of(tenantProvisioned())));
    }

    private static String envelopeJson(EventType type, JsonNode payload) {
        EventEnvelope sample = EventEnvelope.of(EventSamples.required(type));
        ObjectNode envelope = (ObjectNode) JSON.readTree(EventCodec.encode(sample));
        envelope.set("payload", payload);
        return envelope.toString();
    }

    private static void assertSchemaMatches(Class<?> record, JsonNode schema, String path) {
        assertThat(schema.get("additionalProperties").asBoolean(true)).as(path + " additionalProperties").isFalse();
        List<String> components = new ArrayList<>();
        Set<String> required = new HashSet<>();
        for (RecordComponent component : record.getRecordComponents()) {
            components.add(component.getName());
            if (!component.getAnnotatedType().isAnnotationPresent(Nullable.class)) {
                required.add(component.getName());
            }
            if (component.getType().isRecord()) {
                assertSchemaMatches(component.getType(), schema.get("properties").get(component.getName()),
                        path + "." + component.getName());
            }
        }
        assertThat(schema.get("properties").propertyNames()).as(path + " properties")
                .containsExactlyElementsOf(components);
        assertThat(requiredOf(schema)).as(path + " required").isEqualTo(required);
    }

    private static Set<String> requiredOf(JsonNode schema) {
        Set<String> required = new HashSet<>();
        schema.get("required").forEach(name -> required.add(name.asString()));
        return required;
    }

    @ParameterizedTest
    @MethodSource("types")
    void producersAreWhatTheCatalogueSays(EventType type) {
        assertThat(documentedProducers().get(type.name())).isEqualTo(type.producers());
        assertThat(EventTypes.writersOf(type.topic())).containsAll(type.producers());
    }

    @Test
    void everyTopicButTheAuditIsWrittenByOneServiceOnly() {
        Map<String, Set<String>> writers = EventTypes.all().stream().map(EventType::topic).distinct()
                .collect(Collectors.toMap(Function.identity(), EventTypes::writersOf));

        writers.forEach((topic, services) -> assertThat(services).as(topic)
                .hasSize(topic.equals(Topics.AUDIT) ? Services.all().size() : 1));
        assertThat(EventTypes.topicsWrittenBy(Services.DEVICE)).containsExactlyInAnyOrder(Topics.DEVICES, Topics.DEVICE_IMPORTS,
                Topics.AUDIT);
    }

    // --- the producer in the envelope ----------------------------------------------------------

    @Test
    void theProducerTravelsInTheEnvelopeAndValidatesAgainstItsSchema() {
        EventEnvelope envelope = EventEnvelope.of(EventSamples.required(EventTypes.of(TenantProvisioned.class)))
                .producedBy(Services.DIRECTORY);

        String json = EventCodec.encode(envelope);

        assertThat(JSON.readTree(json).get("producer").asString()).isEqualTo("directory-service");
        assertThat(ENVELOPE_SCHEMA.validate(JSON.readTree(json))).isEmpty();
        assertThat(EventCodec.decode(json)).isEqualTo(envelope);
        assertThat(EventCodec.decode(json).producer()).isEqualTo("directory-service");
    }

    @Test
    void anEnvelopeWithoutAProducerIsStillReadAsBefore() {
        EventEnvelope envelope = EventEnvelope.of(EventSamples.required(EventTypes.of(TenantProvisioned.class)));

        String json = EventCodec.encode(envelope);

        assertThat(JSON.readTree(json).has("producer")).isFalse();
        assertThat(EventCodec.decode(json).producer()).isNull();
    }

    @Test
    void aProducerThatIsNotANameIsRefused() {
        ObjectNode json = (ObjectNode) JSON.readTree(EventCodec.encode(
                EventEnvelope.of(EventSamples.required(EventTypes.of(TenantProvisioned.class)))));
        for (JsonNode bad : List.of(JSON.getNodeFactory().stringNode(" "), JSON.getNodeFactory().stringNode("Directory Service"), JSON.getNodeFactory().numberNode(7),
                JSON.createObjectNode())) {
            json.set("producer", bad);

            assertThat(ENVELOPE_SCHEMA.validate(json)).as("schema with producer %s", bad).isNotEmpty();
            assertThatThrownBy(() -> EventCodec.decode(json.toString())).as("decode with producer %s", bad)
                    .isInstanceOf(MalformedEventException.class);
        }
    }

    private static JsonNode schemaTree(String resource) {
        try (InputStream in = EventContractsTests.class.getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Schema schema(String resource) {
        return SCHEMAS.getSchema(schemaTree(resource));
    }

    /** A row of the table in docs/events.md. */
    record DocumentedEvent(String name, int version, String topic, List<String> keyFields) {
    }

    private static final Pattern ROW = Pattern.compile(
            "^\\|\\s*`(\\w+)`\\s*\\|\\s*(\\d+)\\s*\\|[^|]*\\|[^|]*\\|\\s*`([\\w.-]+)`\\s*\\|\\s*`([\\w:]+)`.*$");

    private static final Pattern PRODUCERS = Pattern.compile("^\\|\\s*`(\\w+)`\\s*\\|\\s*\\d+\\s*\\|([^|]*)\\|.*$");

    /** The Producer column of docs/events.md, by event name. */
    private static Map<String, Set<String>> documentedProducers() {
        try (Stream<String> lines = Files.lines(CATALOGUE)) {
            return lines.map(PRODUCERS::matcher).filter(Matcher::matches)
                    .collect(Collectors.toMap(row -> row.group(1), row -> Stream.of(row.group(2).split(","))
                            .map(String::trim).collect(Collectors.toSet())));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, DocumentedEvent> catalogue() {
        try (Stream<String> lines = Files.lines(CATALOGUE)) {
            return lines.map(ROW::matcher).filter(Matcher::matches)
                    .map(row -> new DocumentedEvent(row.group(1), Integer.parseInt(row.group(2)), row.group(3),
                            List.of(row.group(4).split(":"))))
                    .collect(Collectors.toMap(DocumentedEvent::name, Function.identity()));
        } catch (IOException e) {
            throw new UncheckedIOException("the event catalogue " + CATALOGUE.toAbsolutePath() + " is missing", e);
        }
    }
}
