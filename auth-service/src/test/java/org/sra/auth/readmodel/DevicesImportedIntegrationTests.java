package org.sra.auth.readmodel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureTestRestTemplate;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.sra.auth.support.TestEvents;
import org.sra.events.EventEnvelope;
import org.sra.events.device.DeviceAssigned;
import org.sra.events.device.DeviceAuthMethod;
import org.sra.events.device.DeviceAutoRegistered;
import org.sra.events.device.DeviceChanged;
import org.sra.events.device.DeviceRemoved;
import org.sra.events.device.DeviceType;
import org.sra.events.device.DevicesImported;
import org.sra.events.user.UserSource;
import org.sra.events.user.VpnUserAdded;
import org.sra.fixtures.time.MovableClock;
import org.sra.kit.secrets.SecretSealer;
import org.sra.kit.test.SraIntegrationTest;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * A CSV import's devices arrive in parts ({@code DevicesImported}, up to 500 devices) on their own
 * topic, so a device's own later events may be handled before the part that created it, maybe on
 * another replica. The part is written in bulk into the {@code imported} sub-document only, and
 * the view resolves the effective device: whatever the order, the result is the same.
 */
@SraIntegrationTest
@AutoConfigureTestRestTemplate
class DevicesImportedIntegrationTests {

    @Autowired
    ReadModel model;
    @Autowired
    ReadModelUpdates updates;
    @Autowired
    MongoTemplate mongo;
    @Autowired
    ReadModelChanges changes;
    @Autowired
    ReadModelSettings settings;
    @Autowired
    SecretSealer sealer;
    @Autowired
    ObjectProvider<AccessRevocations> revocations;
    @Autowired
    EmbeddedKafkaBroker broker;

