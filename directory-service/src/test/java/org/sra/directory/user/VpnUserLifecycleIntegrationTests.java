package org.sra.directory.user;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetAddress;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import org.apache.kafka.clients.consumer.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.sra.directory.DirectoryIntegrationTest;
import org.sra.directory.Fixtures;
import org.sra.directory.SharedDirectories;
import org.sra.events.EventEnvelope;
import org.sra.events.Topics;
import org.sra.events.user.VpnUserChanged;
import org.sra.events.user.VpnUserRemoved;
import org.sra.fixtures.ad.DemoDirectory;
import org.sra.kit.test.TestTokens;

/**
 * The VPN user lifecycle on the demo Active Directory: CSV in CP932 and UTF-8, exports that import
 * again; enabling, disabling and the validity period published as {@code VpnUserChanged}; the
 * directory refresh (on demand and the daily job, once across replicas); bulk operations; the
 * list's server-side filters, sort and paging.
 */
@DirectoryIntegrationTest
class VpnUserLifecycleIntegrationTests {

    static final Charset CP932 = Charset.forName("windows-31j");

    @Autowired
    TestRestTemplate http;
    @Autowired
    EmbeddedKafkaBroker broker;
    @Autowired
    DirectoryRefreshJob job;
    Fixtures api;
    String tenantId;
    String admin;

    @BeforeEach
    void setUp() {
        api = new Fixtures(http);
        tenantId = api.provision().tenantId();
        admin = TestTokens.admin(tenantId);
        useActiveDirectory(admin, "127.0.0.1");
    }

    @Test
    void aCp932FileWithJapaneseNamesIsReadAndEveryExportImportsAgainUnchanged() throws Exception {
        String sheet = "userName,displayName,mail,source,addedAt,inDirectory\r\n"
                + "taro.yamada,山田 太郎,taro.yamada@example.com,ACTIVE_DIRECTORY,,\r\n"
                + "hanako.sato,佐藤 花子,,ACTIVE_DIRECTORY,,\r\n";
        Map<String, Object> dryRun = importCsv(sheet.getBytes(CP932), true).getBody();
        assertThat(dryRun).containsEntry("encoding", "CP932").containsEntry("encodingLabel", "Shift_JIS (CP932)")
                .containsEntry("rows", 2).containsEntry("valid", 2).containsEntry("errors", List.of());
        assertThat(importCsv(sheet.getBytes(CP932), false).getBody()).containsEntry("committed", true)
                .containsEntry("added", 2);
        assertThat(list("?sort=userName")).extracting(u -> u.get("userName") + ":" + u.get("displayName"))
                .containsExactly("hanako.sato:佐藤 花子", "taro.yamada:山田 太郎");

        for (String encoding : List.of("utf-8", "cp932")) {
            ResponseEntity<byte[]> export = api.exchange(HttpMethod.GET, "/api/vpn-users/export.csv?encoding=" + encoding,
                    admin, null, byte[].class);
            assertThat(export.getStatusCode()).isEqualTo(HttpStatus.OK);
            byte[] body = export.getBody();
            if (encoding.equals("cp932")) {
                assertThat(export.getHeaders().getContentType().toString()).containsIgnoringCase("windows-31j");
                assertThat(new String(body, CP932)).startsWith("userName,displayName").contains("山田 太郎");
            } else {
                assertThat(new String(body, StandardCharsets.UTF_8)).startsWith("\uFEFFuserName,displayName")
                        .contains("山田 太郎");
            }
            Map<String, Object> again = importCsv(body, true).getBody();
            assertThat(again).as(encoding).containsEntry("encoding", encoding.equals("cp932") ? "CP932" : "UTF_8")
                    .containsEntry("rows", 2).containsEntry("valid", 2).containsEntry("unchanged", 2)
                    .containsEntry("errors", List.of());
            assertThat(importCsv(body, false).getBody()).containsEntry("committed", true).containsEntry("added", 0)
                    .containsEntry("unchanged", 2);
        }
        assertThat(page("")).containsEntry("total", 2);
        assertThat(api.call(HttpMethod.GET, "/api/vpn-users/export.csv?encoding=latin1", admin, null).getBody())
                .containsEntry("type", "urn:sra:problem:csv-encoding-unknown").containsEntry("field", "encoding");

        // a name CP932 cannot hold: refused rather than exported with a replacement character
        String sam = Fixtures.unique("emoji");
        String dn = addDirectoryUser(sam, "笑顔 \uD83D\uDE00", sam + "@example.com");
        try {
            addUser(sam);
            ResponseEntity<Map> refused = api.call(HttpMethod.GET, "/api/vpn-users/export.csv?encoding=cp932", admin,
                    null);
            assertThat(refused.getStatusCode().value()).isEqualTo(422);
            assertThat(refused.getBody()).containsEntry("type", "urn:sra:problem:csv-export-not-encodable")
                    .containsEntry("line", 2);
        } finally {
            SharedDirectories.demoDirectory().server().delete(dn);
        }
    }

