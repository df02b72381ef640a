package org.sra.profile.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.sra.events.device.DeviceAssigned;
import org.sra.events.device.DeviceChanged;
import org.sra.events.device.DeviceType;
import org.sra.events.profile.ProfileIssued;
import org.sra.events.profile.ProfileRemoved;
import org.sra.events.profile.ProfileSettingsChanged;
import org.sra.events.user.UserSource;
import org.sra.events.user.VpnUserAdded;
import org.sra.kit.test.TestTokens;
import org.sra.profile.support.ProfileIntegrationTest;

/**
 * The console's bulk work on profiles: the list a page at a time with search, filter, sort and
 * totals; "select all"; bulk connection on/off, send and delete (tenant-checked, all or nothing,
 * dry runs); ユーザプロフィール一括登録 by CSV in UTF-8 or CP932.
 */
class ProfileBulkIntegrationTests extends ProfileIntegrationTest {

    private static final Charset CP932 = Charset.forName("windows-31j");

    /** {@code count} profiles {@code user<n>:pc-<n>}, ids {@code u-<n>:d-<n>}. */
    private List<String> profiles(String tenant, int count) {
        for (int n = 0; n < count; n++) {
            publish(new DeviceChanged(tenant, "d-" + n, "pc-" + n, true, DeviceType.WINDOWS, false, null, null, null));
            publish(new DeviceAssigned(tenant, "d-" + n, "u-" + n, "user" + n));
        }
        await().atMost(Duration.ofSeconds(40)).until(() -> {
            Map<String, Object> page = page(tenant, "?page=0&size=1");
            return ((Number) page.get("overall")).intValue() == count
                    && facts.devices(tenant, IntStream.range(0, count).mapToObj(n -> "d-" + n).toList()).size() == count;
        });
        return IntStream.range(0, count).mapToObj(n -> "u-" + n + ":d-" + n).toList();
    }

    private Map<String, Object> page(String tenant, String query) {
        ResponseEntity<Map> answer = get(tenant, "/api/profiles" + query);
        assertThat(answer.getStatusCode()).as("%s", answer.getBody()).isEqualTo(HttpStatus.OK);
        return answer.getBody();
    }

    @SuppressWarnings("unchecked")
    private static List<String> names(Map<String, Object> page) {
        return ((List<Map<String, Object>>) page.get("items")).stream().map(item -> (String) item.get("name")).toList();
    }

