package org.sra.directory.settings;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.Consumer;
import org.awaitility.Awaitility;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.TestRestTemplate;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.sra.directory.DirectoryIntegrationTest;
import org.sra.directory.Fixtures;
import org.sra.directory.Fixtures.NewTenant;
import org.sra.fixtures.ad.DemoDirectory;
import org.sra.events.EventEnvelope;
import org.sra.events.Topics;
import org.sra.events.settings.AuthType;
import org.sra.events.settings.SettingsChanged;
import org.sra.kit.secrets.SecretSealer;
import org.sra.kit.test.TestTokens;

/** 全体設定 (R-SET-1, 2, 5..8): the guide's fields, defaults and rules; every change is an event and an audit entry. */
@DirectoryIntegrationTest
class SettingsIntegrationTests {

    @Autowired
    TestRestTemplate http;
    @Autowired
    MongoTemplate mongo;
    @Autowired
    EmbeddedKafkaBroker broker;
    @Autowired
    SecretSealer sealer;
    Fixtures api;

    @BeforeEach
    void setUp() {
        api = new Fixtures(http);
    }

    /** The AD dialog filled in for the demo AD; tests change one field. */
    static Map<String, Object> adForm() {
        Map<String, Object> form = new HashMap<>();
        form.put("primaryHost", "dc01");
        form.put("primaryIp", "127.0.0.1");
        form.put("domain", DemoDirectory.DOMAIN);
        form.put("adminPassword", DemoDirectory.ADMINISTRATOR_PASSWORD);
        form.put("transport", "PLAIN"); // unencrypted LDAP is chosen, never defaulted
        return form;
    }

    @Test
    void aNewTenantStartsWithTheConsolesInitialSettings() {
        NewTenant tenant = api.provision();
        ResponseEntity<Map> settings = api.call(HttpMethod.GET, "/api/settings", TestTokens.auditor(tenant.tenantId()), null);
        assertThat(settings.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(settings.getBody()).containsEntry("authType", "UNSELECTED")
                .containsEntry("autoRegistration", false).containsEntry("notifyOnFailure", true)
                .containsEntry("notificationAddresses", List.of()).containsEntry("primaryDns", null)
                .containsEntry("secondaryDns", null).containsEntry("activeDirectory", null)
                .containsEntry("vpnPool", tenant.created().get("vpnPool"));
    }

    @Test
    void everyChangeRaisesTheFullSettingsChangedAndLandsInTheAuditTrail() {
        NewTenant tenant = api.provision();
        String admin = TestTokens.admin(tenant.tenantId());
        try (Consumer<String, byte[]> consumer = Fixtures.consumer(broker, Topics.SETTINGS)) {
            assertThat(api.call(HttpMethod.PUT, "/api/settings/device-registration", admin,
                    Map.of("autoRegistration", true, "notifyOnFailure", false)).getStatusCode()).isEqualTo(HttpStatus.OK);
            ResponseEntity<Map> addresses = api.call(HttpMethod.PUT, "/api/settings/notification-addresses", admin,
                    Map.of("addresses", "ops@example.com\r\n\n  Admin@Example.co.jp \nops@EXAMPLE.com\n"));
            assertThat(addresses.getBody()).containsEntry("notificationAddresses",
                    List.of("ops@example.com", "Admin@Example.co.jp"));
            ResponseEntity<Map> dns = api.call(HttpMethod.PUT, "/api/settings/dns", admin,
                    Map.of("primaryDns", "192.0.2.53", "secondaryDns", " 198.51.100.53 "));
            assertThat(dns.getBody()).containsEntry("primaryDns", "192.0.2.53")
                    .containsEntry("secondaryDns", "198.51.100.53");
            assertThat(api.call(HttpMethod.PUT, "/api/settings/auth-type", admin, Map.of("authType", "LOCAL"))
                    .getBody()).containsEntry("authType", "LOCAL");

            List<EventEnvelope> events = Fixtures.await(consumer, e -> e.tenantId().equals(tenant.tenantId()), 4);
            assertThat(events).allSatisfy(e -> assertThat(e.aggregateId()).isEqualTo(tenant.tenantId()));
            SettingsChanged last = (SettingsChanged) events.get(3).payload();
            assertThat(last).isEqualTo(new SettingsChanged(tenant.tenantId(), AuthType.LOCAL, true, false,
                    List.of("ops@example.com", "Admin@Example.co.jp"), "192.0.2.53", "198.51.100.53",
                    (String) tenant.created().get("vpnPool"), "ja", null, null, "Asia/Tokyo"));
            assertThat(((SettingsChanged) events.get(0).payload()).autoRegistration()).isTrue();
        }
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(api.exchange(HttpMethod.GET, "/api/audit?action=SETTINGS_DNS_CHANGED", admin, null,
                        String.class).getBody()).contains("192.0.2.53").contains("\"total\":1"));
    }

