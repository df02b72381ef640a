package org.sra.device.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.TestRestTemplate;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureTestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.sra.device.TestApi;
import org.sra.device.TestEvents;
import org.sra.events.audit.AuditRecorded;
import org.sra.events.device.DeviceChanged;
import org.sra.events.device.DeviceRemoved;
import org.sra.events.tenant.TenantProvisioned;
import org.sra.events.user.UserSource;
import org.sra.events.user.VpnUserAdded;
import org.sra.kit.test.SraIntegrationTest;

/** The device list's bulk actions (delete, connection on/off) on ids of one page or of the whole filtered list. */
@SraIntegrationTest
@AutoConfigureTestRestTemplate
class DeviceBulkIntegrationTests {

    @Autowired
    TestRestTemplate http;
    @Autowired
    EmbeddedKafkaBroker broker;

    final String tenant = UUID.randomUUID().toString();
    TestApi admin;

    @BeforeEach
    void admin() {
        admin = TestApi.admin(http, tenant);
    }

    static List<Map<String, Object>> list(ResponseEntity<Map> answer, String key) {
        return (List<Map<String, Object>>) answer.getBody().get(key);
    }

    List<String> ids(String query) {
        return (List<String>) admin.get("/api/devices/ids" + query).getBody().get("ids");
    }

