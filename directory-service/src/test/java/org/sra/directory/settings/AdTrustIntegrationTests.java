package org.sra.directory.settings;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
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
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.sra.directory.DirectoryIntegrationTest;
import org.sra.directory.Fixtures;
import org.sra.directory.SharedDirectories;
import org.sra.fixtures.tls.TestAuthority;
import org.sra.fixtures.ad.DemoDirectory;
import org.sra.events.Topics;
import org.sra.events.settings.LdapTransport;
import org.sra.events.settings.SettingsChanged;
import org.sra.kit.test.TestTokens;

/**
 * A tenant registers the CA of its domain controllers (「CA証明書(PEM)」): the AD check over LDAPS
 * against a real TLS LDAP server (the demo AD with a certificate for dc01.corp.example.com from a
 * test CA) then trusts that CA only; a server of another CA is refused as not signed by it, a
 * certificate for another name as such; the PEM is checked on save; the connection (接続方式)
 * must be chosen, unencrypted LDAP included.
 */
@DirectoryIntegrationTest
class AdTrustIntegrationTests {

    @Autowired
    TestRestTemplate http;
    @Autowired
    MongoTemplate mongo;
    @Autowired
    EmbeddedKafkaBroker broker;
    Fixtures api;

    @BeforeEach
    void setUp() {
        api = new Fixtures(http);
    }

    @Test
    @SuppressWarnings("unchecked")
    void withTheRegisteredCaTheCheckPassesAndTheCaTravelsToAuthService() throws Exception {
        String tenant = api.provision().tenantId();
        String ca = SharedDirectories.tlsAuthority().pem();
        try (Consumer<String, byte[]> consumer = Fixtures.consumer(broker, Topics.SETTINGS)) {
            // a bundle as exported, with text around the block
            ResponseEntity<Map> saved = save(tenant, Map.of("transport", "LDAPS",
                    "caCertificatesPem", "Domain CA\n" + ca + "\n"), null);
            assertThat(saved.getStatusCode()).isEqualTo(HttpStatus.OK);
            Map<?, ?> ad = (Map<?, ?>) saved.getBody().get("activeDirectory");
            assertThat(ad.get("transport")).isEqualTo("LDAPS");
            assertThat((String) ad.get("caCertificatesPem")).startsWith("-----BEGIN CERTIFICATE-----")
                    .doesNotContain("Domain CA");
            assertThat((List<?>) ad.get("caCertificates")).singleElement().satisfies(summary -> assertThat((Map<String, Object>) summary)
                    .containsEntry("subject", "CN=SRA Test Domain CA").containsKeys("notAfter", "sha256"));

            SettingsChanged event = (SettingsChanged) Fixtures.await(consumer, e -> e.tenantId().equals(tenant), 1)
                    .get(0).payload();
            assertThat(event.activeDirectory().transport()).isEqualTo(LdapTransport.LDAPS);
            assertThat(event.activeDirectory().caCertificatesPem()).isEqualTo(ad.get("caCertificatesPem"));
        }
        // the saved connector trusts the CA too: the directory is listed over LDAPS
        ResponseEntity<Map> available = api.call(HttpMethod.GET, "/api/vpn-users/available?query=yamada",
                TestTokens.admin(tenant), null);
        assertThat(available.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat((List<?>) available.getBody().get("items")).isNotEmpty();
    }

    @Test
    void aServerNotSignedByTheRegisteredCaIsRefusedWithoutItsText() throws Exception {
        String tenant = api.provision().tenantId();
        TestAuthority other = TestAuthority.create("Another CA");
        ResponseEntity<Map> refused = save(tenant, Map.of("transport", "LDAPS", "caCertificatesPem", other.pem()), null);
        assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT);
        assertThat(refused.getBody()).containsEntry("type", "urn:sra:problem:ad-tls-untrusted")
                .containsEntry("step", "TLS_UNTRUSTED").containsEntry("stage", "TLS");
        assertThat((String) refused.getBody().get("detail")).contains("dc01（127.0.0.1）")
                .contains("登録された CA 証明書で署名されていません").contains("設定は保存していません")
                .doesNotContain("PKIX").doesNotContain("SRA Test Domain CA").doesNotContain("Exception");

        // without a registered CA the JVM's trust store does not know the test CA either
        ResponseEntity<Map> unknown = save(tenant, Map.of("transport", "LDAPS"), "en");
        assertThat(unknown.getBody()).containsEntry("type", "urn:sra:problem:ad-tls-untrusted");
        assertThat((String) unknown.getBody().get("detail")).contains("not signed by a public certificate authority")
                .doesNotContain("PKIX");

        // a certificate of the registered CA for another name: the name is what is wrong
        ResponseEntity<Map> misnamed = save(tenant, Map.of("primaryHost", "dc02", "transport", "LDAPS",
                "caCertificatesPem", SharedDirectories.tlsAuthority().pem()), null);
        assertThat(misnamed.getBody()).containsEntry("type", "urn:sra:problem:ad-tls-name-mismatch")
                .containsEntry("stage", "TLS");
        assertThat((String) misnamed.getBody().get("detail")).contains("dc02.corp.example.com");

        assertThat(api.call(HttpMethod.GET, "/api/settings", TestTokens.admin(tenant), null).getBody())
                .containsEntry("activeDirectory", null);
    }