    @Test
    void badInputNamesTheFieldOrLineAndChangesNothing() {
        NewTenant tenant = api.provision();
        String admin = TestTokens.admin(tenant.tenantId());
        ResponseEntity<Map> badLine = api.call(HttpMethod.PUT, "/api/settings/notification-addresses", admin,
                Map.of("addresses", "ok@example.com\nnot-a-mail\n"));
        assertThat(badLine.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(badLine.getBody()).containsEntry("type", "urn:sra:problem:notification-address-invalid")
                .containsEntry("line", 2).containsEntry("field", "addresses");
        assertThat((String) badLine.getBody().get("detail")).contains("2 行目").contains("not-a-mail");

        for (Map<String, Object> dns : List.<Map<String, Object>>of(Map.of("primaryDns", "192.0.2.256"),
                Map.of("primaryDns", "192.0.2.01"), Map.of("primaryDns", "dns.example.com"),
                Map.of("primaryDns", "192.0.2.1", "secondaryDns", "::1"))) {
            ResponseEntity<Map> refused = api.call(HttpMethod.PUT, "/api/settings/dns", admin, dns);
            assertThat(refused.getBody()).as(dns.toString()).containsEntry("type", "urn:sra:problem:dns-invalid");
        }
        assertThat(api.call(HttpMethod.PUT, "/api/settings/dns", admin, Map.of("secondaryDns", "192.0.2.1")).getBody())
                .containsEntry("type", "urn:sra:problem:dns-secondary-without-primary");
        assertThat(api.call(HttpMethod.PUT, "/api/settings/auth-type", admin, Map.of("authType", "ENTRA_ID")).getBody())
                .containsEntry("type", "urn:sra:problem:auth-type-needs-settings");
        assertThat(api.call(HttpMethod.PUT, "/api/settings/auth-type", admin, Map.of("authType", "KERBEROS"))
                .getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(api.call(HttpMethod.PUT, "/api/settings/device-registration", admin, Map.of("autoRegistration", true))
                .getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(api.call(HttpMethod.PUT, "/api/settings/dns", TestTokens.auditor(tenant.tenantId()),
                Map.of("primaryDns", "192.0.2.53")).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);

        assertThat(mongo.getCollection("tenant_settings").countDocuments(new Document("_id", tenant.tenantId())))
                .isZero();
    }

    @Test
    void activeDirectorySettingsAreSavedOnlyAfterThePrimaryAnswersAndTheAdminBinds() {
        NewTenant tenant = api.provision();
        String admin = TestTokens.admin(tenant.tenantId());
        assertRefused(admin, Map.of("adminPassword", "wrong-password"), "ad-bad-credentials");
        assertRefused(admin, Map.of("domain", "other.example.com"), "ad-bad-domain");
        assertRefused(admin, Map.of("primaryIp", "127.0.0.3"), "ad-unreachable");
        assertRefused(admin, Map.of("netbiosDomain", "WRONG"), "ad-bad-netbios-domain");
        assertRefused(admin, Map.of("primaryIp", "10.0.0.256"), "ad-field-invalid");
        assertRefused(admin, Map.of("primaryHost", "dc01.corp.example.com"), "ad-field-invalid");
        assertRefused(admin, Map.of("secondaryHost", "dc02"), "ad-secondary-incomplete");
        assertRefused(admin, Map.of("adminPassword", ""), "ad-field-required");
        assertThat(api.call(HttpMethod.GET, "/api/settings", admin, null).getBody())
                .containsEntry("authType", "UNSELECTED").containsEntry("activeDirectory", null);

        try (Consumer<String, byte[]> consumer = Fixtures.consumer(broker, Topics.SETTINGS)) {
            Map<String, Object> form = adForm();
            form.put("netbiosDomain", "corp");
            form.put("secondaryHost", "dc02");
            form.put("secondaryIp", "127.0.0.2");
            ResponseEntity<String> saved = api.exchange(HttpMethod.PUT, "/api/settings/active-directory", admin, form,
                    String.class);
            assertThat(saved.getStatusCode()).isEqualTo(HttpStatus.OK);
            assertThat(saved.getBody()).doesNotContain(DemoDirectory.ADMINISTRATOR_PASSWORD)
                    .contains("\"adminPassword\":\"********\"").contains("\"adminUser\":\"Administrator\"")
                    .contains("\"authType\":\"ACTIVE_DIRECTORY\"").contains("\"netbiosDomain\":\"CORP\"");

            Document stored = mongo.getCollection("tenant_settings").find(new Document("_id", tenant.tenantId())).first();
            assertThat(stored.toJson()).doesNotContain(DemoDirectory.ADMINISTRATOR_PASSWORD);
            String sealed = ((Document) stored.get("activeDirectory")).getString("sealedAdminPassword");
            assertThat(sealer.open(sealed, "ad-admin:" + tenant.tenantId())).isEqualTo(DemoDirectory.ADMINISTRATOR_PASSWORD);

            SettingsChanged event = (SettingsChanged) Fixtures.await(consumer,
                    e -> e.tenantId().equals(tenant.tenantId()), 1).get(0).payload();
            assertThat(event.authType()).isEqualTo(AuthType.ACTIVE_DIRECTORY);
            assertThat(event.activeDirectory()).isEqualTo(new SettingsChanged.ActiveDirectory("dc01", "127.0.0.1",
                    "dc02", "127.0.0.2", DemoDirectory.DOMAIN, "CORP", false));
        }
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(api.exchange(HttpMethod.GET, "/api/audit?action=SETTINGS_ACTIVE_DIRECTORY_CHANGED", admin,
                        null, String.class).getBody()).contains("dc01").contains("\"total\":1")
                        .doesNotContain(DemoDirectory.ADMINISTRATOR_PASSWORD));
    }

    private void assertRefused(String admin, Map<String, Object> change, String slug) {
        Map<String, Object> form = adForm();
        form.putAll(change);
        ResponseEntity<String> refused = api.exchange(HttpMethod.PUT, "/api/settings/active-directory", admin, form,
                String.class);
        assertThat(refused.getStatusCode().is4xxClientError()).as(slug).isTrue();
        assertThat(refused.getBody()).as(slug).contains("urn:sra:problem:" + slug)
                .doesNotContain(DemoDirectory.ADMINISTRATOR_PASSWORD);
    }
}