    @Test
    void selectAllGivesTheIdsOfTheWholeFilteredListInItsOrder() {
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            created.add(admin.createDevice(String.format("pc-%02d", i)));
        }
        admin.createDevice(Map.of("name", "mac-1", "connectionAllowed", true, "type", "MAC", "deviceAuth", false));
        ResponseEntity<Map> all = admin.get("/api/devices/ids?type=WINDOWS");
        assertThat(all.getBody()).containsEntry("totalElements", 60);
        assertThat(ids("?type=WINDOWS")).containsExactlyElementsOf(created);
        assertThat(ids("?name=pc-0&sort=name,desc")).hasSize(10).first().isEqualTo(created.get(9));
        assertThat(TestApi.admin(http, UUID.randomUUID().toString()).get("/api/devices/ids").getBody())
                .containsEntry("totalElements", 0);
    }

    @Test
    void devicesAreNamedByTheirIdsForTheCallersTenantOnly() {
        String first = admin.createDevice("named-1");
        String second = admin.createDevice("named-2");
        TestApi other = TestApi.admin(http, UUID.randomUUID().toString());
        String foreign = other.createDevice("foreign-1");

        ResponseEntity<List> named = admin.getList("/api/devices/names?ids=" + first + "," + second + "," + foreign
                + ",no-such-id");

        assertThat(named.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat((List<Map<String, Object>>) named.getBody()).extracting(d -> d.get("id") + "=" + d.get("name"))
                .containsExactlyInAnyOrder(first + "=named-1", second + "=named-2");
    }

    @Test
    void bulkDeleteDeletesEveryDeviceThatMayGoAndNamesTheOthersWithTheirReason() {
        TestEvents.publish(broker, new TenantProvisioned(tenant, "Acme", 2, "10.0.0.0/24"));
        TestEvents.publish(broker, new VpnUserAdded(tenant, "u-1", "suzuki", "Suzuki", "s@example.com",
                UserSource.LOCAL));
        await().atMost(Duration.ofSeconds(20))
                .until(() -> admin.get("/api/assignments/u-1").getStatusCode().is2xxSuccessful());
        String free1 = admin.createDevice("free-1");
        String free2 = admin.createDevice("free-2");
        String taken = admin.createDevice("taken-1");
        admin.post("/api/assignments/u-1/devices/" + taken, Map.of());
        TestApi other = TestApi.admin(http, UUID.randomUUID().toString());
        String othersDevice = other.createDevice("theirs");

        ResponseEntity<Map> answer = admin.post("/api/devices/bulk/delete",
                Map.of("ids", List.of(free1, taken, free2, othersDevice)));
        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(answer.getBody()).containsEntry("done", 2).containsEntry("failed", 2);
        assertThat(list(answer, "failures")).extracting(f -> f.get("name") + ":" + f.get("code") + ":" + f.get("message"))
                .containsExactly(
                        "taken-1:device-assigned:デバイス「taken-1」はユーザ【suzuki】に割り当てられているため削除できません。割当を解除してから削除してください。",
                        "null:bulk-device-gone:選択したデバイスはすでに削除されています。");
        assertThat(ids("")).containsExactly(taken);
        assertThat(other.get("/api/devices").getBody()).containsEntry("totalElements", 1);
        for (String gone : List.of(free1, free2)) {
            TestEvents.awaitPublished(broker, tenant, DeviceRemoved.class, e -> e.deviceId().equals(gone));
            TestEvents.awaitPublished(broker, tenant, AuditRecorded.class,
                    e -> e.targetId().equals(gone) && e.action().equals("DEVICE_DELETED"));
        }
    }

    @Test
    void bulkConnectionOffAndOnGoesThroughTheEditPathPerDevice() {
        String a = admin.createDevice("pc-a");
        String b = admin.createDevice("pc-b");
        String c = admin.createDevice("pc-c");

        ResponseEntity<Map> off = admin.post("/api/devices/bulk/connection",
                Map.of("ids", List.of(a, b), "connectionAllowed", false));
        assertThat(off.getBody()).containsEntry("done", 2).containsEntry("failed", 0);
        assertThat(ids("?connectionAllowed=false")).containsExactly(a, b);
        assertThat(ids("?connectionAllowed=true")).containsExactly(c);
        for (String id : List.of(a, b)) {
            TestEvents.awaitPublished(broker, tenant, DeviceChanged.class,
                    e -> e.deviceId().equals(id) && !e.connectionAllowed());
            TestEvents.awaitPublished(broker, tenant, AuditRecorded.class,
                    e -> e.targetId().equals(id) && e.action().equals("DEVICE_UPDATED"));
        }

        assertThat(admin.post("/api/devices/bulk/connection", Map.of("ids", List.of(a, b, c), "connectionAllowed", true))
                .getBody()).containsEntry("done", 3);
        assertThat(ids("?connectionAllowed=true")).containsExactly(a, b, c);
        // c was already allowed: its edit changed nothing and raised no second DeviceChanged
        TestEvents.awaitPublished(broker, tenant, DeviceChanged.class, e -> e.deviceId().equals(b) && e.connectionAllowed());
        assertThat(TestEvents.published(tenant, DeviceChanged.class)).filteredOn(e -> e.deviceId().equals(c)).hasSize(1);
    }

    @Test
    void aBulkActionWithoutDevicesOrWithTooManyOrByAnAuditorIsRefused() {
        ResponseEntity<Map> none = admin.post("/api/devices/bulk/delete", Map.of("ids", List.of()));
        assertThat(none.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(none.getBody()).containsEntry("detail", "対象のデバイスが選択されていません。");
        List<String> many = new ArrayList<>();
        for (int i = 0; i < 501; i++) {
            many.add("id-" + i);
        }
        ResponseEntity<Map> tooMany = admin.inEnglish().post("/api/devices/bulk/connection",
                Map.of("ids", many, "connectionAllowed", true));
        assertThat(tooMany.getBody()).containsEntry("detail", "At most 500 devices can be changed at once.");
        String id = admin.createDevice("pc-1");
        ResponseEntity<Map> noChoice = admin.post("/api/devices/bulk/connection", Map.of("ids", List.of(id)));
        assertThat(noChoice.getBody()).containsEntry("type", "urn:sra:problem:bulk-connection-missing");
        assertThat(TestApi.auditor(http, tenant).post("/api/devices/bulk/delete", Map.of("ids", List.of(id)))
                .getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(ids("")).containsExactly(id);
    }
}
