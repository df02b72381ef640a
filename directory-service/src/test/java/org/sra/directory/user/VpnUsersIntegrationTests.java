package org.sra.directory.user;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.Entry;
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
import org.sra.directory.Fixtures.NewTenant;
import org.sra.fixtures.ad.DemoDirectory;
import org.sra.directory.SharedDirectories;
import org.sra.events.EventEnvelope;
import org.sra.events.Topics;
import org.sra.events.user.UserSource;
import org.sra.events.user.VpnUserAdded;
import org.sra.events.user.VpnUserRemoved;
import org.sra.kit.test.TestTokens;

/** ユーザ設定 (R-USR-1..3) for a tenant on the demo Active Directory. */
@DirectoryIntegrationTest
class VpnUsersIntegrationTests {

    @Autowired
    TestRestTemplate http;
    @Autowired
    EmbeddedKafkaBroker broker;
    Fixtures api;
    NewTenant tenant;
    String admin;

    @BeforeEach
    void setUp() {
        api = new Fixtures(http);
        tenant = api.provision();
        admin = TestTokens.admin(tenant.tenantId());
        assertThat(api.call(HttpMethod.PUT, "/api/settings/active-directory", admin, Map.of("primaryHost", "dc01",
                "primaryIp", "127.0.0.1", "domain", DemoDirectory.DOMAIN,
                "adminPassword", DemoDirectory.ADMINISTRATOR_PASSWORD, "transport", "PLAIN")).getStatusCode()).isEqualTo(HttpStatus.OK);
    }