    @Test
    void thePemIsCheckedOnSaveAndNamedAsTheDialogLabelsIt() throws Exception {
        String tenant = api.provision().tenantId();
        TestAuthority ca = SharedDirectories.tlsAuthority();

        ResponseEntity<Map> serverCertificate = save(tenant, Map.of("transport", "LDAPS",
                "caCertificatesPem", ca.pem() + ca.issuedPem("dc01")), null);
        assertThat(serverCertificate.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(serverCertificate.getBody()).containsEntry("type", "urn:sra:problem:ad-ca-certificate-invalid")
                .containsEntry("field", "caCertificatesPem").containsEntry("reason", "NOT_CA")
                .containsEntry("certificate", 2);
        assertThat((String) serverCertificate.getBody().get("detail")).contains("「CA証明書(PEM)」")
                .contains("2 番目の証明書（CN=dc01.corp.example.com）は CA 証明書ではありません")
                .doesNotContain("caCertificatesPem");

        TestAuthority expired = TestAuthority.create("Old CA", Instant.now().minus(Duration.ofDays(10)),
                Instant.now().minus(Duration.ofDays(8)));
        ResponseEntity<Map> old = save(tenant, Map.of("transport", "LDAPS", "caCertificatesPem", expired.pem()), "en");
        assertThat(old.getBody()).containsEntry("reason", "EXPIRED");
        assertThat((String) old.getBody().get("detail")).contains("\"CA certificate (PEM)\"").contains("CN=Old CA")
                .contains("expired");

        String privateKey = "-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgSecretSecret\n"
                + "-----END PRIVATE KEY-----\n";
        ResponseEntity<String> withKey = saveText(tenant, Map.of("transport", "LDAPS",
                "caCertificatesPem", ca.pem() + privateKey));
        assertThat(withKey.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(withKey.getBody()).contains("\"reason\":\"PRIVATE_KEY\"").doesNotContain("SecretSecret");
        assertThat(save(tenant, Map.of("transport", "LDAPS", "caCertificatesPem", "not a certificate"), null).getBody())
                .containsEntry("reason", "NOT_PEM");
        assertThat(save(tenant, Map.of("transport", "LDAPS", "caCertificatesPem",
                "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"), null).getBody())
                .containsEntry("reason", "UNREADABLE").containsEntry("certificate", 1);

        // 接続方式 must be chosen: no silent unencrypted LDAP
        Map<String, Object> noTransport = SettingsIntegrationTests.adForm();
        noTransport.remove("transport");
        ResponseEntity<Map> unchosen = http.exchange("/api/settings/active-directory", HttpMethod.PUT,
                new HttpEntity<>(noTransport, headers(tenant, null)), Map.class);
        assertThat(unchosen.getBody()).containsEntry("type", "urn:sra:problem:ad-field-required")
                .containsEntry("field", "transport");
        assertThat((String) unchosen.getBody().get("detail")).contains("「接続方式」");

        // refused attempts are audited, never with the pasted text
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(api.exchange(HttpMethod.GET,
                "/api/audit?action=" + AdCheckAttempt.REFUSED, TestTokens.admin(tenant), null, String.class).getBody())
                .contains("\"total\":6").contains("ad-ca-certificate-invalid").doesNotContain("SecretSecret")
                .doesNotContain("BEGIN"));
        assertThat(mongo.getCollection("tenant_settings").countDocuments(new Document("_id", tenant))).isZero();
    }

    private ResponseEntity<Map> save(String tenant, Map<String, Object> change, String language) {
        return http.exchange("/api/settings/active-directory", HttpMethod.PUT, request(tenant, change, language),
                Map.class);
    }

    private ResponseEntity<String> saveText(String tenant, Map<String, Object> change) {
        return http.exchange("/api/settings/active-directory", HttpMethod.PUT, request(tenant, change, null),
                String.class);
    }

    private static HttpEntity<Map<String, Object>> request(String tenant, Map<String, Object> change, String language) {
        Map<String, Object> form = SettingsIntegrationTests.adForm();
        form.putAll(change);
        return new HttpEntity<>(form, headers(tenant, language));
    }

    private static HttpHeaders headers(String tenant, String language) {
        HttpHeaders headers = new HttpHeaders();
        headers.setBearerAuth(TestTokens.admin(tenant));
        if (language != null) {
            headers.set(HttpHeaders.ACCEPT_LANGUAGE, language);
        }
        return headers;
    }
}
