package org.sra.directory.user;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.Consumer;
import org.junit.jupiter.api.AfterEach;
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
import org.sra.directory.SharedDirectories;
import org.sra.events.EventEnvelope;
import org.sra.events.Topics;
import org.sra.events.user.UserSource;
import org.sra.events.user.VpnUserAdded;
import org.sra.fixtures.entra.EntraStandIn;
import org.sra.kit.test.TestTokens;

/** VPN users of an Entra ID tenant (R-USR-1, 2): listed from Graph, added by hand or CSV, vanished ones shown. */
@DirectoryIntegrationTest
class EntraVpnUsersIntegrationTests {

    @Autowired
    TestRestTemplate http;
    @Autowired
    EmbeddedKafkaBroker broker;
    Fixtures api;
    String admin;
    String tenantId;

    @BeforeEach
    void setUp() {
        api = new Fixtures(http);
        NewTenant tenant = api.provision();
        tenantId = tenant.tenantId();
        admin = TestTokens.admin(tenantId);
        assertThat(api.call(HttpMethod.PUT, "/api/settings/entra-id", admin, Fixtures.entraForm())
                .getStatusCode()).isEqualTo(HttpStatus.OK);
    }

    @AfterEach
    void reset() {
        SharedDirectories.entra().throttleNextGraphCalls(0, 1);
    }

    @Test
    void addUserListsTheEntraUsersByUpnAndAddsThemWithSourceEntraId() {
        ResponseEntity<Map> available = api.call(HttpMethod.GET, "/api/vpn-users/available?query=hanako", admin, null);
        assertThat(available.getStatusCode()).isEqualTo(HttpStatus.OK);
        List<Map<String, Object>> items = (List<Map<String, Object>>) available.getBody().get("items");
        assertThat(items).singleElement().satisfies(u -> assertThat(u)
                .containsEntry("userName", "hanako.sato@contoso.example").containsEntry("displayName", "佐藤 花子")
                .containsEntry("mail", "hanako.sato@contoso.example").containsEntry("enabled", true));
        assertThat(api.call(HttpMethod.GET, "/api/vpn-users/available?query=x') or startswith(displayName,'", admin,
                null).getBody()).containsEntry("total", 0);

        try (Consumer<String, byte[]> consumer = Fixtures.consumer(broker, Topics.VPN_USERS)) {
            ResponseEntity<String> added = api.exchange(HttpMethod.POST, "/api/vpn-users", admin,
                    Map.of("userNames", List.of("hanako.sato@contoso.example", "TARO.YAMADA@contoso.example")),
                    String.class);
            assertThat(added.getStatusCode()).isEqualTo(HttpStatus.CREATED);
            assertThat(added.getBody()).contains("\"source\":\"ENTRA_ID\"").contains("山田 太郎");
            List<EventEnvelope> events = Fixtures.await(consumer, e -> e.tenantId().equals(tenantId)
                    && e.payload() instanceof VpnUserAdded, 2);
            assertThat(events).extracting(e -> ((VpnUserAdded) e.payload()).source()).containsOnly(UserSource.ENTRA_ID);
        }
        ResponseEntity<Map> unknown = api.call(HttpMethod.POST, "/api/vpn-users", admin,
                Map.of("userNames", List.of("nobody@contoso.example")));
        assertThat(unknown.getBody()).containsEntry("type", "urn:sra:problem:directory-users-not-found");
        Map<String, Object> rest = api.call(HttpMethod.GET, "/api/vpn-users/available", admin, null).getBody();
        assertThat(rest.toString()).doesNotContain("hanako.sato@").contains("ichiro.suzuki@");

        // with VPN users: the Entra settings can be renewed, the directory cannot change
        Map<String, Object> renewed = Fixtures.entraForm();
        renewed.put("clientSecret", "********");
        renewed.put("secretExpiresOn", "2038-12-31");
        assertThat(api.call(HttpMethod.PUT, "/api/settings/entra-id", admin, renewed).getStatusCode())
                .isEqualTo(HttpStatus.OK);
        assertThat(api.call(HttpMethod.PUT, "/api/settings/auth-type", admin, Map.of("authType", "LOCAL")).getBody())
                .containsEntry("type", "urn:sra:problem:auth-type-in-use");
    }

    @Test
    void csvImportChecksEveryRowAgainstEntraId() {
        String csv = "userName\nichiro.suzuki@contoso.example\nnobody@contoso.example\nichiro.suzuki@contoso.example\n";
        ResponseEntity<Map> dry = importCsv(csv, true);
        assertThat(dry.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(dry.getBody()).containsEntry("valid", 1).containsEntry("rows", 3);
        assertThat((List<Map<String, Object>>) dry.getBody().get("errors")).extracting(e -> e.get("line") + ":"
                + e.get("reason")).containsExactly("3:not-in-directory", "4:duplicate-in-file");
        assertThat(importCsv(csv, false).getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        ResponseEntity<Map> committed = importCsv("userName\nichiro.suzuki@contoso.example\n", false);
        assertThat(committed.getBody()).containsEntry("committed", true).containsEntry("added", 1);
    }

    @Test
    void aUserRemovedFromEntraIdIsShownAsVanishedNotDeleted() {
        String name = Fixtures.unique("leaver").toLowerCase();
        EntraStandIn.User leaver = EntraStandIn.User.of(name, "Leaver " + name, EntraStandIn.USER_PASSWORD);
        SharedDirectories.entra().addUser(leaver);
        try {
            assertThat(api.exchange(HttpMethod.POST, "/api/vpn-users", admin,
                    Map.of("userNames", List.of(leaver.userPrincipalName())), String.class).getStatusCode())
                    .isEqualTo(HttpStatus.CREATED);
        } finally {
            SharedDirectories.entra().removeUser(leaver.userPrincipalName());
        }
        List<Map<String, Object>> listed = (List<Map<String, Object>>) api.call(HttpMethod.GET, "/api/vpn-users", admin,
                null).getBody().get("items");
        assertThat(listed).singleElement().satisfies(u -> assertThat(u)
                .containsEntry("userName", leaver.userPrincipalName()).containsEntry("inDirectory", false));
    }

    @Test
    void throttledListingIsA503WithRetryAfter() {
        SharedDirectories.entra().throttleNextGraphCalls(100, 1);
        HttpHeaders headers = new HttpHeaders();
        headers.setBearerAuth(admin);
        ResponseEntity<Map> throttled = http.exchange("/api/vpn-users/available?query=zz-throttled", HttpMethod.GET,
                new HttpEntity<>(headers), Map.class);
        assertThat(throttled.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(throttled.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("1");
        assertThat(throttled.getBody()).containsEntry("type", "urn:sra:problem:entra-throttled");
    }

    private ResponseEntity<Map> importCsv(String csv, boolean dryRun) {
        HttpHeaders headers = new HttpHeaders();
        headers.setBearerAuth(admin);
        headers.setContentType(MediaType.parseMediaType("text/csv"));
        return http.exchange("/api/vpn-users/import?dryRun=" + dryRun, HttpMethod.POST,
                new HttpEntity<>(csv.getBytes(StandardCharsets.UTF_8), headers), Map.class);
    }
}
