package org.sra.device.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.HashMap;
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
import org.sra.events.device.DeviceAuthMethod;
import org.sra.events.device.DeviceChanged;
import org.sra.events.device.DeviceRemoved;
import org.sra.events.device.DeviceType;
import org.sra.events.profile.ProfileRemoved;
import org.sra.events.profile.ProfileSettingsChanged;
import org.sra.events.user.UserSource;
import org.sra.events.user.VpnUserAdded;
import org.sra.kit.test.SraIntegrationTest;

/** R-DEV-1, R-DEV-2, R-DEV-4, R-DEV-5: the device settings screen over HTTP, with its events. */
@SraIntegrationTest
@AutoConfigureTestRestTemplate
class DeviceIntegrationTests {

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

    @Test
    void aDeviceIsCreatedWithTheGuidesFieldsAndAnnouncedWithItsFullState() {
        ResponseEntity<Map> created = admin.post("/api/devices", Map.of("name", "Win-123", "connectionAllowed", true,
                "type", "WINDOWS", "deviceAuth", true, "serialId", "PF1ABCDE"));
        assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat(created.getBody()).containsEntry("name", "Win-123").containsEntry("method", "SERIAL_ID")
                .containsEntry("serialId", "PF1ABCDE").containsEntry("proxy", "NOT_ASSIGNED")
                .containsEntry("localSegment", "NOT_ASSIGNED").containsEntry("deletable", true);
        String id = (String) created.getBody().get("id");

        DeviceChanged event = TestEvents.awaitPublished(broker, tenant, DeviceChanged.class, e -> e.deviceId().equals(id));
        assertThat(event).isEqualTo(new DeviceChanged(tenant, id, "Win-123", true, DeviceType.WINDOWS, true,
                DeviceAuthMethod.SERIAL_ID, "PF1ABCDE", null));

        // R-ACC-5: the change reaches the audit trail with its actor, in the same write
        AuditRecorded audit = TestEvents.awaitPublished(broker, tenant,
                AuditRecorded.class, e -> id.equals(e.targetId()));
        assertThat(audit.action()).isEqualTo("DEVICE_CREATED");
        assertThat(audit.actor()).isEqualTo("admin@" + tenant);
        assertThat(audit.service()).isEqualTo("device-service");
        assertThat(audit.before()).isNull();
        assertThat(audit.after()).contains("\"name\":\"Win-123\"");
    }

