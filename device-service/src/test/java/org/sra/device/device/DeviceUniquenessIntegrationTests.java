package org.sra.device.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureTestRestTemplate;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.sra.device.TestEvents;
import org.sra.events.device.DeviceAuthMethod;
import org.sra.events.device.DeviceChanged;
import org.sra.events.device.DeviceRemoved;
import org.sra.events.device.DeviceType;
import org.sra.events.device.DevicesImported;
import org.sra.kit.error.DomainException;
import org.sra.kit.test.SraIntegrationTest;

/**
 * R-DEV-1, R-DEV-3: what holds when two admins get past the checks at the same moment — the
 * store's unique indexes, and an import that is taken back as a whole.
 */
@SraIntegrationTest
@AutoConfigureTestRestTemplate
class DeviceUniquenessIntegrationTests {

    @Autowired
    DeviceCatalog catalog;
    @Autowired
    EmbeddedKafkaBroker broker;

    final String tenant = UUID.randomUUID().toString();

    static DeviceSpec spec(String name, String serial) {
        return new DeviceSpec(name, true, DeviceType.WINDOWS, true, DeviceAuthMethod.SERIAL_ID, serial, null);
    }

    static DeviceSpec macSpec(String name, String mac) {
        return new DeviceSpec(name, true, DeviceType.MAC, true, DeviceAuthMethod.MAC_ADDRESS, null, mac);
    }

    Device unchecked(DeviceSpec spec) {
        return Device.create(UUID.randomUUID().toString(), tenant, spec, Instant.now(), null);
    }

    @Test
    void theStoreItselfRefusesASecondNameSerialOrMacInTheTenantWithTheSameProblem() {
        catalog.save(unchecked(spec("pc-1", "SN-1")));
        catalog.save(unchecked(macSpec("mac-1", "12:34:56:78:90:ab")));
        // devices without serial or MAC never clash with each other (sparse indexes)
        catalog.save(unchecked(spec("pc-2", null)));
        catalog.save(unchecked(spec("pc-3", null)));

        assertThatThrownBy(() -> catalog.save(unchecked(spec("PC-1", null))))
                .isInstanceOfSatisfying(DomainException.class, p -> assertThat(p.slug()).isEqualTo("device-name-taken"));
        assertThatThrownBy(() -> catalog.save(unchecked(spec("pc-4", "SN-1"))))
                .isInstanceOfSatisfying(DomainException.class, p -> assertThat(p.slug()).isEqualTo("device-serial-taken"));
        assertThatThrownBy(() -> catalog.save(unchecked(macSpec("mac-2", "12:34:56:78:90:ab"))))
                .isInstanceOfSatisfying(DomainException.class, p -> assertThat(p.slug()).isEqualTo("device-mac-taken"));
    }

    @Test
    void anImportThatFailsInItsFirstPartIsTakenBackWithoutAnnouncingAnything() {
        catalog.save(unchecked(spec("taken-meanwhile", null)));
        // as if another admin created "taken-meanwhile" between the dry run's checks and the insert
        List<DeviceSpec> file = List.of(spec("new-1", null), spec("new-2", null), spec("taken-meanwhile", null),
                spec("new-4", null));

        assertThatThrownBy(() -> catalog.importAll(tenant, file))
                .isInstanceOfSatisfying(DomainException.class, p -> assertThat(p.slug()).isEqualTo("import-conflict"));

        assertThat(catalog.all(tenant, DeviceFilter.none())).extracting(Device::name).containsExactly("taken-meanwhile");
        // a device saved after the failed import: once its event is out, the import's would have been too
        Device after = catalog.save(unchecked(spec("after", null)));
        TestEvents.awaitPublished(broker, tenant, DeviceChanged.class, e -> e.deviceId().equals(after.id()));
        assertThat(TestEvents.published(tenant, DevicesImported.class)).isEmpty();
        assertThat(TestEvents.published(tenant, DeviceRemoved.class)).isEmpty();
        assertThat(TestEvents.published(tenant, DeviceChanged.class)).extracting(DeviceChanged::name)
                .containsExactlyInAnyOrder("taken-meanwhile", "after");
    }

    @Test
    void anImportThatFailsInALaterPartTakesBackTheAnnouncedPartsAsRemovedAndTheFailingPartSilently() {
        catalog.save(unchecked(spec("taken-meanwhile", null)));
        List<DeviceSpec> file = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            file.add(spec(i == 550 ? "taken-meanwhile" : String.format("new-%03d", i), null));
        }

        assertThatThrownBy(() -> catalog.importAll(tenant, file))
                .isInstanceOfSatisfying(DomainException.class, p -> assertThat(p.slug()).isEqualTo("import-conflict"));

        assertThat(catalog.all(tenant, DeviceFilter.none())).extracting(Device::name).containsExactly("taken-meanwhile");
        DevicesImported first = TestEvents.awaitPublished(broker, tenant, DevicesImported.class, e -> e.part() == 0);
        Set<String> announced = first.devices().stream().map(DeviceChanged::deviceId).collect(Collectors.toSet());
        assertThat(first.devices()).hasSize(500).extracting(DeviceChanged::name).allMatch(name -> name.startsWith("new-"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(TestEvents.published(tenant,
                DeviceRemoved.class).stream().map(DeviceRemoved::deviceId).collect(Collectors.toSet())).isEqualTo(announced));
        // the second part was never announced: no event names its devices, and none is left behind
        Device after = catalog.save(unchecked(spec("after", null)));
        TestEvents.awaitPublished(broker, tenant, DeviceChanged.class, e -> e.deviceId().equals(after.id()));
        assertThat(TestEvents.published(tenant, DevicesImported.class)).hasSize(1);
        assertThat(TestEvents.published(tenant, DeviceRemoved.class)).hasSize(500);
        assertThat(catalog.all(tenant, DeviceFilter.none())).extracting(Device::name)
                .containsExactlyInAnyOrder("taken-meanwhile", "after");
    }
}
