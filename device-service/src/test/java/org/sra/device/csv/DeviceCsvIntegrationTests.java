package org.sra.device.csv;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
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
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.sra.device.TestApi;
import org.sra.kit.test.SraIntegrationTest;
import org.sra.kit.test.TestTokens;

/** R-DEV-3: template, dry run, all-or-nothing import and export of devices as CSV. */
@SraIntegrationTest
@AutoConfigureTestRestTemplate
class DeviceCsvIntegrationTests {

    static final String HEADER = "name,connectionAllowed,type,deviceAuth,method,serialId,macAddress\n";

    @Autowired
    TestRestTemplate http;

    final String tenant = UUID.randomUUID().toString();
    TestApi admin;

    @BeforeEach
    void admin() {
        admin = TestApi.admin(http, tenant);
    }

    static List<String> names(ResponseEntity<Map> page) {
        return ((List<Map<String, Object>>) page.getBody().get("items")).stream().map(d -> (String) d.get("name"))
                .toList();
    }

    static byte[] csv(String rows) {
        return ("\uFEFF" + HEADER + rows).getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void theTemplateIsADownloadableCsvWithTheHeaderRow() {
        ResponseEntity<byte[]> template = admin.download("/api/devices/csv/template");
        assertThat(template.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(template.getHeaders().getContentType().toString()).startsWith("text/csv");
        assertThat(template.getHeaders().getContentDisposition().getFilename()).isEqualTo("devices-template.csv");
        assertThat(new String(template.getBody(), StandardCharsets.UTF_8)).startsWith("\uFEFF" + HEADER.strip());
    }

    @Test
    void theDryRunListsEveryBadRowWithItsLineAndReasonAndWritesNothing() {
        admin.createDevice(Map.of("name", "existing", "connectionAllowed", true, "type", "WINDOWS", "deviceAuth", true,
                "serialId", "SN-OLD"));
        ResponseEntity<Map> dryRun = admin.postCsv("/api/devices/csv/dry-run", csv(
                "pc-1,true,WINDOWS,true,SERIAL_ID,SN-1,\n"          // line 2: fine
                        + "pc 2,true,WINDOWS,false,,,\n"              // line 3: bad name
                        + "PC-1,true,MAC,false,,,\n"                  // line 4: same name as line 2
                        + "pc-4,yes,IOS,true,MAC_ADDRESS,,\n"         // line 5: bad boolean, MAC on iOS
                        + "existing,true,WINDOWS,true,,SN-OLD,\n"     // line 6: clashes twice with the tenant
                        + "pc-6,true,WINDOWS,true,,SN-1,\n"));        // line 7: serial of line 2
        assertThat(dryRun.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(dryRun.getBody()).containsEntry("rows", 6).containsEntry("validRows", 1);
        List<Map<String, Object>> errors = (List<Map<String, Object>>) dryRun.getBody().get("errors");
        assertThat(errors).extracting(e -> e.get("line") + ":" + e.get("field") + ":" + e.get("code")).containsExactly(
                "3:name:name-invalid",
                "4:name:duplicate-in-file",
                "5:connectionAllowed:boolean-invalid",
                "5:method:mac-method-not-for-mobile",
                "6:name:taken",
                "6:serialId:taken",
                "7:serialId:duplicate-in-file");
        assertThat(errors.get(1).get("message")).isEqualTo("デバイス名「PC-1」はこのファイルの 2 行目と重複しています。");
        assertThat(admin.get("/api/devices").getBody()).containsEntry("totalElements", 1);
    }

    @Test
    void aFileWithABadRowImportsNothingAndSaysWhy() {
        ResponseEntity<Map> refused = admin.inEnglish().postCsv("/api/devices/csv/import", csv(
                "pc-1,true,WINDOWS,true,,,\n"
                        + "pc-2,true,WINDOWS,true,,,12-34-56-78-90-ab\n"));
        assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(refused.getBody()).containsEntry("type", "urn:sra:problem:import-invalid")
                .containsEntry("detail", "1 problem(s) were found in the CSV, so nothing was imported.");
        assertThat((List<Map<String, Object>>) refused.getBody().get("errors")).singleElement()
                .satisfies(e -> assertThat(e).containsEntry("line", 3).containsEntry("message",
                        "MAC address can only be set when the authentication method is MAC address."));
        assertThat(admin.get("/api/devices").getBody()).containsEntry("totalElements", 0);
    }

    @Test
    void controlCharactersAndTextDirectionMarksInACellAreRefusedAndNothingIsImported() {
        ResponseEntity<Map> refused = admin.postCsv("/api/devices/csv/import", csv(
                "pc-ok,true,WINDOWS,false,,,\n"
                        + "pc-\u202Egnp.exe,true,WINDOWS,false,,,\n"
                        + "pc-3,true,WINDOWS,true,SERIAL_ID,SN\u0000X,\n"));
        assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(refused.getBody()).containsEntry("type", "urn:sra:problem:import-invalid");
        assertThat((List<Map<String, Object>>) refused.getBody().get("errors")).hasSize(2)
                .anySatisfy(e -> assertThat(e).containsEntry("line", 3).containsEntry("message",
                        "デバイス名に使えない文字（制御文字、または文字の表示方向を変える記号）が含まれています。取り除いてから取り込んでください。"))
                .anySatisfy(e -> assertThat(e).containsEntry("line", 4));
        assertThat(admin.get("/api/devices").getBody()).containsEntry("totalElements", 0);
    }

    @Test
    void aGoodFileImportsEveryRowAndTheExportGivesThemBackFiltered() {
        ResponseEntity<Map> imported = admin.postCsv("/api/devices/csv/import", csv(
                "win-1,true,WINDOWS,true,SERIAL_ID,SN-1,\n"
                        + "mac-1,true,MAC,true,MAC_ADDRESS,,12-34-56-78-90-AB\n"
                        + "-dash,false,ANDROID,false,,,\n"));
        assertThat(imported.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(imported.getBody()).containsEntry("created", 3);
        assertThat(admin.get("/api/devices?name=mac-1").getBody().get("items").toString())
                .contains("macAddress=12:34:56:78:90:ab");

        String all = new String(admin.download("/api/devices/csv/export").getBody(), StandardCharsets.UTF_8);
        assertThat(all).startsWith("\uFEFFname,connectionAllowed,type,deviceAuth,method,serialId,macAddress,assignedUser\r\n")
                .contains("'-dash,false,ANDROID,false,,,,\r\n")
                .contains("mac-1,true,MAC,true,MAC_ADDRESS,,12:34:56:78:90:ab,\r\n");
        String windows = new String(admin.download("/api/devices/csv/export?type=WINDOWS").getBody(),
                StandardCharsets.UTF_8);
        assertThat(windows.lines()).hasSize(2).last().isEqualTo("win-1,true,WINDOWS,true,SERIAL_ID,SN-1,,");

        // an export imports unchanged into another tenant
        TestApi other = TestApi.admin(http, UUID.randomUUID().toString());
        assertThat(other.postCsv("/api/devices/csv/import", all.getBytes(StandardCharsets.UTF_8)).getBody())
                .containsEntry("created", 3);
    }

    @Test
    void thousandsOfRowsAreImportedInOneRequestAndListedAtOnce() {
        int rows = 3_000;
        StringBuilder file = new StringBuilder();
        for (int i = 0; i < rows; i++) {
            file.append(String.format("pc-%04d,true,%s,true,SERIAL_ID,SN-%04d,%n", i, i % 2 == 0 ? "WINDOWS" : "MAC", i));
        }
        ResponseEntity<Map> imported = admin.postCsv("/api/devices/csv/import", csv(file.toString()));
        assertThat(imported.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(imported.getBody()).containsEntry("created", rows);

        ResponseEntity<Map> lastPage = admin.get("/api/devices?size=50&page=59");
        assertThat(lastPage.getBody()).containsEntry("totalElements", rows).containsEntry("totalPages", 60);
        assertThat(names(lastPage)).hasSize(50).startsWith("pc-2950").endsWith("pc-2999");
        assertThat(admin.get("/api/devices?type=MAC&size=1").getBody()).containsEntry("totalElements", rows / 2);

        // the same file again: every row is now taken, found in the unique indexes
        ResponseEntity<Map> again = admin.postCsv("/api/devices/csv/dry-run", csv(file.toString()));
        assertThat(again.getBody()).containsEntry("rows", rows).containsEntry("validRows", 0);
        assertThat((List<?>) again.getBody().get("errors")).hasSize(2 * rows);
    }

    @Test
    void theFileCanAlsoBeUploadedAsAForm() {
        MultiValueMap<String, Object> form = new LinkedMultiValueMap<>();
        form.add("file", new ByteArrayResource(csv("pc-1,true,WINDOWS,false,,,\npc 2,true,WINDOWS,false,,,\n")) {
            @Override
            public String getFilename() {
                return "devices.csv";
            }
        });
        HttpHeaders headers = new HttpHeaders();
        headers.setBearerAuth(TestTokens.admin(tenant));
        headers.setContentType(MediaType.MULTIPART_FORM_DATA);
        ResponseEntity<Map> dryRun = http.exchange("/api/devices/csv/dry-run", HttpMethod.POST,
                new HttpEntity<>(form, headers), Map.class);
        assertThat(dryRun.getBody()).containsEntry("rows", 2).containsEntry("validRows", 1);
        assertThat(dryRun.getBody().get("errors").toString()).contains("line=3");
    }

    @Test
    void aShiftJisFileIsReadAndItsRowsCheckedLikeAnyOther() {
        byte[] shiftJis = (HEADER + "端末,有効,WINDOWS,無効,,,\n").getBytes(Charset.forName("Shift_JIS"));
        ResponseEntity<Map> dryRun = admin.postCsv("/api/devices/csv/dry-run", shiftJis);
        assertThat(dryRun.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(dryRun.getBody()).containsEntry("encoding", "Shift_JIS (CP932)").containsEntry("validRows", 0);
        assertThat(dryRun.getBody().get("errors").toString()).contains("デバイス名には半角英数字");
    }
}