    @Test
    void addUserListsTheDirectoryUsersNotYetAddedSearchableAndPaged() {
        Map<String, Object> first = get("/api/vpn-users/available?size=4");
        // neither the built-in Administrator nor the disabled accounts (bob.smith, ken.takahashi) are offered
        assertThat(first).containsEntry("total", 8).containsEntry("size", 4);
        assertThat(names(first)).containsExactly("alice.johnson", "carol.lee", "david.kim", "hanako.sato");
        assertThat(get("/api/vpn-users/available?query=admin")).containsEntry("total", 0);
        assertThat(get("/api/vpn-users/available?query=bob")).containsEntry("total", 0);
        assertThat((List<Map<String, Object>>) first.get("items")).as("the DN travels in VpnUserAdded only")
                .allSatisfy(item -> assertThat(item).containsKey("userPrincipalName").doesNotContainKey("directoryDn"));
        assertThat(names(get("/api/vpn-users/available?page=1&size=4")))
                .containsExactly("ichiro.suzuki", "mai.watanabe", "taro.yamada", "yuki.tanaka");
        assertThat(names(get("/api/vpn-users/available?query=山田"))).containsExactly("taro.yamada");
        for (String attack : List.of("*", ")(", "*)(sAMAccountName=*", "\\", "%00")) {
            assertThat(get("/api/vpn-users/available?query={q}", attack)).as(attack).containsEntry("total", 0);
        }

        assertThat(add(Map.of("userNames", List.of("TARO.YAMADA"))).getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat(names(get("/api/vpn-users/available"))).hasSize(7).doesNotContain("taro.yamada");
        assertThat(get("/api/vpn-users/available?size=0")).containsEntry("type", "urn:sra:problem:page-invalid");
    }

    @Test
    void addingSelectedOrAllUsersRaisesVpnUserAddedAndUnknownNamesAddNothing() {
        try (Consumer<String, byte[]> consumer = Fixtures.consumer(broker, Topics.VPN_USERS)) {
            ResponseEntity<Map> unknown = api.call(HttpMethod.POST, "/api/vpn-users", admin,
                    Map.of("userNames", List.of("taro.yamada", "no.such.user")));
            assertThat(unknown.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
            assertThat(unknown.getBody()).containsEntry("type", "urn:sra:problem:directory-users-not-found")
                    .containsEntry("userNames", List.of("no.such.user"));
            assertThat(get("/api/vpn-users")).containsEntry("total", 0);

            ResponseEntity<List> added = api.exchange(HttpMethod.POST, "/api/vpn-users", admin,
                    Map.of("userNames", List.of("taro.yamada", "hanako.sato")), List.class);
            assertThat(added.getStatusCode()).isEqualTo(HttpStatus.CREATED);
            assertThat(added.getBody()).hasSize(2);
            List<EventEnvelope> events = Fixtures.await(consumer, e -> e.tenantId().equals(tenant.tenantId()), 2);
            VpnUserAdded taro = events.stream().map(e -> (VpnUserAdded) e.payload())
                    .filter(e -> e.userName().equals("taro.yamada")).findFirst().orElseThrow();
            assertThat(taro.displayName()).isEqualTo("山田 太郎");
            assertThat(taro.mail()).isEqualTo("taro.yamada@example.com");
            assertThat(taro.source()).isEqualTo(UserSource.ACTIVE_DIRECTORY);
            assertThat(taro.directoryDn()).isEqualTo("CN=Taro Yamada," + DemoDirectory.USERS_DN);

            ResponseEntity<List> all = api.exchange(HttpMethod.POST, "/api/vpn-users", admin, Map.of("all", true),
                    List.class);
            // every offered user: not the built-in Administrator nor the two disabled accounts
            assertThat(all.getBody()).hasSize(6);
            assertThat(get("/api/vpn-users?size=100")).containsEntry("total", 8);
            assertThat(api.exchange(HttpMethod.POST, "/api/vpn-users", admin, Map.of("all", true), List.class).getBody())
                    .isEmpty();
            Fixtures.await(consumer, e -> e.tenantId().equals(tenant.tenantId()), 6);
        }
    }

    @Test
    void csvDryRunReportsEveryBadRowAndCommitIsAllOrNothing() {
        add(Map.of("userNames", List.of("hanako.sato")));
        String csv = "\uFEFFuserName\r\ntaro.yamada\r\nno.such.user\r\n\r\nTaro.Yamada\r\nhanako.sato\r\n\"\"\r\n"
                + "alice.johnson,extra\r\nyuki.tanaka\r\n";
        ResponseEntity<Map> dryRun = importCsv(csv, true);
        assertThat(dryRun.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(dryRun.getBody()).containsEntry("committed", false).containsEntry("rows", 7)
                .containsEntry("valid", 3).containsEntry("unchanged", 1).containsEntry("encoding", "UTF_8");
        List<Map<String, Object>> errors = (List<Map<String, Object>>) dryRun.getBody().get("errors");
        assertThat(errors).extracting(e -> e.get("line") + ":" + e.get("reason")).containsExactly(
                "3:not-in-directory", "5:duplicate-in-file", "7:user-name-missing",
                "8:too-many-columns");
        assertThat((String) errors.get(0).get("message")).isEqualTo("3 行目: ユーザ「no.such.user」はディレクトリにありません。");

        ResponseEntity<Map> refused = importCsv(csv, false);
        assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(refused.getBody()).containsEntry("type", "urn:sra:problem:csv-has-errors");
        assertThat((List<?>) refused.getBody().get("errors")).hasSize(4);
        assertThat(get("/api/vpn-users")).containsEntry("total", 1);

        ResponseEntity<Map> committed = importCsv("userName\ntaro.yamada\nyuki.tanaka", false);
        assertThat(committed.getBody()).containsEntry("committed", true).containsEntry("added", 2);
        assertThat(get("/api/vpn-users")).containsEntry("total", 3);

        assertThat(importCsv("name\ntaro", true).getBody()).containsEntry("type", "urn:sra:problem:csv-header");
        ResponseEntity<Map> shiftJis = importCsv(new byte[] {'u', 's', 'e', 'r', 'N', 'a', 'm', 'e', '\n',
                (byte) 0x8e, (byte) 0x52, (byte) 0x93, (byte) 0x63}, true);
        assertThat(shiftJis.getBody()).as("「山田」 in CP932 is read as such").containsEntry("encoding", "CP932")
                .containsEntry("valid", 0);
        assertThat(((List<Map<String, Object>>) shiftJis.getBody().get("errors")).get(0))
                .containsEntry("userName", "山田").containsEntry("reason", "not-in-directory");
        assertThat(importCsv(new byte[] {'u', 's', 'e', 'r', 'N', 'a', 'm', 'e', '\n', (byte) 0x80, (byte) 0xa0}, true)
                .getBody()).containsEntry("type", "urn:sra:problem:csv-encoding");
        assertThat(importCsv("userName\n\"open quote\n", true).getBody())
                .containsEntry("type", "urn:sra:problem:csv-malformed");
    }

    @Test
    void theTemplateAndTheExportAreUtf8CsvWithFormulasNeutralised() {
        ResponseEntity<byte[]> template = api.exchange(HttpMethod.GET, "/api/vpn-users/template.csv", admin, null,
                byte[].class);
        assertThat(template.getHeaders().getContentType().toString()).startsWith("text/csv");
        assertThat(new String(template.getBody(), StandardCharsets.UTF_8)).startsWith("\uFEFFuserName\r\n");

        add(Map.of("userNames", List.of("taro.yamada")));
        String export = new String(api.exchange(HttpMethod.GET, "/api/vpn-users/export.csv", admin, null,
                byte[].class).getBody(), StandardCharsets.UTF_8);
        assertThat(export).startsWith("\uFEFFuserName,displayName,mail,source,addedAt,inDirectory\r\n")
                .contains("taro.yamada,山田 太郎,taro.yamada@example.com,ACTIVE_DIRECTORY,");
        assertThat(export.strip()).endsWith(",true");
    }

    @Test
    void removingNeedsConfirmationAndRaisesVpnUserRemoved() {
        try (Consumer<String, byte[]> consumer = Fixtures.consumer(broker, Topics.VPN_USERS)) {
            String userId = (String) ((Map<?, ?>) api.exchange(HttpMethod.POST, "/api/vpn-users", admin,
                    Map.of("userNames", List.of("taro.yamada")), List.class).getBody().get(0)).get("userId");
            assertThat(api.call(HttpMethod.DELETE, "/api/vpn-users/" + userId + "?confirm=true",
                    TestTokens.admin(api.provision().tenantId()), null).getStatusCode()).as("another tenant's admin")
                    .isEqualTo(HttpStatus.NOT_FOUND);
            ResponseEntity<Map> unconfirmed = api.call(HttpMethod.DELETE, "/api/vpn-users/" + userId, admin, null);
            assertThat(unconfirmed.getBody()).containsEntry("type", "urn:sra:problem:confirmation-required");
            assertThat(get("/api/vpn-users")).containsEntry("total", 1);

            assertThat(api.call(HttpMethod.DELETE, "/api/vpn-users/" + userId + "?confirm=true", admin, null)
                    .getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
            List<EventEnvelope> events = Fixtures.await(consumer, e -> e.tenantId().equals(tenant.tenantId()), 2);
            assertThat(events.get(1).payload()).isEqualTo(new VpnUserRemoved(tenant.tenantId(), userId, "taro.yamada"));
            assertThat(events.get(1).aggregateId()).isEqualTo(userId);
            assertThat(get("/api/vpn-users")).containsEntry("total", 0);
            // the name is free again at once
            assertThat(add(Map.of("userNames", List.of("taro.yamada"))).getStatusCode()).isEqualTo(HttpStatus.CREATED);
            assertThat(api.call(HttpMethod.DELETE, "/api/vpn-users/" + userId + "?confirm=true", admin, null)
                    .getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        }
    }

    @Test
    void aUserWhoVanishedFromTheDirectoryIsShownAsSuchNotDeleted() throws Exception {
        String sam = Fixtures.unique("leaver");
        String dn = "CN=" + sam + "," + DemoDirectory.USERS_DN;
        SharedDirectories.demoDirectory().server().add(new Entry(dn,
                new Attribute("objectClass", "top", "person", "organizationalPerson", "user"),
                new Attribute("cn", sam), new Attribute("sAMAccountName", sam),
                new Attribute("sAMAccountType", "805306368"), new Attribute("userAccountControl", "512")));
        try {
            add(Map.of("userNames", List.of(sam, "taro.yamada")));
        } finally {
            SharedDirectories.demoDirectory().server().delete(dn);
        }
        List<Map<String, Object>> items = (List<Map<String, Object>>) get("/api/vpn-users").get("items");
        assertThat(items).extracting(i -> i.get("userName") + ":" + i.get("inDirectory"))
                .containsExactlyInAnyOrder(sam + ":false", "taro.yamada:true");
    }

    @Test
    void theAuthTypeCannotChangeUnderExistingVpnUsersAndAuditorsOnlyRead() {
        add(Map.of("userNames", List.of("taro.yamada")));
        assertThat(api.call(HttpMethod.PUT, "/api/settings/auth-type", admin, Map.of("authType", "LOCAL")).getBody())
                .containsEntry("type", "urn:sra:problem:auth-type-in-use");
        String auditor = TestTokens.auditor(tenant.tenantId());
        assertThat(api.call(HttpMethod.GET, "/api/vpn-users", auditor, null).getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(api.call(HttpMethod.POST, "/api/vpn-users", auditor, Map.of("all", true)).getStatusCode())
                .isEqualTo(HttpStatus.FORBIDDEN);
        NewTenant unselected = api.provision();
        assertThat(api.call(HttpMethod.GET, "/api/vpn-users/available", TestTokens.admin(unselected.tenantId()), null)
                .getBody()).containsEntry("type", "urn:sra:problem:directory-not-selected");
    }

    private ResponseEntity<String> add(Map<String, ?> request) {
        return api.exchange(HttpMethod.POST, "/api/vpn-users", admin, request, String.class);
    }

    private Map<String, Object> get(String path, Object... variables) {
        HttpHeaders headers = new HttpHeaders();
        headers.setBearerAuth(admin);
        return http.exchange(path, HttpMethod.GET, new HttpEntity<>(headers), Map.class, variables).getBody();
    }

    private static List<String> names(Map<String, Object> page) {
        return ((List<Map<String, Object>>) page.get("items")).stream().map(i -> (String) i.get("userName")).toList();
    }

    private ResponseEntity<Map> importCsv(String csv, boolean dryRun) {
        return importCsv(csv.getBytes(StandardCharsets.UTF_8), dryRun);
    }

    private ResponseEntity<Map> importCsv(byte[] csv, boolean dryRun) {
        HttpHeaders headers = new HttpHeaders();
        headers.setBearerAuth(admin);
        headers.setContentType(MediaType.parseMediaType("text/csv"));
        return http.exchange("/api/vpn-users/import?dryRun=" + dryRun, HttpMethod.POST, new HttpEntity<>(csv, headers),
                Map.class);
    }
}
