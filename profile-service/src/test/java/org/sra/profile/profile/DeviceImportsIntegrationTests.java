package org.sra.profile.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.sra.events.EventEnvelope;
import org.sra.events.device.DeviceAssigned;
import org.sra.events.device.DeviceAuthMethod;
import org.sra.events.device.DeviceAutoRegistered;
import org.sra.events.device.DeviceChanged;
import org.sra.events.device.DeviceRemoved;
import org.sra.events.device.DeviceType;
import org.sra.events.device.DevicesImported;
import org.sra.events.profile.ProfileSettingsChanged;
import org.sra.profile.facts.DeviceFact;
import org.sra.profile.support.ProfileIntegrationTest;

/**
 * {@code DevicesImported}: a CSV import's devices in parts of up to 500, on a topic of their own, so
 * in no set order with the devices' own events. The import's state is kept only where nothing later
 * is known, a removed device stays removed, and profiles assigned before the part follow it.
 */
class DeviceImportsIntegrationTests extends ProfileIntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Autowired
    ProfileLifecycle lifecycle;
    @Autowired
    MongoTemplate mongo;

    @Test
    void aPartStoresItsDevicesAndALaterAssignmentGetsTheRightRegistrationStatus() {
        String tenant = newTenant();
        // even: serial authentication without a serial yet (ID missing); odd: device authentication off
        List<DeviceChanged> devices = IntStream.range(0, 300)
                .mapToObj(i -> device(tenant, "d-" + i, DeviceType.WINDOWS, i % 2 == 0, null)).toList();

        handle(new DevicesImported(tenant, "imp-1", 0, devices));

        Map<String, DeviceFact> stored = facts.devices(tenant, devices.stream().map(DeviceChanged::deviceId).toList());
        assertThat(stored).hasSize(300);
        assertThat(stored.get("d-7").name()).isEqualTo("d-7-name");
        assertThat(stored.get("d-7").hasId()).isTrue();
        assertThat(stored.get("d-8").hasId()).isFalse();

        String missing = assigned(tenant, "u-1", "d-8");
        String registered = assigned(tenant, "u-2", "d-7");
        download(send(tenant, missing, null));
        download(send(tenant, registered, null));

        assertThat(status(tenant, missing)).isEqualTo("WAITING_DEVICE_REGISTRATION");
        assertThat(status(tenant, registered)).isEqualTo("READY");
        assertThat(get(tenant, "/api/profiles/" + registered).getBody()).containsEntry("deviceType", "WINDOWS");
    }

    @Test
    void anEditThatArrivedBeforeThePartKeepsItsState() {
        String tenant = newTenant();
        publish(new DeviceChanged(tenant, "d-e", "edited", true, DeviceType.MAC, true, DeviceAuthMethod.SERIAL_ID,
                "SN-EDIT", null));
        await().atMost(WAIT).until(() -> facts.device(tenant, "d-e").isPresent());

        handle(new DevicesImported(tenant, "imp-2", 0, List.of(
                device(tenant, "d-e", DeviceType.WINDOWS, true, null),
                device(tenant, "d-new", DeviceType.IOS, false, null))));

        DeviceFact edited = facts.device(tenant, "d-e").orElseThrow();
        assertThat(edited.name()).isEqualTo("edited");
        assertThat(edited.type()).isEqualTo(DeviceType.MAC);
        assertThat(edited.serialId()).isEqualTo("SN-EDIT");
        assertThat(edited.importedBy()).isNull();
        assertThat(facts.device(tenant, "d-new").orElseThrow().type()).isEqualTo(DeviceType.IOS);
    }

    @Test
    void aDeviceRemovedBeforeThePartDoesNotComeBack() {
        String tenant = newTenant();
        publish(new DeviceRemoved(tenant, "d-r"));
        await().atMost(WAIT).until(() -> rawFact(tenant, "d-r") != null);

        handle(new DevicesImported(tenant, "imp-3", 0, List.of(
                device(tenant, "d-r", DeviceType.WINDOWS, false, null),
                device(tenant, "d-kept", DeviceType.WINDOWS, false, null))));

        assertThat(facts.device(tenant, "d-r")).isEmpty();
        assertThat(facts.devices(tenant, List.of("d-r", "d-kept"))).containsOnlyKeys("d-kept");
        // the tombstone: the key stays taken, none of the device's data is kept
        Document tombstone = rawFact(tenant, "d-r");
        assertThat(tombstone.getBoolean("removed")).isTrue();
        assertThat(tombstone).doesNotContainKeys("name", "type", "serialId");

        // an auto-registration of the removed device changes nothing
        DeviceAutoRegistered registered = new DeviceAutoRegistered(tenant, "d-r", "u-1", "SN-9", "Windows");
        lifecycle.onDeviceAutoRegistered(EventEnvelope.of(registered), registered);
        assertThat(facts.device(tenant, "d-r")).isEmpty();
        assertThat(rawFact(tenant, "d-r")).isEqualTo(tombstone);
    }

    @Test
    void aDeviceImportedAndThenRemovedIsGoneForEveryReader() {
        String tenant = newTenant();
        handle(new DevicesImported(tenant, "imp-4", 0, List.of(device(tenant, "d-g", DeviceType.WINDOWS, false, null))));
        assertThat(facts.device(tenant, "d-g")).isPresent();

        publish(new DeviceRemoved(tenant, "d-g"));

        await().atMost(WAIT).until(() -> facts.device(tenant, "d-g").isEmpty());
        assertThat(facts.devices(tenant, List.of("d-g"))).isEmpty();
        assertThat(rawFact(tenant, "d-g").getBoolean("removed")).isTrue();
    }

    @Test
    void profilesAssignedBeforeThePartEndInTheStatusOfTheOtherOrderAndARedeliveryChangesNothing() {
        String tenant = newTenant();
        String registered = assigned(tenant, "u-1", "d-x");
        String missing = assigned(tenant, "u-2", "d-y");
        download(send(tenant, registered, null));
        download(send(tenant, missing, null));
        // no facts yet: a device whose facts have not arrived counts as not registered
        assertThat(status(tenant, registered)).isEqualTo("WAITING_DEVICE_REGISTRATION");
        assertThat(status(tenant, missing)).isEqualTo("WAITING_DEVICE_REGISTRATION");

        DevicesImported part = new DevicesImported(tenant, "imp-5", 0, List.of(
                device(tenant, "d-x", DeviceType.WINDOWS, false, null),
                device(tenant, "d-y", DeviceType.WINDOWS, true, null),
                device(tenant, "d-z", DeviceType.WINDOWS, true, null)));
        handle(part);

        // as if the facts had come first: registered → READY at the download, missing → waiting
        assertThat(status(tenant, registered)).isEqualTo("READY");
        assertThat(status(tenant, missing)).isEqualTo("WAITING_DEVICE_REGISTRATION");

        // the device is edited later (serial entered by hand), then the part is delivered again
        publish(new DeviceChanged(tenant, "d-y", "d-y-name", true, DeviceType.WINDOWS, true,
                DeviceAuthMethod.SERIAL_ID, "SN-Y", null));
        await().atMost(WAIT).until(() -> status(tenant, missing).equals("READY"));
        Document before = rawFact(tenant, "d-x");
        awaitAllPublished(tenant);
        int settingsEvents = published().of(tenant, ProfileSettingsChanged.class).size();

        handle(part);

        assertThat(status(tenant, missing)).isEqualTo("READY");
        assertThat(facts.device(tenant, "d-y").orElseThrow().serialId()).isEqualTo("SN-Y");
        assertThat(status(tenant, registered)).isEqualTo("READY");
        assertThat(rawFact(tenant, "d-x")).isEqualTo(before);
        awaitAllPublished(tenant);
        assertThat(published().of(tenant, ProfileSettingsChanged.class)).hasSize(settingsEvents);
    }

    @Test
    void anAndroidDeviceOfThePartLosesTheManagedProxyItsProfileGotBeforeThePartArrived() {
        String tenant = newTenant();
        assertThat(put(tenant, "/api/proxy", Map.of("mode", "MANAGEMENT", "address", "192.168.10.5", "port", 8080))
                .getStatusCode().is2xxSuccessful()).isTrue();
        assertThat(put(tenant, "/api/proxy/applied", Map.of("scope", "ALL")).getStatusCode().is2xxSuccessful())
                .isTrue();
        // assigned before the part: the device's type is unknown, so "all profiles" applies the proxy
        String android = assigned(tenant, "u-1", "d-a");
        String windows = assigned(tenant, "u-2", "d-w");
        assertThat(get(tenant, "/api/profiles/" + android).getBody()).containsEntry("proxyApplied", true);

        handle(new DevicesImported(tenant, "imp-6", 0, List.of(
                device(tenant, "d-a", DeviceType.ANDROID, false, null),
                device(tenant, "d-w", DeviceType.WINDOWS, false, null))));

        assertThat(get(tenant, "/api/profiles/" + android).getBody()).containsEntry("proxyApplied", false)
                .containsEntry("deviceType", "ANDROID");
        assertThat(get(tenant, "/api/profiles/" + windows).getBody()).containsEntry("proxyApplied", true);
        assertThat(published().atLeast(tenant, ProfileSettingsChanged.class, 3))
                .anyMatch(changed -> changed.profileId().equals(android) && !changed.proxyApplied());
    }

    @Test
    void aPartPublishedOnTheImportTopicIsConsumedByTheImportsBinding() {
        String tenant = newTenant();
        List<DeviceChanged> devices = IntStream.range(0, 20)
                .mapToObj(i -> device(tenant, "k-" + i, DeviceType.IOS, false, null)).toList();
        EventEnvelope envelope = EventEnvelope.of(new DevicesImported(tenant, "imp-7", 0, devices));
        assertThat(envelope.topic()).isEqualTo("sra.device-imports");

        publish(envelope);

        await().atMost(WAIT).until(() -> facts.devices(tenant, devices.stream().map(DeviceChanged::deviceId).toList())
                .size() == 20);
    }

    /** Not a bound on time: prints how long one full part takes with many facts stored. */
    @Test
    void aFullPartWithThirtyThousandFactsStored() {
        String stored = newTenant();
        // as stored before tombstones existed (no "removed" field): they still read as present
        List<Document> existing = new ArrayList<>();
        for (int i = 0; i < 30_000; i++) {
            existing.add(new Document("_id", stored + "|s-" + i).append("tenantId", stored).append("deviceId", "s-" + i)
                    .append("name", "s-" + i).append("type", "WINDOWS").append("deviceAuth", false));
        }
        mongo.getCollection("device_facts").insertMany(existing);

        String tenant = newTenant();
        List<DeviceChanged> devices = IntStream.range(0, DevicesImported.MAX_DEVICES)
                .mapToObj(i -> device(tenant, "b-" + i, DeviceType.WINDOWS, i % 3 == 0, null)).toList();
        DevicesImported part = new DevicesImported(tenant, "imp-8", 0, devices);
        long start = System.nanoTime();
        handle(part);
        long first = System.nanoTime() - start;
        start = System.nanoTime();
        handle(part);
        long again = System.nanoTime() - start;
        System.out.printf("DevicesImported: one part of %d devices with %d facts stored: %d ms (delivered again: %d ms)%n",
                devices.size(), mongo.getCollection("device_facts").estimatedDocumentCount(), first / 1_000_000,
                again / 1_000_000);

        assertThat(facts.devices(tenant, devices.stream().map(DeviceChanged::deviceId).toList()))
                .hasSize(DevicesImported.MAX_DEVICES);
        assertThat(facts.device(stored, "s-1")).isPresent();
    }

    private void handle(DevicesImported part) {
        lifecycle.onDevicesImported(EventEnvelope.of(part), part);
    }

    private static DeviceChanged device(String tenant, String id, DeviceType type, boolean serialAuth, String serial) {
        return new DeviceChanged(tenant, id, id + "-name", true, type, serialAuth,
                serialAuth ? DeviceAuthMethod.SERIAL_ID : null, serial, null);
    }

    private String assigned(String tenant, String user, String device) {
        publish(new DeviceAssigned(tenant, device, user, user + ".name"));
        String profileId = user + ":" + device;
        await().atMost(WAIT).until(() -> get(tenant, "/api/profiles/" + profileId).getStatusCode().is2xxSuccessful());
        return profileId;
    }

    private String status(String tenant, String profileId) {
        return (String) get(tenant, "/api/profiles/" + profileId).getBody().get("status");
    }

    private Document rawFact(String tenant, String device) {
        return mongo.getCollection("device_facts").find(new Document("_id", tenant + "|" + device)).first();
    }
}
