package org.sra.device.csv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.TestRestTemplate;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureTestRestTemplate;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.sra.device.TestApi;
import org.sra.device.TestEvents;
import org.sra.events.audit.AuditRecorded;
import org.sra.events.device.DeviceAssigned;
import org.sra.events.device.DeviceChanged;
import org.sra.events.device.DevicesImported;
import org.sra.events.tenant.TenantProvisioned;
import org.sra.events.user.UserSource;
import org.sra.events.user.VpnUserAdded;
import org.sra.kit.test.SraIntegrationTest;
import org.sra.kit.test.TestTokens;

/**
 * The device CSV as Japanese admins make it: CP932 or UTF-8 with or without BOM, exports in
 * either that import again unchanged, the update mode keyed by device name, the
 * {@code assignedUser} column within the devices-per-user limit, and the quick guide's
 * preparation sheet (user, device 1, device 2).
 */
@SraIntegrationTest
@AutoConfigureTestRestTemplate
class DeviceCsvUpdateIntegrationTests {

    static final String HEADER = "name,connectionAllowed,type,deviceAuth,method,serialId,macAddress,assignedUser\r\n";
    static final Charset CP932 = Charset.forName("windows-31j");

    @Autowired
    TestRestTemplate http;
    @Autowired
    EmbeddedKafkaBroker broker;

    final String tenant = UUID.randomUUID().toString();
    TestApi admin;

    @BeforeEach
    void tenantWithTwoDevicesPerUser() {
        admin = TestApi.admin(http, tenant);
        TestEvents.publish(broker, new TenantProvisioned(tenant, "Acme", 2, "10.0.0.0/24"));
        await().atMost(Duration.ofSeconds(20))
                .until(() -> admin.get("/api/devices/contract").getStatusCode().is2xxSuccessful());
    }

    void user(String id, String name) {
        TestEvents.publish(broker, new VpnUserAdded(tenant, id, name, name, id + "@example.com", UserSource.LOCAL));
        await().atMost(Duration.ofSeconds(20))
                .until(() -> admin.get("/api/assignments/" + id).getStatusCode().is2xxSuccessful());
    }

    static List<Map<String, Object>> list(ResponseEntity<Map> answer, String key) {
        return (List<Map<String, Object>>) answer.getBody().get(key);
    }

    Map<String, Object> device(String name) {
        return list(admin.get("/api/devices?name=" + name), "items").stream()
                .filter(d -> name.equals(d.get("name"))).findFirst().orElseThrow();
    }

