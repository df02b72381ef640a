package org.sra.device.csv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.spy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.TestRestTemplate;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureTestRestTemplate;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.sra.device.TestApi;
import org.sra.device.TestEvents;
import org.sra.device.assignment.Assignments;
import org.sra.device.device.DeviceCatalog;
import org.sra.events.tenant.TenantProvisioned;
import org.sra.events.user.UserSource;
import org.sra.events.user.VpnUserAdded;
import org.sra.kit.error.DomainException;
import org.sra.kit.test.SraIntegrationTest;

/**
 * A commit that fails half-way (another admin took a device between the checks and the
 * assignment) puts back what it did: created devices withdrawn, edits reverted, assignments
 * released; the admin gets 409 import-conflict. The race is played by letting the second
 * assignment of the import fail, on the real services otherwise.
 */
@SraIntegrationTest
@AutoConfigureTestRestTemplate
class DeviceImportPutBackIntegrationTests {

    @Autowired
    TestRestTemplate http;
    @Autowired
    EmbeddedKafkaBroker broker;
    @Autowired
    DeviceCatalog catalog;
    @Autowired
    Assignments assignments;
    @Autowired
    DeviceImport realImporter;

    final String tenant = UUID.randomUUID().toString();

    @Test
    void aCommitThatFailsHalfWayPutsBackEverythingItDid() {
        TestApi admin = TestApi.admin(http, tenant);
        TestEvents.publish(broker, new TenantProvisioned(tenant, "Acme", 3, "10.0.0.0/24"));
        TestEvents.publish(broker, new VpnUserAdded(tenant, "u-1", "suzuki", "Suzuki", "s@example.com",
                UserSource.LOCAL));
        await().atMost(Duration.ofSeconds(20)).until(() -> admin.get("/api/assignments/u-1").getStatusCode()
                .is2xxSuccessful() && admin.get("/api/devices/contract").getStatusCode().is2xxSuccessful());
        String existing = admin.createDevice("ex-1");

        Assignments racing = spy(assignments);
        doAnswer(call -> {
            String deviceId = call.getArgument(2);
            if (catalog.get(tenant, deviceId).name().equals("pc-2")) {
                throw DomainException.conflict("device-taken", "pc-2");
            }
            return call.callRealMethod();
        }).when(racing).assign(eq(tenant), any(), any());
        DeviceImport importer = new DeviceImport(catalog, racing);
        byte[] file = ("name,connectionAllowed,type,deviceAuth,method,serialId,macAddress,assignedUser\n"
                + "pc-1,true,WINDOWS,true,,,,suzuki\n"
                + "ex-1,false,WINDOWS,true,SERIAL_ID,SN-9,,suzuki\n"
                + "pc-2,true,WINDOWS,true,,,,suzuki\n").getBytes(StandardCharsets.UTF_8);
        assertThat(importer.dryRun(tenant, file, DeviceImport.Mode.UPDATE).errors()).isEmpty();

        assertThatThrownBy(() -> importer.commit(tenant, file, DeviceImport.Mode.UPDATE))
                .isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.slug()).isEqualTo("import-conflict"));

        List<Map<String, Object>> devices = (List<Map<String, Object>>) admin.get("/api/devices").getBody().get("items");
        assertThat(devices).singleElement().satisfies(d -> assertThat(d).containsEntry("id", existing)
                .containsEntry("connectionAllowed", true).containsEntry("serialId", null));
        assertThat(assignments.devicesOfUser(tenant, "u-1")).isEmpty();
        // the user's slots were given back too: the limit of 3 is whole again
        // without the race the same file goes through
        assertThat(realImporter.commit(tenant, file, DeviceImport.Mode.UPDATE).assigned()).isEqualTo(3);
    }
}
