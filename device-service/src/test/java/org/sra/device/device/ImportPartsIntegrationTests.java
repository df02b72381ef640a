package org.sra.device.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureTestRestTemplate;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.sra.device.TestEvents;
import org.sra.events.audit.AuditRecorded;
import org.sra.events.device.DeviceAuthMethod;
import org.sra.events.device.DeviceChanged;
import org.sra.events.device.DeviceRemoved;
import org.sra.events.device.DeviceType;
import org.sra.events.device.DevicesImported;
import org.sra.kit.test.SraIntegrationTest;

/**
 * R-DEV-3 at volume: a CSV import is announced in parts of 500 devices ({@code DevicesImported})
 * with one audit entry per part, never one event per device; a part a dead replica left half
 * written is taken back by the recovery pass.
 */
@SraIntegrationTest
@AutoConfigureTestRestTemplate // the same application context as the module's other tests (one relay on the store)
class ImportPartsIntegrationTests {

    @Autowired
    DeviceCatalog catalog;
    @Autowired
    ImportRecovery recovery;
    @Autowired
    MongoTemplate mongo;
    @Autowired
    EmbeddedKafkaBroker broker;

    final String tenant = UUID.randomUUID().toString();

    static DeviceSpec spec(int i) {
        return i % 3 == 0 ? new DeviceSpec(String.format("pc-%04d", i), true, DeviceType.WINDOWS, true,
                DeviceAuthMethod.SERIAL_ID, String.format("SN-%04d", i), null)
                : i % 3 == 1 ? new DeviceSpec(String.format("mac-%04d", i), false, DeviceType.MAC, true,
                DeviceAuthMethod.MAC_ADDRESS, null, String.format("12:34:56:78:%02x:%02x", i / 256, i % 256))
                : new DeviceSpec(String.format("phone-%04d", i), true, DeviceType.ANDROID, false, null, null, null);
    }

    @Test
    void anImportIsAnnouncedInPartsOfFiveHundredWithOneAuditEntryEachAndNoEventPerDevice() {
        List<DeviceSpec> file = new ArrayList<>();
        for (int i = 0; i < 1_200; i++) {
            file.add(spec(i));
        }

        List<Device> created = catalog.importAll(tenant, file);

        await().atMost(Duration.ofSeconds(30)).until(() -> TestEvents.published(tenant, DevicesImported.class).size() == 3);
        List<DevicesImported> parts = TestEvents.published(tenant, DevicesImported.class);
        assertThat(parts).extracting(DevicesImported::part).containsExactlyInAnyOrder(0, 1, 2);
        assertThat(parts).extracting(p -> p.devices().size()).containsExactlyInAnyOrder(500, 500, 200);
        assertThat(parts).extracting(DevicesImported::importId).containsOnly(parts.getFirst().importId());
        Map<String, DeviceChanged> announced = parts.stream().flatMap(p -> p.devices().stream())
                .collect(Collectors.toMap(DeviceChanged::deviceId, Function.identity()));
        assertThat(announced).hasSize(1_200);
        for (Device device : created) {
            assertThat(announced.get(device.id())).isEqualTo(device.state());
        }
        assertThat(announced.values()).filteredOn(d -> d.name().equals("mac-0001")).singleElement()
                .satisfies(d -> assertThat(d.macAddress()).isEqualTo("12:34:56:78:00:01"))
                .satisfies(d -> assertThat(d.connectionAllowed()).isFalse());

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(TestEvents.published(tenant,
                AuditRecorded.class)).filteredOn(a -> a.action().equals("DEVICES_IMPORTED")).hasSize(3)
                .allSatisfy(a -> assertThat(a.targetType()).isEqualTo("device-import")));
        assertThat(TestEvents.published(tenant, AuditRecorded.class)).filteredOn(a -> a.action().equals("DEVICES_IMPORTED"))
                .anySatisfy(a -> assertThat(a.after()).contains("pc-0000").contains("SN-0000"));
        // a device saved afterwards: once its event is out, any per-device event of the import would be too
        Device after = catalog.save(Device.create(UUID.randomUUID().toString(), tenant, spec(5_000), Instant.now(), null));
        TestEvents.awaitPublished(broker, tenant, DeviceChanged.class, e -> e.deviceId().equals(after.id()));
        assertThat(TestEvents.published(tenant, DeviceChanged.class)).extracting(DeviceChanged::deviceId)
                .containsExactly(after.id());
        // the relay deletes each part once its events are out; the devices stay, without pending events
        await().atMost(Duration.ofSeconds(30)).until(() -> mongo.count(Query.query(Criteria.where("tenantId").is(tenant)),
                ImportPart.class) == 0);
        assertThat(catalog.all(tenant, DeviceFilter.none())).hasSize(1_201).allSatisfy(d -> assertThat(d.pendingEvents()).isEmpty());
    }

    @Test
    void aPartLeftPreparingByAReplicaThatDiedIsTakenBackByTheRecoveryPass() {
        String importId = UUID.randomUUID().toString();
        Instant longAgo = Instant.now().minus(Duration.ofMinutes(11));
        // part 1 was written and announced; the replica died while writing part 2
        List<Device> first = List.of(Device.imported(UUID.randomUUID().toString(), tenant, spec(1), longAgo, importId),
                Device.imported(UUID.randomUUID().toString(), tenant, spec(2), longAgo, importId));
        ImportPart written = mongo.insert(ImportPart.preparing(tenant, importId, 0, first.stream().map(Device::id).toList(),
                longAgo));
        mongo.insert(first, Device.class);
        written.written(first);
        mongo.save(written);
        List<Device> second = List.of(Device.imported(UUID.randomUUID().toString(), tenant, spec(3), longAgo, importId));
        mongo.insert(ImportPart.preparing(tenant, importId, 1, second.stream().map(Device::id).toList(), longAgo));
        mongo.insert(second, Device.class);
        // another import is being written right now: not abandoned
        String current = UUID.randomUUID().toString();
        Device writing = Device.imported(UUID.randomUUID().toString(), tenant, spec(4), Instant.now(), current);
        mongo.insert(ImportPart.preparing(tenant, current, 0, List.of(writing.id()), Instant.now()));
        mongo.insert(writing);
        TestEvents.awaitPublished(broker, tenant, DevicesImported.class, e -> e.importId().equals(importId));

        assertThat(recovery.recover()).isEqualTo(1);

        assertThat(catalog.all(tenant, DeviceFilter.none())).extracting(Device::id).containsExactly(writing.id());
        Set<String> announced = first.stream().map(Device::id).collect(Collectors.toSet());
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(TestEvents.published(tenant,
                DeviceRemoved.class).stream().map(DeviceRemoved::deviceId).collect(Collectors.toSet())).isEqualTo(announced));
        assertThat(mongo.findById(importId + ":1", ImportPart.class)).isNull();
        assertThat(mongo.findById(current + ":0", ImportPart.class)).isNotNull();
        assertThat(recovery.recover()).isZero();
    }
}