    @Test
    void aCp932FileWithJapaneseIsReadAndTheReportNamesTheEncoding() {
        user("u-1", "鈴木");
        byte[] file = (HEADER + "pc-1,有効,WINDOWS,有効,SERIAL_ID,,,鈴木\r\n"
                + "pc-2,無効,MAC,無効,,,,\r\n").getBytes(CP932);

        ResponseEntity<Map> dryRun = admin.postCsv("/api/devices/csv/dry-run", file);
        assertThat(dryRun.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(dryRun.getBody()).containsEntry("encoding", "Shift_JIS (CP932)").containsEntry("encodingCode", "cp932")
                .containsEntry("byteOrderMark", false).containsEntry("rows", 2).containsEntry("validRows", 2)
                .containsEntry("created", 2);
        assertThat(list(dryRun, "results")).first().satisfies(r -> assertThat(r).containsEntry("name", "pc-1")
                .containsEntry("outcome", "CREATED").containsEntry("assignedUser", "鈴木"));

        ResponseEntity<Map> imported = admin.postCsv("/api/devices/csv/import", file);
        assertThat(imported.getBody()).containsEntry("created", 2).containsEntry("assigned", 1)
                .containsEntry("encoding", "Shift_JIS (CP932)");
        assertThat(device("pc-1")).containsEntry("assignedUserName", "鈴木").containsEntry("connectionAllowed", true);
        assertThat(device("pc-2")).containsEntry("connectionAllowed", false);
        assertThat(device("pc-2").get("assignedUserName")).isNull();
        String pc1 = (String) device("pc-1").get("id");
        assertThat(TestEvents.awaitPublished(broker, tenant, DeviceAssigned.class, e -> e.deviceId().equals(pc1)))
                .isEqualTo(new DeviceAssigned(tenant, pc1, "u-1", "鈴木"));
    }

    @Test
    void utf8IsReadWithAndWithoutByteOrderMark() {
        String rows = "name,connectionAllowed,type,deviceAuth,method,serialId,macAddress\npc-1,true,WINDOWS,false,,,\n";
        ResponseEntity<Map> withBom = admin.postCsv("/api/devices/csv/dry-run",
                ("\uFEFF" + rows).getBytes(StandardCharsets.UTF_8));
        assertThat(withBom.getBody()).containsEntry("encoding", "UTF-8").containsEntry("byteOrderMark", true)
                .containsEntry("validRows", 1);
        ResponseEntity<Map> without = admin.postCsv("/api/devices/csv/dry-run", rows.getBytes(StandardCharsets.UTF_8));
        assertThat(without.getBody()).containsEntry("encoding", "UTF-8").containsEntry("byteOrderMark", false)
                .containsEntry("validRows", 1);
    }

    @Test
    void aFileInNeitherEncodingIsRefusedSayingWhichEncodingsAreRead() {
        byte[] neither = {'n', 'a', 'm', 'e', '\n', (byte) 0x81, (byte) 0x20, '\n'};
        ResponseEntity<Map> refused = admin.postCsv("/api/devices/csv/dry-run", neither);
        assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(refused.getBody()).containsEntry("type", "urn:sra:problem:csv-invalid");
        assertThat(list(refused, "errors")).singleElement().satisfies(e -> assertThat(e).containsEntry("message",
                "ファイルの文字コードを判別できません。UTF-8 または Shift_JIS（CP932）で保存してください。"));
        ResponseEntity<Map> english = admin.inEnglish().postCsv("/api/devices/csv/dry-run", neither);
        assertThat(english.getBody().get("errors").toString()).contains("Save it as UTF-8 or Shift_JIS (CP932).");
    }

    @Test
    void exportsInBothEncodingsImportAgainInUpdateModeAsAllUnchanged() {
        user("u-1", "鈴木");
        admin.createDevice(Map.of("name", "win-1", "connectionAllowed", true, "type", "WINDOWS", "deviceAuth", true,
                "serialId", "SN-1", "validFrom", "2027-04-01T00:00:00+09:00", "validUntil", "2028-04-01T00:00:00+09:00"));
        admin.createDevice(Map.of("name", "mac-1", "connectionAllowed", false, "type", "MAC", "deviceAuth", true,
                "method", "MAC_ADDRESS", "macAddress", "12:34:56:78:90:ab"));
        String assigned = admin.createDevice("-dash");
        admin.post("/api/assignments/u-1/devices/" + assigned, Map.of());

        ResponseEntity<byte[]> utf8 = admin.download("/api/devices/csv/export");
        ResponseEntity<byte[]> cp932 = admin.download("/api/devices/csv/export?encoding=cp932");
        assertThat(utf8.getHeaders().getContentType().toString()).isEqualTo("text/csv;charset=UTF-8");
        assertThat(cp932.getHeaders().getContentType().getCharset()).isEqualTo(CP932);
        assertThat(new String(utf8.getBody(), StandardCharsets.UTF_8)).startsWith("\uFEFF").contains("鈴木");
        assertThat(cp932.getBody()).isEqualTo(new String(utf8.getBody(), StandardCharsets.UTF_8).substring(1)
                .getBytes(CP932));

        for (byte[] export : List.of(utf8.getBody(), cp932.getBody())) {
            ResponseEntity<Map> dryRun = admin.postCsv("/api/devices/csv/dry-run?mode=update", export);
            assertThat(dryRun.getBody()).containsEntry("mode", "update").containsEntry("rows", 3)
                    .containsEntry("validRows", 3).containsEntry("created", 0).containsEntry("changed", 0)
                    .containsEntry("unchanged", 3);
            assertThat(list(dryRun, "errors")).isEmpty();
            assertThat(admin.postCsv("/api/devices/csv/import?mode=update", export).getBody())
                    .containsEntry("created", 0).containsEntry("changed", 0).containsEntry("unchanged", 3)
                    .containsEntry("assigned", 0);
        }
        assertThat(admin.download("/api/devices/csv/export").getBody()).isEqualTo(utf8.getBody());
        assertThat(device("win-1")).as("the file has no validity columns: the period stays")
                .containsEntry("validFrom", "2027-03-31T15:00:00Z").containsEntry("validUntil", "2028-03-31T15:00:00Z");
        // in the default create mode the same file is three names taken
        assertThat(list(admin.postCsv("/api/devices/csv/dry-run", utf8.getBody()), "errors"))
                .extracting(e -> e.get("code")).contains("taken");
    }

    @Test
    void theUpdateModeSaysPerRowWhatItCreatesChangesOrLeavesAndAppliesItThroughTheNormalPaths() {
        String win = admin.createDevice(Map.of("name", "win-1", "connectionAllowed", true, "type", "WINDOWS",
                "deviceAuth", true, "serialId", "SN-1"));
        admin.createDevice(Map.of("name", "mac-1", "connectionAllowed", true, "type", "MAC", "deviceAuth", false));
        byte[] file = (HEADER + "WIN-1,false,WINDOWS,true,SERIAL_ID,SN-2,,\r\n"
                + "mac-1,true,MAC,false,,,,\r\n"
                + "ios-1,true,IOS,true,,,,\r\n").getBytes(StandardCharsets.UTF_8);

        ResponseEntity<Map> dryRun = admin.postCsv("/api/devices/csv/dry-run?mode=update", file);
        assertThat(dryRun.getBody()).containsEntry("created", 1).containsEntry("changed", 1)
                .containsEntry("unchanged", 1);
        assertThat(list(dryRun, "results")).extracting(r -> r.get("line") + ":" + r.get("outcome") + ":"
                + r.get("changes") + ":" + r.get("changeLabels")).containsExactly(
                "2:CHANGED:[name, connectionAllowed, serialId]:[デバイス名, 接続許可, シリアル ID]",
                "3:UNCHANGED:[]:[]",
                "4:CREATED:[]:[]");
        assertThat(device("win-1")).containsEntry("serialId", "SN-1");
        assertThat(list(admin.inEnglish().postCsv("/api/devices/csv/dry-run?mode=update", file), "results").getFirst())
                .containsEntry("changeLabels", List.of("Device name", "Connection allowed", "Serial ID"));
        // the same through a form upload, the mode as a query parameter
        MultiValueMap<String, Object> form = new LinkedMultiValueMap<>();
        form.add("file", new ByteArrayResource(file) {
            @Override
            public String getFilename() {
                return "devices.csv";
            }
        });
        HttpHeaders headers = new HttpHeaders();
        headers.setBearerAuth(TestTokens.admin(tenant));
        headers.setContentType(MediaType.MULTIPART_FORM_DATA);
        assertThat(http.exchange("/api/devices/csv/dry-run?mode=update", HttpMethod.POST, new HttpEntity<>(form, headers),
                Map.class).getBody()).containsEntry("changed", 1).containsEntry("unchanged", 1);

        ResponseEntity<Map> imported = admin.postCsv("/api/devices/csv/import?mode=update", file);
        assertThat(imported.getBody()).containsEntry("created", 1).containsEntry("changed", 1)
                .containsEntry("unchanged", 1);
        assertThat(device("WIN-1")).containsEntry("id", win).containsEntry("serialId", "SN-2")
                .containsEntry("connectionAllowed", false);
        assertThat(TestEvents.awaitPublished(broker, tenant, DeviceChanged.class,
                e -> e.deviceId().equals(win) && "SN-2".equals(e.serialId())).connectionAllowed()).isFalse();
        assertThat(TestEvents.awaitPublished(broker, tenant, DevicesImported.class, e -> true).devices())
                .extracting(DeviceChanged::name).containsExactly("ios-1");
        assertThat(TestEvents.awaitPublished(broker, tenant, AuditRecorded.class,
                e -> e.targetId().equals(win) && e.action().equals("DEVICE_UPDATED")).after()).contains("SN-2");
        // the device left unchanged raised nothing after its creation
        String mac = (String) device("mac-1").get("id");
        assertThat(TestEvents.published(tenant, DeviceChanged.class)).filteredOn(e -> e.deviceId().equals(mac))
                .hasSize(1);
    }

    @Test
    void anUnknownModeIsRefused() {
        ResponseEntity<Map> refused = admin.postCsv("/api/devices/csv/dry-run?mode=merge",
                (HEADER + "pc-1,true,WINDOWS,false,,,,\r\n").getBytes(StandardCharsets.UTF_8));
        assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(refused.getBody()).containsEntry("type", "urn:sra:problem:csv-mode-invalid");
        assertThat(admin.download("/api/devices/csv/export?encoding=latin1").getStatusCode())
                .isEqualTo(HttpStatus.BAD_REQUEST);
    }

    @Test
    void assignedUserAssignsWithinTheLimitCountingTheUsersDevicesAndRefusesTheWholeFileOverIt() {
        user("u-1", "suzuki");
        user("u-2", "tanaka");
        String old = admin.createDevice("old-1");
        admin.post("/api/assignments/u-1/devices/" + old, Map.of());

        byte[] over = (HEADER + "pc-1,true,WINDOWS,true,,,,suzuki\r\n"
                + "pc-2,true,WINDOWS,true,,,,SUZUKI\r\n"
                + "pc-3,true,WINDOWS,true,,,,tanaka\r\n"
                + "pc-4,true,WINDOWS,true,,,,sato\r\n").getBytes(StandardCharsets.UTF_8);
        ResponseEntity<Map> refused = admin.postCsv("/api/devices/csv/import", over);
        assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(list(refused, "errors")).extracting(e -> e.get("line") + ":" + e.get("field") + ":" + e.get("message"))
                .containsExactly(
                        "3:assignedUser:ユーザ【suzuki】に割り当てられるデバイスは 2 台までです（割当済みのデバイスとこのファイルで割り当てるデバイスを合わせた台数です）。",
                        "5:assignedUser:ユーザ【sato】は登録されていません。ユーザ設定で登録してから取り込んでください。");
        assertThat(admin.get("/api/devices").getBody()).containsEntry("totalElements", 1);
        assertThat((List<?>) admin.get("/api/assignments/u-2").getBody().get("devices")).isEmpty();

        byte[] within = (HEADER + "pc-1,true,WINDOWS,true,,,,suzuki\r\n"
                + "pc-3,true,WINDOWS,true,,,,tanaka\r\n").getBytes(StandardCharsets.UTF_8);
        assertThat(admin.postCsv("/api/devices/csv/import", within).getBody()).containsEntry("created", 2)
                .containsEntry("assigned", 2);
        assertThat(device("pc-1")).containsEntry("assignedUserName", "suzuki");
        assertThat(device("pc-3")).containsEntry("assignedUserName", "tanaka");

        // an update that gives a device of someone else's is refused, naming both
        ResponseEntity<Map> taken = admin.postCsv("/api/devices/csv/dry-run?mode=update",
                (HEADER + "pc-3,true,WINDOWS,true,SERIAL_ID,,,suzuki\r\n").getBytes(StandardCharsets.UTF_8));
        assertThat(list(taken, "errors")).singleElement().satisfies(e -> assertThat(e.get("message"))
                .isEqualTo("デバイス「pc-3」はすでにユーザ【tanaka】に割り当てられています。デバイス割当で解除してから取り込んでください。"));
    }

    @Test
    void theGuidesPreparationSheetInCp932CreatesMissingDevicesAndAssignsThemInOneFile() {
        user("u-1", "suzuki");
        user("u-2", "tanaka");
        admin.createDevice("Win-123");
        byte[] sheet = ("ユーザ,デバイス名①,デバイス名②\r\n"
                + "例,Win-123,IOS-456\r\n"
                + "suzuki,Win-123,IOS-456\r\n"
                + "tanaka,android-7,\r\n").getBytes(CP932);

        ResponseEntity<Map> dryRun = admin.postCsv("/api/devices/csv/dry-run", sheet);
        assertThat(dryRun.getBody()).containsEntry("layout", "sheet").containsEntry("encoding", "Shift_JIS (CP932)")
                .containsEntry("rows", 2).containsEntry("validRows", 2).containsEntry("created", 2)
                .containsEntry("changed", 1);
        assertThat(list(dryRun, "results")).extracting(r -> r.get("line") + ":" + r.get("name") + ":" + r.get("type")
                + ":" + r.get("outcome") + ":" + r.get("assignedUser")).containsExactly(
                "3:Win-123:WINDOWS:CHANGED:suzuki", "3:IOS-456:IOS:CREATED:suzuki", "4:android-7:ANDROID:CREATED:tanaka");
        assertThat(admin.get("/api/devices").getBody()).containsEntry("totalElements", 1);

        assertThat(admin.postCsv("/api/devices/csv/import", sheet).getBody()).containsEntry("created", 2)
                .containsEntry("changed", 1).containsEntry("assigned", 3).containsEntry("layout", "sheet");
        assertThat(device("Win-123")).containsEntry("assignedUserName", "suzuki");
        assertThat(device("IOS-456")).containsEntry("assignedUserName", "suzuki").containsEntry("type", "IOS")
                .containsEntry("deviceAuth", true).containsEntry("method", "SERIAL_ID")
                .containsEntry("connectionAllowed", true);
        assertThat(device("android-7")).containsEntry("assignedUserName", "tanaka");

        // the same sheet again changes nothing; a third device for suzuki is over the limit
        assertThat(admin.postCsv("/api/devices/csv/dry-run", sheet).getBody()).containsEntry("unchanged", 3);
        ResponseEntity<Map> over = admin.postCsv("/api/devices/csv/import",
                "user,device1,device2,device3\nsuzuki,Win-123,IOS-456,mac-9\n".getBytes(StandardCharsets.UTF_8));
        assertThat(over.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(list(over, "errors")).singleElement().satisfies(e -> assertThat(e).containsEntry("line", 2)
                .containsEntry("field", "assignedUser"));
        assertThat(admin.get("/api/devices").getBody()).containsEntry("totalElements", 3);
    }
}
