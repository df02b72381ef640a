package org.sra.directory.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.sra.directory.DirectoryIntegrationTest;
import org.sra.directory.Fixtures;
import org.sra.directory.Fixtures.NewTenant;
import org.sra.events.EventEnvelope;
import org.sra.events.Topics;
import org.sra.events.settings.SettingsChanged;
import org.sra.kit.test.TestTokens;

/**
 * タイムゾーン in 全体設定: Asia/Tokyo until chosen, any region zone when chosen, refused by its
 * label when unknown, audited, carried on {@code SettingsChanged} (mails and the other services show
 * times in it) and used by the exports, which write times with the zone's offset. The operator reads
 * the tenant's overview figures; an admin cannot.
 */
@DirectoryIntegrationTest
class TimeZoneIntegrationTests {

    @Autowired
    TestRestTemplate http;
    @Autowired
    EmbeddedKafkaBroker broker;
    Fixtures api;

    @BeforeEach
    void setUp() {
        api = new Fixtures(http);
    }

    @Test
    void aChosenZoneIsSavedAuditedCarriedOnTheEventAndUsedByTheExports() {
        NewTenant tenant = api.provision();
        String admin = TestTokens.admin(tenant.tenantId());
        assertThat(api.call(HttpMethod.GET, "/api/settings", admin, null).getBody())
                .containsEntry("timeZone", "Asia/Tokyo");
        assertThat(api.exchange(HttpMethod.GET, "/api/settings/time-zones", admin, null, List.class).getBody())
                .contains("Asia/Tokyo", "Europe/Berlin", "UTC").doesNotContain("JST", "Etc/GMT+9");

        try (Consumer<String, byte[]> consumer = Fixtures.consumer(broker, Topics.SETTINGS)) {
            ResponseEntity<Map> saved = api.call(HttpMethod.PUT, "/api/settings/time-zone", admin,
                    Map.of("timeZone", "Europe/Berlin"));
            assertThat(saved.getStatusCode()).isEqualTo(HttpStatus.OK);
            assertThat(saved.getBody()).containsEntry("timeZone", "Europe/Berlin");
            // a later change of another setting keeps the zone
            api.call(HttpMethod.PUT, "/api/settings/notification-addresses", admin,
                    Map.of("addresses", "ops@example.com"));
            List<EventEnvelope> events = Fixtures.await(consumer, e -> e.tenantId().equals(tenant.tenantId())
                    && e.payload() instanceof SettingsChanged, 2);
            assertThat(events).extracting(e -> ((SettingsChanged) e.payload()).timeZone())
                    .containsExactly("Europe/Berlin", "Europe/Berlin");
        }
        assertThat(api.call(HttpMethod.GET, "/api/settings", TestTokens.auditor(tenant.tenantId()), null).getBody())
                .containsEntry("timeZone", "Europe/Berlin");

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                api.call(HttpMethod.GET, "/api/audit?action=SETTINGS_TIME_ZONE_CHANGED", admin, null).getBody())
                .containsEntry("total", 1));
        Map<?, ?> entry = (Map<?, ?>) ((List<?>) api.call(HttpMethod.GET,
                "/api/audit?action=SETTINGS_TIME_ZONE_CHANGED", admin, null).getBody().get("items")).get(0);
        assertThat(String.valueOf(entry.get("before"))).contains("Asia/Tokyo");
        assertThat(String.valueOf(entry.get("after"))).contains("Europe/Berlin");

        // the audit export writes each time in Berlin with its offset (December: +01:00), not in UTC
        String csv = new String(api.exchange(HttpMethod.GET, "/api/audit/export.csv", admin, null, byte[].class)
                .getBody(), StandardCharsets.UTF_8);
        String row = csv.lines().filter(line -> line.contains("SETTINGS_TIME_ZONE_CHANGED")).findFirst().orElseThrow();
        assertThat(row).matches("^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\+0[12]:00,.*");

        // so does the LOCAL users' export
        api.call(HttpMethod.PUT, "/api/settings/auth-type", admin, Map.of("authType", "LOCAL"));
        assertThat(api.call(HttpMethod.POST, "/api/local-users", admin, Map.of("userName", "suzuki",
                "displayName", "鈴木 一郎", "mail", "suzuki@example.com", "password", "Kumo7-Sora-Umi"))
                .getStatusCode()).isEqualTo(HttpStatus.CREATED);
        String local = new String(api.exchange(HttpMethod.GET, "/api/local-users/export.csv", admin, null,
                byte[].class).getBody(), StandardCharsets.UTF_8);
        assertThat(local.lines().filter(line -> line.startsWith("suzuki,")).findFirst().orElseThrow())
                .matches("^suzuki,.*,\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\+0[12]:00,"
                        + "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\+0[12]:00$");

        // the same zone again changes nothing and raises nothing
        api.call(HttpMethod.PUT, "/api/settings/time-zone", admin, Map.of("timeZone", "Europe/Berlin"));
        await().pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                api.call(HttpMethod.GET, "/api/audit?action=SETTINGS_TIME_ZONE_CHANGED", admin, null).getBody())
                .containsEntry("total", 1));
    }

    @Test
    void anUnknownZoneIsRefusedByTheLabelOfItsFieldAndNothingChanges() {
        NewTenant tenant = api.provision();
        String admin = TestTokens.admin(tenant.tenantId());
        for (String bad : List.of("Mars/Olympus", "JST", "+09:00", "Etc/GMT-9", "")) {
            ResponseEntity<Map> refused = api.call(HttpMethod.PUT, "/api/settings/time-zone", admin,
                    Map.of("timeZone", bad));
            assertThat(refused.getStatusCode()).as(bad).isEqualTo(HttpStatus.BAD_REQUEST);
            assertThat(refused.getBody()).containsEntry("type", "urn:sra:problem:time-zone-invalid")
                    .containsEntry("field", "timeZone");
            assertThat((String) refused.getBody().get("detail")).contains("タイムゾーン").contains(bad);
        }
        HttpHeaders english = new HttpHeaders();
        english.setBearerAuth(admin);
        english.set(HttpHeaders.ACCEPT_LANGUAGE, "en");
        ResponseEntity<Map> inEnglish = http.exchange("/api/settings/time-zone", HttpMethod.PUT,
                new HttpEntity<>(Map.of("timeZone", "Mars/Olympus"), english), Map.class);
        assertThat((String) inEnglish.getBody().get("detail")).contains("time zone").contains("Mars/Olympus");
        assertThat(api.call(HttpMethod.PUT, "/api/settings/time-zone", TestTokens.auditor(tenant.tenantId()),
                Map.of("timeZone", "UTC")).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(api.call(HttpMethod.GET, "/api/settings", admin, null).getBody())
                .containsEntry("timeZone", "Asia/Tokyo");
    }

    @Test
    void theOperatorReadsATenantsOverviewAndAnAdminOfAnotherTenantCannot() {
        NewTenant x = api.provision();
        NewTenant y = api.provision();
        String adminX = TestTokens.admin(x.tenantId());
        api.call(HttpMethod.PUT, "/api/settings/time-zone", adminX, Map.of("timeZone", "America/New_York"));
        api.call(HttpMethod.PUT, "/api/settings/auth-type", adminX, Map.of("authType", "LOCAL"));
        api.call(HttpMethod.POST, "/api/local-users", adminX, Map.of("userName", "tanaka", "displayName", "田中",
                "mail", "tanaka@example.com", "password", "Kumo7-Sora-Umi"));
        ResponseEntity<String> added = api.exchange(HttpMethod.POST, "/api/vpn-users", adminX,
                Map.of("userNames", List.of("tanaka")), String.class);
        assertThat(added.getStatusCode()).isEqualTo(HttpStatus.CREATED);

        String path = "/api/operator/tenants/" + x.tenantId() + "/overview";
        ResponseEntity<Map> overview = api.call(HttpMethod.GET, path, TestTokens.operator(), null);
        assertThat(overview.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(overview.getBody()).containsEntry("tenantId", x.tenantId()).containsEntry("users", 1)
                .containsEntry("usersDisabled", 0).containsEntry("usersGone", 0)
                .containsEntry("timeZone", "America/New_York").containsEntry("status", "ACTIVE");

        assertThat(api.call(HttpMethod.GET, path, TestTokens.admin(y.tenantId()), null).getStatusCode())
                .as("an admin of another tenant").isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(api.call(HttpMethod.GET, path, adminX, null).getStatusCode())
                .as("even the tenant's own admin: operators only").isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(api.call(HttpMethod.GET, "/api/operator/tenants/no-such-tenant/overview", TestTokens.operator(),
                null).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    }
}