    @Test
    void enablingDisablingAndTheValidityPeriodArePublishedOnceWithTheNewState() {
        String userId = addUser("taro.yamada");
        try (Consumer<String, byte[]> consumer = Fixtures.consumer(broker, Topics.VPN_USERS)) {
            ResponseEntity<Map> disabled = api.call(HttpMethod.PUT, "/api/vpn-users/" + userId + "/enabled", admin,
                    Map.of("enabled", false));
            assertThat(disabled.getStatusCode()).isEqualTo(HttpStatus.OK);
            assertThat(disabled.getBody()).containsEntry("enabled", false);
            // the same again changes nothing and raises nothing (the next event is the enabling below)
            assertThat(api.call(HttpMethod.PUT, "/api/vpn-users/" + userId + "/enabled", admin,
                    Map.of("enabled", false)).getBody()).containsEntry("enabled", false);
            assertThat(list("?enabled=false")).extracting(u -> u.get("userId")).containsExactly(userId);
            api.call(HttpMethod.PUT, "/api/vpn-users/" + userId + "/enabled", admin, Map.of("enabled", true));

            Instant from = Instant.parse("2026-04-01T00:00:00Z");
            Instant until = Instant.parse("2027-03-31T15:00:00Z");
            Map<String, Object> period = new HashMap<>();
            period.put("validFrom", until.toString());
            period.put("validUntil", from.toString());
            ResponseEntity<Map> backwards = api.call(HttpMethod.PUT, "/api/vpn-users/" + userId + "/validity", admin,
                    period);
            assertThat(backwards.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
            assertThat(backwards.getBody()).containsEntry("type", "urn:sra:problem:validity-invalid")
                    .containsEntry("field", "validUntil");
            period.put("validFrom", from.toString());
            period.put("validUntil", until.toString());
            assertThat(api.call(HttpMethod.PUT, "/api/vpn-users/" + userId + "/validity", admin, period).getBody())
                    .containsEntry("validFrom", from.toString()).containsEntry("validUntil", until.toString());
            period.put("validFrom", null);
            Map<String, Object> open = api.call(HttpMethod.PUT, "/api/vpn-users/" + userId + "/validity", admin, period)
                    .getBody();
            assertThat(open.get("validFrom")).isNull();
            assertThat(open).containsEntry("validUntil", until.toString());

            List<VpnUserChanged> changes = changes(consumer, userId, 4);
            String mail = "taro.yamada@example.com";
            assertThat(changes).containsExactly(
                    new VpnUserChanged(tenantId, userId, "taro.yamada", "山田 太郎", mail, false, null, null),
                    new VpnUserChanged(tenantId, userId, "taro.yamada", "山田 太郎", mail, true, null, null),
                    new VpnUserChanged(tenantId, userId, "taro.yamada", "山田 太郎", mail, true, from, until),
                    new VpnUserChanged(tenantId, userId, "taro.yamada", "山田 太郎", mail, true, null, until));
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                api.call(HttpMethod.GET, "/api/audit?action=VPN_USER_DISABLED", admin, null).getBody())
                .containsEntry("total", 1));
        assertThat(api.call(HttpMethod.PUT, "/api/vpn-users/" + userId + "/enabled", TestTokens.auditor(tenantId),
                Map.of("enabled", false)).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(api.call(HttpMethod.PUT, "/api/vpn-users/" + userId + "/enabled",
                TestTokens.admin(api.provision().tenantId()), Map.of("enabled", false)).getStatusCode())
                .as("another tenant's admin").isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(api.call(HttpMethod.PUT, "/api/vpn-users/" + userId + "/enabled", admin, Map.of()).getStatusCode())
                .isEqualTo(HttpStatus.BAD_REQUEST);
    }

    @Test
    void theRefreshSavesNewNamesAndListsVanishedUsersWhomOnlyTheAdminRemoves() throws Exception {
        String sam = Fixtures.unique("mover");
        String dn = addDirectoryUser(sam, "異動 前", sam + "@old.example.com");
        boolean inDirectory = true;
        try (Consumer<String, byte[]> consumer = Fixtures.consumer(broker, Topics.VPN_USERS)) {
            String userId = addUser(sam);
            addUser("taro.yamada");
            SharedDirectories.demoDirectory().server().modify(dn,
                    new Modification(ModificationType.REPLACE, "mail", sam + "@new.example.com"),
                    new Modification(ModificationType.REPLACE, "displayName", "異動 後"));

            Map<String, Object> report = api.call(HttpMethod.POST, "/api/vpn-users/refresh", admin, null).getBody();
            assertThat(report).containsEntry("checked", 2).containsEntry("updated", 1).containsEntry("complete", true)
                    .containsEntry("missing", List.of());
            assertThat(list("?query=" + sam)).singleElement().satisfies(u -> assertThat(u)
                    .containsEntry("mail", sam + "@new.example.com").containsEntry("displayName", "異動 後"));
            assertThat(changes(consumer, userId, 1)).containsExactly(new VpnUserChanged(tenantId, userId, sam, "異動 後",
                    sam + "@new.example.com", true, null, null));

            SharedDirectories.demoDirectory().server().delete(dn);
            inDirectory = false;
            report = api.call(HttpMethod.POST, "/api/vpn-users/refresh", admin, null).getBody();
            assertThat(report).containsEntry("updated", 0).containsEntry("missing",
                    List.of(Map.of("userId", userId, "userName", sam, "displayName", "異動 後")));
            assertThat(list("?inDirectory=false")).extracting(u -> u.get("userId")).as("listed, not removed")
                    .containsExactly(userId);
            assertThat(page("")).containsEntry("total", 2);

            ResponseEntity<Map> unconfirmed = api.call(HttpMethod.POST, "/api/vpn-users/bulk", admin,
                    Map.of("action", "DELETE", "userIds", List.of(userId)));
            assertThat(unconfirmed.getBody()).containsEntry("type", "urn:sra:problem:bulk-confirmation-required")
                    .containsEntry("selected", 1);
            assertThat((String) unconfirmed.getBody().get("detail")).contains("1 人");
            assertThat(api.call(HttpMethod.POST, "/api/vpn-users/bulk", admin,
                    Map.of("action", "DELETE", "all", true, "inDirectory", "false", "confirm", true)).getBody())
                    .containsEntry("selected", 1).containsEntry("changed", 1);
            assertThat(list("")).extracting(u -> u.get("userName")).containsExactly("taro.yamada");
            assertThat(Fixtures.await(consumer, e -> e.payload() instanceof VpnUserRemoved r
                    && r.userId().equals(userId), 1)).hasSize(1);
        } finally {
            if (inDirectory) {
                SharedDirectories.demoDirectory().server().delete(dn);
            }
        }
    }

    @Test
    void aDirectoryThatDoesNotAnswerChangesNothing() throws Exception {
        try (DemoDirectory dying = DemoDirectory.start(InetAddress.getByName("127.0.0.3"),
                SharedDirectories.demoDirectory().port())) {
            String other = TestTokens.admin(api.provision().tenantId());
            useActiveDirectory(other, "127.0.0.3");
            assertThat(api.exchange(HttpMethod.POST, "/api/vpn-users", other, Map.of("userNames", List.of("taro.yamada")),
                    List.class).getStatusCode()).isEqualTo(HttpStatus.CREATED);
            dying.server().shutDown(true);

            ResponseEntity<Map> refused = api.call(HttpMethod.POST, "/api/vpn-users/refresh", other, null);
            assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
            assertThat(refused.getBody()).containsEntry("type", "urn:sra:problem:directory-unavailable");
            Map<String, Object> listed = api.call(HttpMethod.GET, "/api/vpn-users", other, null).getBody();
            assertThat(listed).containsEntry("total", 1);
            assertThat((List<Map<String, Object>>) listed.get("items")).singleElement()
                    .satisfies(u -> assertThat(u.get("inDirectory")).as("not readable now").isNull())
                    .satisfies(u -> assertThat(u).containsEntry("enabled", true));
        }
    }

    @Test
    void theDailyJobRefreshesEachTenantOnceAcrossReplicas() throws Exception {
        String sam = Fixtures.unique("daily");
        String dn = addDirectoryUser(sam, "日次 前", sam + "@example.com");
        try (Consumer<String, byte[]> consumer = Fixtures.consumer(broker, Topics.VPN_USERS)) {
            String userId = addUser(sam);
            SharedDirectories.demoDirectory().server().modify(dn,
                    new Modification(ModificationType.REPLACE, "displayName", "日次 後"));
            LocalDate day = LocalDate.of(2100, 1, 1).plusDays(ThreadLocalRandom.current().nextInt(100_000));

            assertThat(job.run(day)).isGreaterThanOrEqualTo(1);
            assertThat(list("?query=" + sam)).singleElement().satisfies(u -> assertThat(u)
                    .containsEntry("displayName", "日次 後"));
            SharedDirectories.demoDirectory().server().modify(dn,
                    new Modification(ModificationType.REPLACE, "displayName", "日次 再"));
            job.run(day); // another replica's pass on the same day
            assertThat(list("?query=" + sam)).as("refreshed once that day").singleElement()
                    .satisfies(u -> assertThat(u).containsEntry("displayName", "日次 後"));
            assertThat(job.run(day.plusDays(1))).as("the next day").isGreaterThanOrEqualTo(1);
            assertThat(changes(consumer, userId, 2)).extracting(VpnUserChanged::displayName)
                    .containsExactly("日次 後", "日次 再");
        } finally {
            SharedDirectories.demoDirectory().server().delete(dn);
        }
    }

    @Test
    void theListIsFilteredSortedAndPagedOnTheServerAndBulkWorkCoversTheSelection() {
        assertThat(api.exchange(HttpMethod.POST, "/api/vpn-users", admin, Map.of("all", true), List.class)
                .getBody()).as("every enabled directory user but the built-in Administrator").hasSize(8);
        Map<String, Object> first = page("?sort=userName&direction=desc&size=4");
        assertThat(first).containsEntry("total", 8).containsEntry("page", 0);
        assertThat(names(first)).hasSize(4).startsWith("yuki.tanaka", "taro.yamada", "mai.watanabe");
        assertThat(names(page("?sort=userName&size=4&page=1"))).hasSize(4).last().isEqualTo("yuki.tanaka");
        assertThat(page("?source=ACTIVE_DIRECTORY&size=1")).containsEntry("total", 8);
        assertThat(page("?source=LOCAL")).containsEntry("total", 0);
        assertThat(page("?query=山田")).containsEntry("total", 1);
        assertThat(page("?inDirectory=true")).containsEntry("total", 8);
        assertThat(page("?sort=password")).containsEntry("type", "urn:sra:problem:list-filter-invalid")
                .containsEntry("field", "sort");
        assertThat(page("?enabled=maybe")).containsEntry("field", "enabled");

        List<String> two = list("?sort=userName&size=2").stream().map(u -> (String) u.get("userId")).toList();
        assertThat(api.call(HttpMethod.POST, "/api/vpn-users/bulk", admin,
                Map.of("action", "DISABLE", "userIds", two)).getBody()).containsEntry("selected", 2)
                .containsEntry("changed", 2);
        assertThat(page("?enabled=false")).containsEntry("total", 2);
        assertThat(page("?enabled=true&sort=enabled")).containsEntry("total", 6);
        assertThat(api.call(HttpMethod.POST, "/api/vpn-users/bulk", admin,
                Map.of("action", "ENABLE", "all", true)).getBody()).containsEntry("selected", 8)
                .containsEntry("changed", 2);
        assertThat(page("?enabled=false")).containsEntry("total", 0);
        assertThat(api.call(HttpMethod.POST, "/api/vpn-users/bulk", admin,
                Map.of("action", "DISABLE", "userIds", List.of(two.get(0), "no-such-user"))).getBody())
                .containsEntry("type", "urn:sra:problem:vpn-users-selection-changed");
        assertThat(page("?enabled=false")).as("nothing done").containsEntry("total", 0);
        assertThat(api.call(HttpMethod.POST, "/api/vpn-users/bulk", TestTokens.auditor(tenantId),
                Map.of("action", "DISABLE", "all", true)).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(api.call(HttpMethod.POST, "/api/vpn-users/bulk", admin,
                Map.of("action", "DELETE", "all", true, "query", "山田", "confirm", true)).getBody())
                .containsEntry("changed", 1);
        assertThat(page("")).containsEntry("total", 7);
    }

    private void useActiveDirectory(String token, String ip) {
        assertThat(api.call(HttpMethod.PUT, "/api/settings/active-directory", token, Map.of("primaryHost", "dc01",
                "primaryIp", ip, "domain", DemoDirectory.DOMAIN,
                "adminPassword", DemoDirectory.ADMINISTRATOR_PASSWORD, "transport", "PLAIN")).getStatusCode())
                .isEqualTo(HttpStatus.OK);
    }

    private static String addDirectoryUser(String sam, String displayName, String mail) throws Exception {
        String dn = "CN=" + sam + "," + DemoDirectory.USERS_DN;
        SharedDirectories.demoDirectory().server().add(new Entry(dn,
                new Attribute("objectClass", "top", "person", "organizationalPerson", "user"),
                new Attribute("cn", sam), new Attribute("sAMAccountName", sam), new Attribute("displayName", displayName),
                new Attribute("mail", mail), new Attribute("sAMAccountType", "805306368"),
                new Attribute("userAccountControl", "512")));
        return dn;
    }

    private String addUser(String userName) {
        ResponseEntity<List> added = api.exchange(HttpMethod.POST, "/api/vpn-users", admin,
                Map.of("userNames", List.of(userName)), List.class);
        assertThat(added.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        return (String) ((Map<?, ?>) added.getBody().get(0)).get("userId");
    }

    private List<VpnUserChanged> changes(Consumer<String, byte[]> consumer, String userId, int count) {
        List<EventEnvelope> events = Fixtures.await(consumer, e -> e.payload() instanceof VpnUserChanged c
                && c.userId().equals(userId), count);
        return events.stream().map(e -> (VpnUserChanged) e.payload()).toList();
    }

    private Map<String, Object> page(String parameters) {
        HttpHeaders headers = new HttpHeaders();
        headers.setBearerAuth(admin);
        return http.exchange("/api/vpn-users" + parameters, HttpMethod.GET, new HttpEntity<>(headers), Map.class)
                .getBody();
    }

    private List<Map<String, Object>> list(String parameters) {
        return (List<Map<String, Object>>) page(parameters).get("items");
    }

    private static List<String> names(Map<String, Object> page) {
        return ((List<Map<String, Object>>) page.get("items")).stream().map(i -> (String) i.get("userName")).toList();
    }

    private ResponseEntity<Map> importCsv(byte[] csv, boolean dryRun) {
        HttpHeaders headers = new HttpHeaders();
        headers.setBearerAuth(admin);
        headers.setContentType(MediaType.parseMediaType("text/csv"));
        return http.exchange("/api/vpn-users/import?dryRun=" + dryRun, HttpMethod.POST, new HttpEntity<>(csv, headers),
                Map.class);
    }
}