    @Test
    void aMacTypedInTheClientsDashFormIsStoredAndShownInTheColonForm() {
        ResponseEntity<Map> created = admin.post("/api/devices", mac("Mac-1", "MAC", "12-34-56-78-90-AB"));
        assertThat(created.getBody()).containsEntry("macAddress", "12:34:56:78:90:ab");
        ResponseEntity<Map> clash = admin.post("/api/devices", mac("Mac-2", "WINDOWS", "12:34:56:78:90:ab"));
        assertThat(clash.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(clash.getBody()).containsEntry("type", "urn:sra:problem:device-mac-taken");
    }

    @Test
    void namesSerialsAndMacsAreUniqueInTheTenantButNotAcrossTenants() {
        admin.createDevice(Map.of("name", "pc-1", "connectionAllowed", true, "type", "WINDOWS", "deviceAuth", true,
                "serialId", "SN-1"));
        ResponseEntity<Map> sameName = admin.post("/api/devices", TestApi.serialDevice("PC-1"));
        assertThat(sameName.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(sameName.getBody()).containsEntry("type", "urn:sra:problem:device-name-taken")
                .containsEntry("detail", "デバイス名「PC-1」はすでに登録されています。別の名前を指定してください。");
        ResponseEntity<Map> sameSerial = admin.post("/api/devices", Map.of("name", "pc-2", "connectionAllowed", true,
                "type", "MAC", "deviceAuth", true, "serialId", "SN-1"));
        assertThat(sameSerial.getBody()).containsEntry("type", "urn:sra:problem:device-serial-taken");

        TestApi otherTenant = TestApi.admin(http, UUID.randomUUID().toString());
        assertThat(otherTenant.post("/api/devices", Map.of("name", "pc-1", "connectionAllowed", true, "type",
                "WINDOWS", "deviceAuth", true, "serialId", "SN-1")).getStatusCode()).isEqualTo(HttpStatus.CREATED);
    }

    @Test
    void everyBadFieldIsReportedInJapaneseByDefaultAndInEnglishOnRequestAndNothingIsWritten() {
        Map<String, Object> bad = new HashMap<>(Map.of("name", "my pc", "type", "IOS", "deviceAuth", true,
                "method", "MAC_ADDRESS", "macAddress", "12:34"));
        ResponseEntity<Map> ja = admin.post("/api/devices", bad);
        assertThat(ja.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(ja.getBody()).containsEntry("type", "urn:sra:problem:device-invalid");
        List<Map<String, Object>> errors = (List<Map<String, Object>>) ja.getBody().get("errors");
        assertThat(errors).extracting(e -> e.get("field") + ":" + e.get("code")).containsExactly("name:name-invalid",
                "connectionAllowed:required", "method:mac-method-not-for-mobile", "macAddress:mac-invalid");
        assertThat(errors.get(0).get("message")).isEqualTo("デバイス名には半角英数字と「-」「_」「.」のみ使用できます。");

        ResponseEntity<Map> en = admin.inEnglish().post("/api/devices", bad);
        List<Map<String, Object>> english = (List<Map<String, Object>>) en.getBody().get("errors");
        assertThat(english.get(2).get("message"))
                .isEqualTo("MAC address authentication cannot be chosen for IOS devices. Use the serial ID.");

        assertThat(admin.get("/api/devices").getBody()).containsEntry("totalElements", 0);
    }

    @Test
    void editingReplacesTheDeviceAndSwitchingDeviceAuthenticationOffClearsMethodAndSerial() {
        String id = admin.createDevice(Map.of("name", "pc-1", "connectionAllowed", true, "type", "WINDOWS",
                "deviceAuth", true, "serialId", "SN-9"));
        ResponseEntity<Map> edited = admin.put("/api/devices/" + id, Map.of("name", "pc-1b", "connectionAllowed",
                false, "type", "WINDOWS", "deviceAuth", false));
        assertThat(edited.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(edited.getBody()).containsEntry("name", "pc-1b").containsEntry("connectionAllowed", false)
                .containsEntry("method", null).containsEntry("serialId", null);
        ResponseEntity<Map> keptSerial = admin.put("/api/devices/" + id, Map.of("name", "pc-1b", "connectionAllowed",
                false, "type", "WINDOWS", "deviceAuth", false, "serialId", "SN-9"));
        assertThat(keptSerial.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        // the serial was released with the edit: another device may take it now
        admin.createDevice(Map.of("name", "pc-2", "connectionAllowed", true, "type", "WINDOWS", "deviceAuth", true,
                "serialId", "SN-9"));
    }

    @Test
    void aDeletedDeviceIsAnnouncedAndItsNameCanBeUsedAgain() {
        String id = admin.createDevice("pc-gone");
        assertThat(admin.delete("/api/devices/" + id).getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
        assertThat(admin.get("/api/devices/" + id).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        TestEvents.awaitPublished(broker, tenant, DeviceRemoved.class, e -> e.deviceId().equals(id));
        admin.createDevice("pc-gone");
    }

    @Test
    void anotherTenantsDevicesAreInvisible() {
        String id = admin.createDevice("secret-pc");
        TestApi intruder = TestApi.admin(http, UUID.randomUUID().toString());
        assertThat(intruder.get("/api/devices/" + id).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(intruder.put("/api/devices/" + id, TestApi.serialDevice("mine")).getStatusCode())
                .isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(intruder.delete("/api/devices/" + id).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(intruder.get("/api/devices?name=secret").getBody()).containsEntry("totalElements", 0);
        assertThat(admin.get("/api/devices/" + id).getStatusCode()).isEqualTo(HttpStatus.OK);
    }

    @Test
    void anAuditorMayReadButNotChangeDevices() {
        TestApi auditor = TestApi.auditor(http, tenant);
        assertThat(auditor.get("/api/devices").getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(auditor.post("/api/devices", TestApi.serialDevice("pc")).getStatusCode())
                .isEqualTo(HttpStatus.FORBIDDEN);
    }

    @Test
    void theListFiltersSortsAndPages() {
        for (String name : List.of("b-win", "a-win", "c-mac", "d-ios")) {
            String type = name.endsWith("win") ? "WINDOWS" : name.endsWith("mac") ? "MAC" : "IOS";
            admin.createDevice(Map.of("name", name, "connectionAllowed", true, "type", type, "deviceAuth", false));
        }
        assertThat(names(admin.get("/api/devices?size=2&page=0"))).containsExactly("a-win", "b-win");
        assertThat(names(admin.get("/api/devices?size=2&page=1"))).containsExactly("c-mac", "d-ios");
        assertThat(admin.get("/api/devices?size=2").getBody()).containsEntry("totalElements", 4)
                .containsEntry("totalPages", 2);
        assertThat(names(admin.get("/api/devices?type=windows"))).containsExactly("a-win", "b-win");
        assertThat(names(admin.get("/api/devices?name=WIN&sort=name,desc"))).containsExactly("b-win", "a-win");
        assertThat(names(admin.get("/api/devices?sort=type"))).containsExactly("d-ios", "c-mac", "a-win", "b-win");
        assertThat(admin.get("/api/devices?sort=colour").getBody()).containsEntry("type", "urn:sra:problem:sort-invalid");
        assertThat(admin.get("/api/devices?size=100000").getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(admin.get("/api/devices?name=.*").getBody()).containsEntry("totalElements", 0);
    }

    @Test
    void theListShowsEachDevicesUserAndTheProxyAndLocalSegmentStateOfItsProfile() {
        String laptop = admin.createDevice("laptop");
        String spare = admin.createDevice("spare");
        TestEvents.publish(broker, new VpnUserAdded(tenant, "u-1", "suzuki", "Suzuki", null, UserSource.LOCAL));
        await().atMost(Duration.ofSeconds(20)).until(() -> admin.get("/api/assignments/u-1").getStatusCode().is2xxSuccessful());
        admin.post("/api/assignments/u-1/devices/" + laptop, Map.of());

        TestEvents.publish(broker, new ProfileSettingsChanged(tenant, "u-1:" + laptop, "u-1", laptop, true, true, false));
        await().atMost(Duration.ofSeconds(20)).until(() -> "ENABLED".equals(admin.get("/api/devices/" + laptop).getBody().get("proxy")));
        Map<String, Object> row = admin.get("/api/devices/" + laptop).getBody();
        assertThat(row).containsEntry("assignedUserName", "suzuki").containsEntry("localSegment", "DISABLED")
                .containsEntry("deletable", false);
        Map<String, Object> free = admin.get("/api/devices/" + spare).getBody();
        assertThat(free).containsEntry("assignedUserName", null).containsEntry("proxy", "NOT_ASSIGNED");

        TestEvents.publish(broker, new ProfileRemoved(tenant, "u-1:" + laptop, "u-1", laptop));
        await().atMost(Duration.ofSeconds(20)).until(() -> "NOT_ASSIGNED".equals(admin.get("/api/devices/" + laptop).getBody().get("proxy")));
    }

    /** 概要 of the operator console: a tenant's devices and those unassigned; operators only. */
    @Test
    void theOperatorReadsATenantsDeviceFiguresAndAnAdminCannot() {
        String laptop = admin.createDevice("laptop");
        admin.createDevice("spare");
        admin.createDevice("tablet");
        TestEvents.publish(broker, new VpnUserAdded(tenant, "u-1", "suzuki", "Suzuki", null, UserSource.LOCAL));
        await().atMost(Duration.ofSeconds(20)).until(() -> admin.get("/api/assignments/u-1").getStatusCode().is2xxSuccessful());
        admin.post("/api/assignments/u-1/devices/" + laptop, Map.of());
        String other = UUID.randomUUID().toString();
        TestApi.admin(http, other).createDevice("elsewhere");

        String path = "/api/operator/tenants/" + tenant + "/overview/devices";
        ResponseEntity<Map> overview = TestApi.operator(http).get(path);
        assertThat(overview.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(overview.getBody()).containsEntry("tenantId", tenant).containsEntry("devices", 3)
                .containsEntry("unassigned", 2);
        assertThat(admin.get("/api/devices?page=0&size=1&assigned=false").getBody()).as("as the admin counts them")
                .containsEntry("totalElements", 2);
        for (TestApi notOperator : List.of(admin, TestApi.auditor(http, tenant), TestApi.admin(http, other))) {
            assertThat(notOperator.get(path).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        }
    }

    @Test
    void anAssignedDeviceCannotBeDeleted() {
        String laptop = admin.createDevice("laptop");
        TestEvents.publish(broker, new VpnUserAdded(tenant, "u-2", "tanaka", "Tanaka", null, UserSource.LOCAL));
        await().atMost(Duration.ofSeconds(20)).until(() -> admin.get("/api/assignments/u-2").getStatusCode().is2xxSuccessful());
        admin.post("/api/assignments/u-2/devices/" + laptop, Map.of());

        ResponseEntity<Map> refused = admin.delete("/api/devices/" + laptop);
        assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(refused.getBody()).containsEntry("type", "urn:sra:problem:device-assigned").containsEntry("detail",
                "デバイス「laptop」はユーザ【tanaka】に割り当てられているため削除できません。割当を解除してから削除してください。");

        admin.delete("/api/assignments/u-2/devices/" + laptop);
        assertThat(admin.delete("/api/devices/" + laptop).getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
    }

    static Map<String, Object> mac(String name, String type, String mac) {
        return Map.of("name", name, "connectionAllowed", true, "type", type, "deviceAuth", true, "method",
                "MAC_ADDRESS", "macAddress", mac);
    }

    static List<String> names(ResponseEntity<Map> page) {
        return ((List<Map<String, Object>>) page.getBody().get("items")).stream().map(d -> (String) d.get("name")).toList();
    }
}
