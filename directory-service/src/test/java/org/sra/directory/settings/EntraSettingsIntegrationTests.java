package org.sra.directory.settings;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.Consumer;
import org.awaitility.Awaitility;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.TestRestTemplate;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.sra.directory.DirectoryIntegrationTest;
import org.sra.directory.Fixtures;
import org.sra.directory.Fixtures.NewTenant;
import org.sra.directory.SharedDirectories;
import org.sra.events.EventEnvelope;
import org.sra.events.Topics;
import org.sra.events.settings.AuthType;
import org.sra.events.settings.LdapTransport;
import org.sra.events.settings.SettingsChanged;
import org.sra.fixtures.entra.EntraStandIn;
import org.sra.kit.secrets.SecretSealer;
import org.sra.kit.test.TestTokens;

/** Entra ID settings (R-SET-1, R-SET-3): verified before saving, the secret sealed and masked, clear errors. */
@DirectoryIntegrationTest
class EntraSettingsIntegrationTests {

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

    @AfterEach
    void reset() {
        SharedDirectories.entra().throttleNextGraphCalls(0, 1);
    }

    static Map<String, Object> entraForm() {
        return Fixtures.entraForm();
    }

    @Test
    void savedOnlyAfterVerificationWithTheSecretSealedMaskedAndNotInSettingsChanged() {
        NewTenant tenant = api.provision();
        String admin = TestTokens.admin(tenant.tenantId());
        try (Consumer<String, byte[]> consumer = Fixtures.consumer(broker, Topics.SETTINGS)) {
            ResponseEntity<Map> saved = api.call(HttpMethod.PUT, "/api/settings/entra-id", admin, entraForm());
            assertThat(saved.getStatusCode()).isEqualTo(HttpStatus.OK);
            assertThat(saved.getBody()).containsEntry("authType", "ENTRA_ID").containsEntry("entraId", Map.of(
                    "domain", EntraStandIn.DOMAIN, "clientId", EntraStandIn.CLIENT_ID, "clientSecret", "********",
                    "secretExpiresOn", "2037-03-20"));
            String shown = api.exchange(HttpMethod.GET, "/api/settings", TestTokens.auditor(tenant.tenantId()), null,
                    String.class).getBody();
            assertThat(shown).contains("\"clientSecret\":\"********\"").doesNotContain(EntraStandIn.CLIENT_SECRET)
                    .doesNotContain(EntraStandIn.ADMIN_PASSWORD);

            Document stored = mongo.getCollection("tenant_settings").find(new Document("_id", tenant.tenantId())).first();
            String storedJson = stored.toJson();
            assertThat(storedJson).doesNotContain(EntraStandIn.CLIENT_SECRET).doesNotContain(EntraStandIn.ADMIN_PASSWORD)
                    .doesNotContain(EntraStandIn.ADMIN + "\"");
            String sealed = stored.get("entraId", Document.class).getString("sealedClientSecret");
            assertThat(sealer.open(sealed, "entra-secret:" + tenant.tenantId())).isEqualTo(EntraStandIn.CLIENT_SECRET);

            List<EventEnvelope> events = Fixtures.await(consumer, e -> e.tenantId().equals(tenant.tenantId()), 1);
            SettingsChanged changed = (SettingsChanged) events.get(0).payload();
            assertThat(changed.authType()).isEqualTo(AuthType.ENTRA_ID);
            assertThat(changed.activeDirectory()).isNull();
            // the client secret stays in directory-service: the event does not carry it, not even sealed
            assertThat(changed.entraId()).isEqualTo(new SettingsChanged.EntraId(EntraStandIn.CLIENT_ID,
                    EntraStandIn.DOMAIN, null));
        }
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(api.exchange(HttpMethod.GET, "/api/audit?action=SETTINGS_ENTRA_ID_CHANGED", admin, null,
                        String.class).getBody()).contains("\"total\":1").contains("2037-03-20")
                        .doesNotContain(EntraStandIn.CLIENT_SECRET).doesNotContain(EntraStandIn.ADMIN_PASSWORD));
    }

    @Test
    void aLaterSaveWithoutTheSecretKeepsTheStoredOneButTheFirstNeedsIt() {
        NewTenant tenant = api.provision();
        String admin = TestTokens.admin(tenant.tenantId());
        Map<String, Object> withoutSecret = entraForm();
        withoutSecret.remove("clientSecret");
        ResponseEntity<Map> first = api.call(HttpMethod.PUT, "/api/settings/entra-id", admin, withoutSecret);
        assertThat(first.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(first.getBody()).containsEntry("type", "urn:sra:problem:entra-field-required")
                .containsEntry("field", "clientSecret");

        assertThat(api.call(HttpMethod.PUT, "/api/settings/entra-id", admin, entraForm()).getStatusCode())
                .isEqualTo(HttpStatus.OK);
        String sealedBefore = sealedSecret(tenant.tenantId());
        Map<String, Object> masked = entraForm();
        masked.put("clientSecret", "********");
        masked.put("secretExpiresOn", "2038-01-31");
        ResponseEntity<Map> again = api.call(HttpMethod.PUT, "/api/settings/entra-id", admin, masked);
        assertThat(again.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat((Map<String, Object>) again.getBody().get("entraId")).containsEntry("secretExpiresOn", "2038-01-31");
        assertThat(sealedSecret(tenant.tenantId())).isEqualTo(sealedBefore);
        withoutSecret.put("secretExpiresOn", "2038-02-28");
        assertThat(api.call(HttpMethod.PUT, "/api/settings/entra-id", admin, withoutSecret).getStatusCode())
                .isEqualTo(HttpStatus.OK);
    }

    @Test
    void everyVerificationFailureSaysWhatFailedAndNothingIsSaved() {
        NewTenant tenant = api.provision();
        String admin = TestTokens.admin(tenant.tenantId());
        assertRefused(admin, Map.of("clientSecret", "not-the-secret"), "entra-bad-secret", "CLIENT_CREDENTIALS");
        assertRefused(admin, Map.of("domain", "nowhere.example"), "entra-unknown-tenant", "CLIENT_CREDENTIALS");
        // the guide's example, a name without a dot, is taken (as <name>.onmicrosoft.com) and asked for
        ResponseEntity<Map> named = assertRefused(admin, Map.of("domain", "bit-drive"), "entra-unknown-tenant",
                "CLIENT_CREDENTIALS");
        assertThat((String) named.getBody().get("detail")).contains("bit-drive.onmicrosoft.com");
        assertRefused(admin, Map.of("clientId", "00000000-0000-4000-8000-000000000000"), "entra-unknown-client",
                "CLIENT_CREDENTIALS");
        assertRefused(admin, Map.of("adminPassword", "wrong-password"), "entra-bad-credentials", "ADMIN_SIGN_IN");
        assertRefused(admin, Map.of("adminUser", "disabled.user", "adminPassword", EntraStandIn.USER_PASSWORD),
                "entra-account-disabled", "ADMIN_SIGN_IN");
        ResponseEntity<Map> mfa = assertRefused(admin, Map.of("adminUser", EntraStandIn.MFA_USER,
                "adminPassword", EntraStandIn.USER_PASSWORD), "entra-mfa-required", "ADMIN_SIGN_IN");
        assertThat((String) mfa.getBody().get("detail")).contains("MFA").contains("mfa.user@contoso.example");
        ResponseEntity<Map> mfaEn = http.exchange("/api/settings/entra-id", HttpMethod.PUT, new HttpEntity<>(
                with(Map.of("adminUser", EntraStandIn.MFA_USER, "adminPassword", EntraStandIn.USER_PASSWORD)),
                headers(admin, "en")), Map.class);
        assertThat((String) mfaEn.getBody().get("detail")).contains("Accounts with MFA cannot be used for this check");

        SharedDirectories.entra().expireSecret(true);
        try {
            assertRefused(admin, Map.of(), "entra-secret-expired", "CLIENT_CREDENTIALS");
        } finally {
            SharedDirectories.entra().expireSecret(false);
        }

        Map<String, Object> now = api.call(HttpMethod.GET, "/api/settings", admin, null).getBody();
        assertThat(now).containsEntry("authType", "UNSELECTED").containsEntry("entraId", null);
        assertThat(mongo.getCollection("tenant_settings").countDocuments(new Document("_id", tenant.tenantId())))
                .isZero();
    }

    @Test
    void throttlingDuringVerificationIsA503WithRetryAfterAndSavesNothing() {
        NewTenant tenant = api.provision();
        String admin = TestTokens.admin(tenant.tenantId());
        SharedDirectories.entra().throttleNextGraphCalls(100, 1);
        ResponseEntity<Map> throttled = http.exchange("/api/settings/entra-id", HttpMethod.PUT,
                new HttpEntity<>(entraForm(), headers(admin, "ja")), Map.class);
        assertThat(throttled.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(throttled.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("1");
        assertThat(throttled.getBody()).containsEntry("type", "urn:sra:problem:entra-throttled")
                .containsEntry("step", "GRAPH_USERS").containsEntry("retryAfter", 1);
        assertThat(api.call(HttpMethod.GET, "/api/settings", admin, null).getBody()).containsEntry("entraId", null);
    }

    @Test
    void badInputNamesTheFieldAndCallsNobody() {
        NewTenant tenant = api.provision();
        String admin = TestTokens.admin(tenant.tenantId());
        int tokenRequests = SharedDirectories.entra().tokenRequests();
        assertBadField(admin, Map.of("domain", " "), "entra-field-required", "domain");
        assertBadField(admin, Map.of("domain", "contoso_corp"), "entra-field-invalid", "domain");
        assertBadField(admin, Map.of("clientId", "my-app"), "entra-field-invalid", "clientId");
        assertBadField(admin, Map.of("secretExpiresOn", "2027/03/20"), "entra-field-invalid", "secretExpiresOn");
        assertBadField(admin, Map.of("secretExpiresOn", "2027-02-30"), "entra-field-invalid", "secretExpiresOn");
        assertBadField(admin, Map.of("secretExpiresOn", "2020-01-31"), "entra-secret-expiry-past", "secretExpiresOn");
        assertBadField(admin, Map.of("adminUser", "sra-admin@contoso.example"), "entra-admin-with-domain",
                "adminUser");
        assertBadField(admin, Map.of("adminPassword", ""), "entra-field-required", "adminPassword");
        assertBadField(admin, Map.of("clientSecret", "with space"), "entra-field-invalid", "clientSecret");
        assertThat(SharedDirectories.entra().tokenRequests()).isEqualTo(tokenRequests);
        assertThat(api.call(HttpMethod.PUT, "/api/settings/entra-id", TestTokens.auditor(tenant.tenantId()),
                entraForm()).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    }

    @Test
    void entraIdIsChosenBySavingItsSettingsAndForgottenWithAnotherType() {
        NewTenant tenant = api.provision();
        String admin = TestTokens.admin(tenant.tenantId());
        ResponseEntity<Map> early = api.call(HttpMethod.PUT, "/api/settings/auth-type", admin,
                Map.of("authType", "ENTRA_ID"));
        assertThat(early.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(early.getBody()).containsEntry("type", "urn:sra:problem:auth-type-needs-settings");

        assertThat(api.call(HttpMethod.PUT, "/api/settings/entra-id", admin, entraForm()).getStatusCode())
                .isEqualTo(HttpStatus.OK);
        ResponseEntity<Map> again = api.call(HttpMethod.PUT, "/api/settings/auth-type", admin,
                Map.of("authType", "ENTRA_ID"));
        assertThat(again.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(again.getBody()).containsEntry("authType", "ENTRA_ID");
        assertThat(api.call(HttpMethod.PUT, "/api/settings/auth-type", admin, Map.of("authType", "ACTIVE_DIRECTORY"))
                .getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);

        ResponseEntity<Map> local = api.call(HttpMethod.PUT, "/api/settings/auth-type", admin,
                Map.of("authType", "LOCAL"));
        assertThat(local.getBody()).containsEntry("authType", "LOCAL").containsEntry("entraId", null);
        assertThat(mongo.getCollection("tenant_settings").find(new Document("_id", tenant.tenantId())).first()
                .get("entraId")).isNull();
        assertThat(api.call(HttpMethod.PUT, "/api/settings/auth-type", admin, Map.of("authType", "ENTRA_ID"))
                .getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    }

    @Test
    void adSettingsChangedNamesTheTransport() {
        NewTenant tenant = api.provision();
        String admin = TestTokens.admin(tenant.tenantId());
        try (Consumer<String, byte[]> consumer = Fixtures.consumer(broker, Topics.SETTINGS)) {
            Map<String, Object> form = SettingsIntegrationTests.adForm();
            form.put("transport", "PLAIN");
            assertThat(api.call(HttpMethod.PUT, "/api/settings/active-directory", admin, form).getStatusCode())
                    .isEqualTo(HttpStatus.OK);
            SettingsChanged changed = (SettingsChanged) Fixtures.await(consumer,
                    e -> e.tenantId().equals(tenant.tenantId()), 1).get(0).payload();
            assertThat(changed.activeDirectory().transport())
                    .isEqualTo(LdapTransport.PLAIN);
            assertThat(changed.activeDirectory().useTls()).isFalse();
            assertThat(changed.entraId()).isNull();
        }
    }

    private ResponseEntity<Map> assertRefused(String admin, Map<String, Object> change, String slug, String step) {
        ResponseEntity<Map> refused = api.call(HttpMethod.PUT, "/api/settings/entra-id", admin, with(change));
        assertThat(refused.getStatusCode()).as(slug).isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT);
        assertThat(refused.getBody()).as(slug).containsEntry("type", "urn:sra:problem:" + slug)
                .containsEntry("step", step);
        assertThat(refused.getBody().toString()).doesNotContain(EntraStandIn.CLIENT_SECRET)
                .doesNotContain(EntraStandIn.ADMIN_PASSWORD);
        return refused;
    }

    private void assertBadField(String admin, Map<String, Object> change, String slug, String field) {
        ResponseEntity<Map> refused = api.call(HttpMethod.PUT, "/api/settings/entra-id", admin, with(change));
        assertThat(refused.getStatusCode()).as(change.toString()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(refused.getBody()).as(change.toString()).containsEntry("type", "urn:sra:problem:" + slug)
                .containsEntry("field", field);
    }

    private static Map<String, Object> with(Map<String, Object> change) {
        Map<String, Object> form = entraForm();
        form.putAll(change);
        return form;
    }

    private static HttpHeaders headers(String token, String language) {
        HttpHeaders headers = new HttpHeaders();
        headers.setBearerAuth(token);
        headers.set(HttpHeaders.ACCEPT_LANGUAGE, language);
        return headers;
    }

    private String sealedSecret(String tenantId) {
        return mongo.getCollection("tenant_settings").find(new Document("_id", tenantId)).first()
                .get("entraId", Document.class).getString("sealedClientSecret");
    }
}