    @Test
    @SuppressWarnings("unchecked")
    void profilesAreNamedByTheirIdsForTheCallersTenantOnly() {
        String tenant = newTenant();
        String other = newTenant();
        List<String> ids = profiles(tenant, 3);
        profiles(other, 1); // its only profile is u-0:d-0

        ResponseEntity<List> named = getList(tenant, "/api/profiles/names?ids=" + ids.get(0) + "," + ids.get(2)
                + ",u-9:d-9");

        assertThat(named.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat((List<Map<String, Object>>) named.getBody()).extracting(p -> p.get("profileId") + "=" + p.get("name"))
                .containsExactlyInAnyOrder(ids.get(0) + "=user0:pc-0", ids.get(2) + "=user2:pc-2");
        assertThat(getList(other, "/api/profiles/names?ids=" + ids.get(2)).getBody()).as("another tenant's").isEmpty();
        String many = String.join(",", IntStream.range(0, 1001).mapToObj(n -> "x" + n).toList());
        assertThat(get(tenant, "/api/profiles/names?ids=" + many).getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    }

    @Test
    void theListPagesSortsSearchesAndFiltersOnTheServerWithTotals() {
        String tenant = newTenant();
        List<String> ids = profiles(tenant, 60);
        assertThat(put(tenant, "/api/profiles/connection", Map.of("profileIds", ids.subList(0, 5), "allowed", false))
                .getStatusCode()).isEqualTo(HttpStatus.OK);

        Map<String, Object> second = page(tenant, "?page=1&size=20");
        assertThat(second).containsEntry("total", 60).containsEntry("overall", 60).containsEntry("page", 1)
                .containsEntry("size", 20);
        List<String> byName = IntStream.range(0, 60).mapToObj(n -> "user" + n + ":pc-" + n).sorted().toList();
        assertThat(names(second)).isEqualTo(byName.subList(20, 40));
        assertThat(names(page(tenant, "?page=2&size=20"))).isEqualTo(byName.subList(40, 60));
        assertThat(names(page(tenant, "?page=5&size=20"))).isEmpty();

        Map<String, Object> descending = page(tenant, "?page=0&size=3&sort=name&direction=desc");
        assertThat(names(descending)).isEqualTo(byName.reversed().subList(0, 3));

        Map<String, Object> searched = page(tenant, "?page=0&size=50&q=PC-1");
        assertThat(searched).containsEntry("total", 11).containsEntry("overall", 60);
        assertThat(names(searched)).allMatch(name -> name.contains(":pc-1"));

        Map<String, Object> disabled = page(tenant, "?page=0&size=50&connection=false");
        assertThat(disabled).containsEntry("total", 5);
        assertThat(names(disabled)).containsExactlyInAnyOrder("user0:pc-0", "user1:pc-1", "user2:pc-2",
                "user3:pc-3", "user4:pc-4");
        Map<String, Object> connectionFirst = page(tenant, "?page=0&size=5&sort=connection");
        assertThat(names(connectionFirst)).isEqualTo(names(disabled).stream().sorted().toList());

        ResponseEntity<List> sent = http.exchange("/api/profiles/send", HttpMethod.POST,
                new HttpEntity<>(Map.of("profileIds", ids.subList(50, 53), "recipient", "it@acme.example",
                        "subject", "VPN", "validityDays", 7), headers(tenant, MediaType.APPLICATION_JSON)), List.class);
        assertThat(sent.getStatusCode()).isEqualTo(HttpStatus.OK);
        Map<String, Object> waiting = page(tenant, "?page=0&size=50&status=WAITING_DOWNLOAD");
        assertThat(waiting).containsEntry("total", 3);
        assertThat(names(waiting)).containsExactly("user50:pc-50", "user51:pc-51", "user52:pc-52");

        Map<String, Object> counts = get(tenant, "/api/profiles/counts").getBody();
        assertThat(counts).containsEntry("total", 60);
        assertThat((Map<String, Object>) counts.get("byStatus")).containsEntry("WAITING_DOWNLOAD", 3)
                .containsEntry("MAIL_NOT_SENT", 57).containsEntry("READY", 0).hasSize(ProfileStatus.values().length);
        assertThat(get(newTenant(), "/api/profiles/counts").getBody()).containsEntry("total", 0);

        ResponseEntity<Map> all = get(tenant, "/api/profiles/ids?q=pc-1&connection=true");
        assertThat(all.getBody()).containsEntry("total", 10);
        assertThat((List<String>) all.getBody().get("ids")).hasSize(10).doesNotContain("u-1:d-1")
                .contains("u-10:d-10", "u-19:d-19");
    }

    /** 概要 of the operator console: a tenant's profiles by status; operators only. */
    @Test
    @SuppressWarnings("unchecked")
    void theOperatorReadsATenantsProfileFiguresAndAnAdminCannot() {
        String tenant = newTenant();
        String other = newTenant();
        List<String> ids = profiles(tenant, 5);
        profiles(other, 2);
        ResponseEntity<List> sent = http.exchange("/api/profiles/send", HttpMethod.POST,
                new HttpEntity<>(Map.of("profileIds", ids.subList(0, 2), "recipient", "it@acme.example",
                        "subject", "VPN", "validityDays", 7), headers(tenant, MediaType.APPLICATION_JSON)), List.class);
        assertThat(sent.getStatusCode()).isEqualTo(HttpStatus.OK);

        String path = "/api/operator/tenants/" + tenant + "/overview/profiles";
        HttpHeaders operator = new HttpHeaders();
        operator.setBearerAuth(TestTokens.operator());
        ResponseEntity<Map> overview = http.exchange(path, HttpMethod.GET, new HttpEntity<>(operator), Map.class);
        assertThat(overview.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(overview.getBody()).containsEntry("tenantId", tenant).containsEntry("profiles", 5);
        Map<String, Object> byStatus = (Map<String, Object>) overview.getBody().get("byStatus");
        assertThat(byStatus).containsEntry("WAITING_DOWNLOAD", 2)
                .containsEntry("WAITING_DOWNLOAD", page(tenant, "?page=0&size=1&status=WAITING_DOWNLOAD").get("total"))
                .containsEntry("MAIL_NOT_SENT", page(tenant, "?page=0&size=1&status=MAIL_NOT_SENT").get("total"))
                .containsEntry("READY", 0).containsKeys("LINK_EXPIRED", "WAITING_DOWNLOAD_RESENT",
                        "WAITING_DEVICE_REGISTRATION");
        for (String token : List.of(TestTokens.admin(tenant), TestTokens.admin(other), TestTokens.auditor(tenant))) {
            HttpHeaders notOperator = new HttpHeaders();
            notOperator.setBearerAuth(token);
            assertThat(http.exchange(path, HttpMethod.GET, new HttpEntity<>(notOperator), Map.class).getStatusCode())
                    .isEqualTo(HttpStatus.FORBIDDEN);
        }
    }

    @Test
    void aWrongListParameterIsAFieldErrorNamingIt() {
        String tenant = newTenant();
        ResponseEntity<Map> ja = get(tenant, "/api/profiles?page=0&size=20&sort=colour");
        assertThat(ja.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(ja.getBody()).containsEntry("type", "urn:sra:problem:list-invalid");
        assertThat(errors(ja)).containsEntry("sort", "並び順には次のいずれかを指定してください: name, status, connection, updatedAt");
        ResponseEntity<Map> en = exchange(tenant, HttpMethod.GET, "/api/profiles?page=0&status=SOMETIMES", null, "en");
        assertThat(errors(en)).containsEntry("status", "The status is not valid. Choose one of the list's statuses.");
        assertThat(get(tenant, "/api/profiles?page=0&size=501").getBody())
                .containsEntry("type", "urn:sra:problem:page-invalid");
    }

    @Test
    void bulkConnectionSwitchesTheSelectionAndAnnouncesEachChange() {
        String tenant = newTenant();
        List<String> ids = profiles(tenant, 3);
        awaitAllPublished(tenant);
        int before = published().of(tenant, ProfileSettingsChanged.class).size();

        ResponseEntity<Map> dryRun = put(tenant, "/api/profiles/connection?dryRun=true",
                Map.of("profileIds", ids, "allowed", false));
        assertThat(dryRun.getBody()).containsEntry("dryRun", true).containsEntry("changed", 3);
        assertThat(page(tenant, "?page=0&size=50&connection=false")).containsEntry("total", 0);

        ResponseEntity<Map> off = put(tenant, "/api/profiles/connection", Map.of("profileIds", ids, "allowed", false));
        assertThat(off.getBody()).containsEntry("count", 3).containsEntry("changed", 3).containsEntry("unchanged", 0);
        assertThat(published().atLeast(tenant, ProfileSettingsChanged.class, before + 3).subList(before, before + 3))
                .allMatch(changed -> !changed.connectionAllowed())
                .extracting(ProfileSettingsChanged::profileId).containsExactlyInAnyOrderElementsOf(ids);

        ResponseEntity<Map> again = put(tenant, "/api/profiles/connection",
                Map.of("profileIds", ids.subList(0, 2), "allowed", false));
        assertThat(again.getBody()).containsEntry("changed", 0).containsEntry("unchanged", 2);
        assertThat(get(tenant, "/api/profiles/" + ids.get(2)).getBody()).containsEntry("connectionAllowed", false);
    }

    @Test
    void anotherTenantsProfilesAreRefusedByEveryBulkActionAndNothingChanges() {
        String tenant = newTenant();
        String other = newTenant();
        String mine = profiles(tenant, 1).getFirst();
        publish(new DeviceChanged(other, "d-9", "pc-9", true, DeviceType.WINDOWS, false, null, null, null));
        publish(new DeviceAssigned(other, "d-9", "u-9", "user9"));
        await().atMost(Duration.ofSeconds(20)).until(() -> get(other, "/api/profiles/u-9:d-9").getStatusCode()
                .is2xxSuccessful());
        String theirs = "u-9:d-9";
        awaitAllPublished(tenant);
        awaitAllPublished(other);
        int settingsBefore = published().of(other, ProfileSettingsChanged.class).size()
                + published().of(tenant, ProfileSettingsChanged.class).size();
        List<String> selection = List.of(mine, theirs);

        ResponseEntity<Map> connection = put(tenant, "/api/profiles/connection",
                Map.of("profileIds", selection, "allowed", false));
        ResponseEntity<Map> send = post(tenant, "/api/profiles/send", Map.of("profileIds", selection,
                "recipient", "x@acme.example", "subject", "VPN", "validityDays", 7));
        ResponseEntity<Map> delete = post(tenant, "/api/profiles/delete", Map.of("profileIds", selection));
        ResponseEntity<Map> deleteCheck = post(tenant, "/api/profiles/delete?dryRun=true", Map.of("profileIds", selection));

        for (ResponseEntity<Map> refused : List.of(connection, send, delete, deleteCheck)) {
            assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
            assertThat(refused.getBody()).containsEntry("type", "urn:sra:problem:profiles-not-found")
                    .containsEntry("profileIds", List.of(theirs));
        }
        awaitAllPublished(tenant);
        awaitAllPublished(other);
        assertThat(get(tenant, "/api/profiles/" + mine).getBody()).containsEntry("connectionAllowed", true)
                .containsEntry("status", "MAIL_NOT_SENT");
        assertThat(get(other, "/api/profiles/" + theirs).getBody()).containsEntry("connectionAllowed", true)
                .containsEntry("status", "MAIL_NOT_SENT");
        assertThat(published().of(tenant, ProfileIssued.class)).isEmpty();
        assertThat(published().of(other, ProfileIssued.class)).isEmpty();
        assertThat(published().of(tenant, ProfileRemoved.class)).isEmpty();
        assertThat(published().of(other, ProfileRemoved.class)).isEmpty();
        assertThat(published().of(other, ProfileSettingsChanged.class).size()
                + published().of(tenant, ProfileSettingsChanged.class).size()).isEqualTo(settingsBefore);
    }

    @Test
    void dryRunsOfSendAndDeleteCheckEverythingAndChangeNothing() {
        String tenant = newTenant();
        List<String> ids = profiles(tenant, 2);

        ResponseEntity<Map> noAddress = post(tenant, "/api/profiles/send?dryRun=true", Map.of("profileIds", ids,
                "subject", "VPN", "validityDays", 7));
        assertThat(noAddress.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(noAddress.getBody()).containsEntry("type", "urn:sra:problem:recipient-unknown")
                .containsEntry("profileIds", ids);
        assertThat((String) noAddress.getBody().get("detail")).as("named as the list shows them")
                .contains("user0:pc-0, user1:pc-1");

        ResponseEntity<List> checked = http.exchange("/api/profiles/send?dryRun=true", HttpMethod.POST,
                new HttpEntity<>(Map.of("profileIds", ids, "recipient", "it@acme.example", "subject", "VPN",
                        "validityDays", 7), headers(tenant, MediaType.APPLICATION_JSON)), List.class);
        assertThat(checked.getStatusCode()).isEqualTo(HttpStatus.OK);
        ResponseEntity<Map> deleteCheck = post(tenant, "/api/profiles/delete?dryRun=true", Map.of("profileIds", ids));
        assertThat(deleteCheck.getBody()).containsEntry("dryRun", true).containsEntry("count", 2);

        awaitAllPublished(tenant);
        assertThat(published().of(tenant, ProfileIssued.class)).isEmpty();
        assertThat(published().of(tenant, ProfileRemoved.class)).isEmpty();
        assertThat(page(tenant, "?page=0&size=10&status=MAIL_NOT_SENT")).containsEntry("total", 2);
    }

    @Test
    void aCp932RegistrationFileSetsAddressesAndSwitchesAndItsExportReimportsUnchanged() {
        String tenant = newTenant();
        publish(new DeviceChanged(tenant, "d-1", "win-001", true, DeviceType.WINDOWS, false, null, null, null));
        publish(new DeviceAssigned(tenant, "d-1", "u-1", "山田太郎"));
        publish(new DeviceChanged(tenant, "d-2", "iphone-002", true, DeviceType.IOS, false, null, null, null));
        publish(new DeviceAssigned(tenant, "d-2", "u-2", "佐藤花子"));
        publish(new VpnUserAdded(tenant, "u-2", "佐藤花子", "佐藤 花子", "hanako@directory.example", UserSource.LOCAL));
        await().atMost(Duration.ofSeconds(20)).until(() -> names(page(tenant, "?page=0&size=10"))
                .equals(List.of("佐藤花子:iphone-002", "山田太郎:win-001")));
        awaitUserWithMail(tenant, "u-2");
        String file = "ユーザプロフィールID,メールアドレス,接続許可\r\n"
                + "山田太郎:win-001,taro@acme.example,無効\r\n"
                + "佐藤花子:iphone-002,,有効\r\n"
                + ",,\r\n";

        ResponseEntity<Map> dryRun = upload(tenant, "/api/profiles/registrations?dryRun=true", file.getBytes(CP932));
        assertThat(dryRun.getStatusCode()).as("%s", dryRun.getBody()).isEqualTo(HttpStatus.OK);
        assertThat(dryRun.getBody()).containsEntry("dryRun", true).containsEntry("encoding", "Shift_JIS (CP932)")
                .containsEntry("changed", 1).containsEntry("unchanged", 1);
        assertThat((List<Map<String, Object>>) dryRun.getBody().get("rows"))
                .extracting(row -> row.get("line"), row -> row.get("name"), row -> row.get("outcome"),
                        row -> row.get("mail"), row -> row.get("connectionAllowed"))
                .containsExactly(Tuple.tuple(2, "山田太郎:win-001", "CHANGED", "taro@acme.example", false),
                        Tuple.tuple(3, "佐藤花子:iphone-002", "UNCHANGED", null, true));
        assertThat(get(tenant, "/api/profiles/u-1:d-1").getBody()).containsEntry("connectionAllowed", true)
                .containsEntry("mail", null);

        ResponseEntity<Map> applied = upload(tenant, "/api/profiles/registrations", file.getBytes(CP932));
        assertThat(applied.getBody()).containsEntry("dryRun", false).containsEntry("changed", 1);
        assertThat(get(tenant, "/api/profiles/u-1:d-1").getBody()).containsEntry("connectionAllowed", false)
                .containsEntry("mail", "taro@acme.example");

        // a send without a recipient goes to the registered address, else to the directory's
        ResponseEntity<List> sent = http.exchange("/api/profiles/send", HttpMethod.POST,
                new HttpEntity<>(Map.of("profileIds", List.of("u-1:d-1", "u-2:d-2"), "subject", "VPN",
                        "validityDays", 7), headers(tenant, MediaType.APPLICATION_JSON)), List.class);
        assertThat(sent.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(published().atLeast(tenant, ProfileIssued.class, 2)).extracting(ProfileIssued::profileId,
                ProfileIssued::recipient).containsExactlyInAnyOrder(
                Tuple.tuple("u-1:d-1", "taro@acme.example"),
                Tuple.tuple("u-2:d-2", "hanako@directory.example"));

        for (String encoding : List.of("cp932", "utf-8")) {
            ResponseEntity<byte[]> export = http.exchange("/api/profiles/registrations?encoding=" + encoding,
                    HttpMethod.GET, new HttpEntity<>(headers(tenant, null)), byte[].class);
            assertThat(export.getStatusCode()).isEqualTo(HttpStatus.OK);
            assertThat(export.getHeaders().getContentDisposition().getFilename()).isEqualTo("user-profiles.csv");
            String text = encoding.equals("cp932") ? new String(export.getBody(), CP932)
                    : new String(export.getBody(), StandardCharsets.UTF_8).substring(1); // the BOM
            assertThat(text).isEqualTo("ユーザプロフィールID,メールアドレス,接続許可\r\n"
                    + "佐藤花子:iphone-002,,有効\r\n"
                    + "山田太郎:win-001,taro@acme.example,無効\r\n");
            ResponseEntity<Map> reimported = upload(tenant, "/api/profiles/registrations", export.getBody());
            assertThat(reimported.getBody()).containsEntry("changed", 0).containsEntry("unchanged", 2)
                    .containsEntry("encoding", encoding.equals("cp932") ? "Shift_JIS (CP932)" : "UTF-8");
        }
    }

    @Test
    void aRegistrationFileWithABadRowChangesNothingAndNamesEveryErrorByLine() {
        String tenant = newTenant();
        profiles(tenant, 2);
        String file = "\uFEFFprofile,mail,connectionAllowed\n"
                + "user0:pc-0,zero@acme.example,無効\n"
                + "user9:pc-9,nine@acme.example,有効\n"
                + "user1:pc-1,not-an-address,たぶん\n"
                + "user0:pc-0,,\n";

        ResponseEntity<Map> refused = upload(tenant, "/api/profiles/registrations", file.getBytes(StandardCharsets.UTF_8));

        assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(refused.getBody()).containsEntry("type", "urn:sra:problem:registration-rows")
                .containsEntry("encoding", "UTF-8");
        assertThat((List<Map<String, Object>>) refused.getBody().get("errors"))
                .extracting(error -> error.get("line"), error -> error.get("field"), error -> error.get("message"))
                .containsExactly(
                        Tuple.tuple(3, "profile",
                                "ユーザプロフィール「user9:pc-9」は見つかりません。一覧のユーザプロフィールID（ユーザ名:デバイス名）を入力してください。"),
                        Tuple.tuple(4, "mail", "メールアドレス「not-an-address」の形式が正しくありません。"),
                        Tuple.tuple(4, "connectionAllowed",
                                "接続許可「たぶん」は使えません。「有効」または「無効」を入力してください。"),
                        Tuple.tuple(5, "profile",
                                "ユーザプロフィール「user0:pc-0」が複数の行にあります。1行にまとめてください。"));
        assertThat(get(tenant, "/api/profiles/u-0:d-0").getBody()).containsEntry("connectionAllowed", true)
                .containsEntry("mail", null);

        ResponseEntity<Map> noHeader = upload(tenant, "/api/profiles/registrations",
                "user0:pc-0,zero@acme.example\n".getBytes(StandardCharsets.UTF_8));
        assertThat(noHeader.getBody()).containsEntry("type", "urn:sra:problem:registration-header");
        ResponseEntity<Map> binary = upload(tenant, "/api/profiles/registrations", new byte[] {(byte) 0x82, 0x20, 0x0A});
        assertThat(binary.getBody()).containsEntry("type", "urn:sra:problem:registration-encoding");
    }

    private ResponseEntity<Map> upload(String tenant, String path, byte[] file) {
        return http.exchange(path, HttpMethod.POST, new HttpEntity<>(file, headers(tenant, new MediaType("text", "csv"))),
                Map.class);
    }

    private static HttpHeaders headers(String tenant, MediaType type) {
        HttpHeaders headers = new HttpHeaders();
        headers.setBearerAuth(TestTokens.admin(tenant));
        if (type != null) {
            headers.setContentType(type);
        }
        return headers;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> errors(ResponseEntity<Map> answer) {
        Map<String, String> byField = new LinkedHashMap<>();
        ((List<Map<String, Object>>) answer.getBody().get("errors"))
                .forEach(error -> byField.put((String) error.get("field"), (String) error.get("message")));
        return byField;
    }
}