    static String newTenant(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Device {@code i} of an import: a mix of types, methods, serials and MAC addresses. */
    static DeviceChanged imported(String tenant, int i) {
        DeviceType type = DeviceType.values()[i % DeviceType.values().length];
        return switch (i % 3) {
            case 0 -> new DeviceChanged(tenant, "d-" + i, "pc-" + i, true, type, true, DeviceAuthMethod.SERIAL_ID,
                    "SN-" + i, null);
            case 1 -> new DeviceChanged(tenant, "d-" + i, "pc-" + i, true, type, true, DeviceAuthMethod.MAC_ADDRESS,
                    null, String.format("02:00:00:00:%02x:%02x", i / 256, i % 256));
            default -> new DeviceChanged(tenant, "d-" + i, "pc-" + i, i % 2 == 0, type, false, null, null, null);
        };
    }

    static DevicesImported part(String tenant, int part, int from, int count) {
        return new DevicesImported(tenant, "imp-" + tenant, part,
                IntStream.range(from, from + count).mapToObj(i -> imported(tenant, i)).toList());
    }

    void handle(ReadModelUpdates on, DevicesImported part) {
        on.onDevicesImported(EventEnvelope.of(part), part);
    }

    /** What a decision sees of a device: everything but the bookkeeping. */
    static List<Object> effective(DeviceView d) {
        return Arrays.asList(d.tenantId(), d.deviceId(), d.name(), d.connectionAllowed(), d.type(), d.deviceAuth(),
                d.method(), d.serialId(), d.macAddress(), d.assignedUserId(), d.removed());
    }

    static List<Object> expected(DeviceChanged d, String assignedUserId, boolean removed) {
        return Arrays.asList(d.tenantId(), d.deviceId(), d.name(), d.connectionAllowed(), d.type(), d.deviceAuth(),
                d.method(), d.serialId(), d.macAddress(), assignedUserId, removed);
    }

    List<Object> stored(String tenant, String deviceId) {
        return effective(mongo.findById(tenant + ":" + deviceId, DeviceView.class));
    }

    List<Object> inMemory(ReadModel of, String tenant, String deviceId) {
        return of.device(tenant, deviceId).map(DevicesImportedIntegrationTests::effective).orElse(null);
    }

    @Test
    void aPartOf300DevicesIsInTheReadModelWithEachDevicesStateAndOnlyInTheImportedSubDocument() {
        String tenant = newTenant("import");
        DevicesImported part = part(tenant, 0, 0, 300);
        handle(updates, part);

        for (DeviceChanged device : part.devices()) {
            assertThat(inMemory(model, tenant, device.deviceId())).as(device.deviceId())
                    .isEqualTo(expected(device, null, false));
            assertThat(stored(tenant, device.deviceId())).as(device.deviceId()).isEqualTo(expected(device, null, false));
        }
        // the lookup auto-registration decides by
        assertThat(model.serialsInUse(tenant)).isEqualTo(part.devices().stream().map(DeviceChanged::serialId)
                .filter(s -> s != null).collect(Collectors.toSet())).hasSize(100);
        // the top-level device fields stay the devices' own events' to write
        Document raw = mongo.getCollection(mongo.getCollectionName(DeviceView.class))
                .find(new Document("_id", tenant + ":d-0")).first();
        assertThat(raw).doesNotContainKeys("name", "type", "serialId", "assignedUserId")
                .containsEntry("removed", false).containsKey("imported");

        // assigned later: the decision's lookup of the user's devices sees the imported state
        VpnUserAdded user = new VpnUserAdded(tenant, "u-yamada", "yamada", "yamada", null, UserSource.LOCAL);
        updates.onVpnUserAdded(EventEnvelope.of(user), user);
        DeviceAssigned assigned = new DeviceAssigned(tenant, "d-3", "u-yamada", "yamada");
        updates.onDeviceAssigned(EventEnvelope.of(assigned), assigned);
        assertThat(model.devicesOf(tenant, "u-yamada")).singleElement()
                .satisfies(d -> assertThat(effective(d)).isEqualTo(expected(imported(tenant, 3), "u-yamada", false)));
    }

    /**
     * Each of a device's own events, handled before and after the import part (on two tenants
     * with the same devices), gives the same view in the store and in memory, and the expected one.
     */
    void sameEitherWay(String scenario, BiConsumer<ReadModelUpdates, String> ownEvents,
                       Function<String, List<Object>> expectedOfD1) {
        String first = newTenant(scenario + "-first");
        String last = newTenant(scenario + "-last");

        ownEvents.accept(updates, first);
        handle(updates, part(first, 0, 0, 3));

        handle(updates, part(last, 0, 0, 3));
        ownEvents.accept(updates, last);

        for (String deviceId : List.of("d-0", "d-1", "d-2")) {
            List<Object> before = stored(first, deviceId);
            List<Object> after = stored(last, deviceId);
            assertThat(before.subList(1, before.size())).as(scenario + " " + deviceId + " in the store")
                    .isEqualTo(after.subList(1, after.size()));
            assertThat(inMemory(model, first, deviceId).subList(1, before.size()))
                    .as(scenario + " " + deviceId + " in memory").isEqualTo(after.subList(1, after.size()));
            assertThat(inMemory(model, last, deviceId)).isEqualTo(after);
        }
        assertThat(stored(first, "d-1")).as(scenario).isEqualTo(expectedOfD1.apply(first));
        assertThat(stored(last, "d-0")).as("a device without events of its own").isEqualTo(
                expected(imported(last, 0), null, false));
    }

    @Test
    void anAssignmentBeforeTheImportKeepsTheImportedStateAndTheAssignment() {
        sameEitherWay("assigned", (on, tenant) -> {
            DeviceAssigned assigned = new DeviceAssigned(tenant, "d-1", "u-sato", "sato");
            on.onDeviceAssigned(EventEnvelope.of(assigned), assigned);
        }, tenant -> expected(imported(tenant, 1), "u-sato", false));
    }

    @Test
    void anEditBeforeTheImportWins() {
        sameEitherWay("edited", (on, tenant) -> {
            DeviceChanged edited = new DeviceChanged(tenant, "d-1", "renamed", false, DeviceType.ANDROID, true,
                    DeviceAuthMethod.SERIAL_ID, "SN-EDITED", null);
            on.onDeviceChanged(EventEnvelope.of(edited), edited);
        }, tenant -> expected(new DeviceChanged(tenant, "d-1", "renamed", false, DeviceType.ANDROID, true,
                DeviceAuthMethod.SERIAL_ID, "SN-EDITED", null), null, false));
    }

    @Test
    void aRemovalBeforeTheImportStaysARemoval() {
        sameEitherWay("removed", (on, tenant) -> {
            DeviceRemoved removed = new DeviceRemoved(tenant, "d-1");
            on.onDeviceRemoved(EventEnvelope.of(removed), removed);
        }, tenant -> expected(imported(tenant, 1), null, true));
    }

    @Test
    void anAutoRegistrationAfterItsDeviceChangedBeforeTheImportKeepsTheRegisteredSerial() {
        sameEitherWay("autoreg", (on, tenant) -> {
            // auto-registration: DeviceChanged with the serial first, then DeviceAutoRegistered
            DeviceChanged changed = new DeviceChanged(tenant, "d-1", "pc-1", true, DeviceType.WINDOWS, true,
                    DeviceAuthMethod.SERIAL_ID, "SN-AUTO", null);
            on.onDeviceChanged(EventEnvelope.of(changed), changed);
            DeviceAutoRegistered registered = new DeviceAutoRegistered(tenant, "d-1", "u-sato", "SN-AUTO", "win");
            on.onDeviceAutoRegistered(EventEnvelope.of(registered), registered);
        }, tenant -> expected(new DeviceChanged(tenant, "d-1", "pc-1", true, DeviceType.WINDOWS, true,
                DeviceAuthMethod.SERIAL_ID, "SN-AUTO", null), null, false));
    }

    @Test
    void aRedeliveredPartChangesNothing() {
        String tenant = newTenant("again");
        DevicesImported part = part(tenant, 0, 0, 50);
        handle(updates, part);
        DeviceAssigned assigned = new DeviceAssigned(tenant, "d-7", "u-sato", "sato");
        updates.onDeviceAssigned(EventEnvelope.of(assigned), assigned);
        DeviceChanged edited = new DeviceChanged(tenant, "d-8", "renamed", false, DeviceType.IOS, false, null, null,
                null);
        updates.onDeviceChanged(EventEnvelope.of(edited), edited);
        List<List<Object>> before = IntStream.range(0, 50).mapToObj(i -> stored(tenant, "d-" + i)).toList();
        assertThat(before.get(7)).isEqualTo(expected(imported(tenant, 7), "u-sato", false));
        assertThat(before.get(8)).isEqualTo(expected(edited, null, false));

        handle(updates, part);
        assertThat(IntStream.range(0, 50).mapToObj(i -> stored(tenant, "d-" + i)).toList()).isEqualTo(before);
        assertThat(IntStream.range(0, 50).mapToObj(i -> inMemory(model, tenant, "d-" + i)).toList()).isEqualTo(before);
    }

    @Test
    void anotherReplicaSeesTheImportedDevicesAfterItsPollAndTheWriterDoesNotFetchThemAgain() {
        String tenant = newTenant("replicas");
        MovableClock clock = new MovableClock(Instant.now());
        SimpleMeterRegistry otherMeters = new SimpleMeterRegistry();
        ReadModel other = new ReadModel(mongo, sealer, changes, settings, clock, otherMeters);
        other.load();
        clock.advance(Duration.ofSeconds(1));
        other.refresh(); // what earlier writers left in the feed is fetched now, not below
        SimpleMeterRegistry writerMeters = new SimpleMeterRegistry();
        ReadModel writer = new ReadModel(mongo, sealer, changes, settings, clock, writerMeters);
        writer.load();
        clock.advance(Duration.ofSeconds(1));
        writer.refresh();
        double otherBefore = otherMeters.get("sra.auth.read-model.documents").tag("kind", "poll").counter().count();
        double writerBefore = writerMeters.get("sra.auth.read-model.documents").tag("kind", "poll").counter().count();

        DevicesImported part = part(tenant, 0, 0, 300);
        handle(new ReadModelUpdates(mongo, writer, changes, revocations), part);
        assertThat(other.device(tenant, "d-0")).as("before its poll").isEmpty();

        clock.advance(Duration.ofSeconds(1));
        other.refresh();
        writer.refresh();
        for (DeviceChanged device : part.devices()) {
            assertThat(inMemory(other, tenant, device.deviceId())).isEqualTo(expected(device, null, false));
            assertThat(inMemory(writer, tenant, device.deviceId())).isEqualTo(expected(device, null, false));
        }
        assertThat(otherMeters.get("sra.auth.read-model.documents").tag("kind", "poll").counter().count() - otherBefore)
                .as("documents the other replica's poll fetched").isGreaterThanOrEqualTo(300);
        assertThat(writerMeters.get("sra.auth.read-model.documents").tag("kind", "poll").counter().count()
                - writerBefore).as("documents the writer's poll fetched again").isLessThan(300);
    }

    @Test
    void aPartPublishedOnTheImportsTopicIsConsumedByTheImportsBinding() {
        String tenant = newTenant("kafka");
        DevicesImported part = part(tenant, 0, 0, 120);
        EventEnvelope sent = TestEvents.publish(broker, part);
        assertThat(sent.topic()).isEqualTo("sra.device-imports");
        await().atMost(Duration.ofSeconds(30)).until(() -> IntStream.range(0, 120)
                .allMatch(i -> model.device(tenant, "d-" + i).isPresent()));
        assertThat(inMemory(model, tenant, "d-119")).isEqualTo(expected(imported(tenant, 119), null, false));
    }

    /** Prints (asserts nothing about speed) what one 500-device part costs with 30,000 devices stored. */
    @Test
    void timeOfOnePartWith30000DevicesStored() {
        String tenant = newTenant("timing");
        String collection = mongo.getCollectionName(DeviceView.class);
        Instant anHourAgo = Instant.now().minus(Duration.ofHours(1));
        List<Document> stored = new ArrayList<>();
        for (int i = 0; i < 30_000; i++) {
            stored.add(new Document("_id", tenant + ":s-" + i).append("tenantId", tenant).append("deviceId", "s-" + i)
                    .append("name", "stored-" + i).append("connectionAllowed", true).append("type", "WINDOWS")
                    .append("deviceAuth", false).append("removed", false).append("updatedAt", Date.from(anHourAgo)));
            if (stored.size() == 5_000) {
                mongo.getCollection(collection).insertMany(stored);
                stored.clear();
            }
        }
        try {
            handle(updates, part(tenant, 0, 0, 500)); // warm-up
            long start = System.nanoTime();
            handle(updates, part(tenant, 1, 500, 500));
            long bulk = System.nanoTime() - start;
            start = System.nanoTime();
            for (int i = 1_000; i < 1_500; i++) {
                DeviceChanged device = imported(tenant, i);
                updates.onDeviceChanged(EventEnvelope.of(device), device);
            }
            long oneByOne = System.nanoTime() - start;
            System.out.printf("DevicesImported timing: one part of 500 devices with 30,000 stored: %d ms"
                    + " (the same 500 as DeviceChanged one by one: %d ms)%n", bulk / 1_000_000, oneByOne / 1_000_000);
            assertThat(model.device(tenant, "d-999")).isPresent();
        } finally {
            mongo.remove(Query.query(Criteria.where("tenantId").is(tenant)), DeviceView.class);
        }
    }
}
