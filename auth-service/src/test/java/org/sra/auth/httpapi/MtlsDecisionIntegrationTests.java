package org.sra.auth.httpapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import javax.net.ssl.SSLContext;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.sra.auth.readmodel.ReadModel;
import org.sra.auth.support.TestCertificates;
import org.sra.auth.support.TestDirectory;
import org.sra.auth.support.TestTenant;
import org.sra.events.device.DeviceType;
import org.sra.events.profile.ProxyMode;
import org.sra.kit.secrets.SecretSealer;
import org.sra.kit.test.SraIntegrationTest;

/**
 * The HTTP decision API on the client-certificate connector ({@code sra.auth.http-mtls.*}) with a
 * CA and certificates made by keytool for this test: a NAS certificate from the configured CA
 * (naming the NAS by CN = its id, or by SAN IP = its address) gets the decision; no certificate,
 * a certificate from another CA, or one naming no NAS client is refused; the Basic-auth port is
 * unchanged. Its own context (the connector needs the key stores before the server starts),
 * closed after the class.
 */
@SraIntegrationTest
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class MtlsDecisionIntegrationTests {

    static TestCertificates ca;
    static TestCertificates foreignCa;
    static Path serverStore;
    static Path byIdStore;
    static Path byAddressStore;
    static Path strangerStore;
    static Path foreignStore;
    static TestDirectory directory;
    static TestTenant tenant;

    @Autowired
    EmbeddedKafkaBroker broker;
    @Autowired
    ReadModel model;
    @Autowired
    SecretSealer sealer;
    @Autowired
    MtlsConnector mtls;
    @LocalServerPort
    int plainPort;

    @DynamicPropertySource
    static void mtls(DynamicPropertyRegistry registry) throws Exception {
        ca = TestCertificates.newAuthority("SRA NAS CA");
        foreignCa = TestCertificates.newAuthority("Someone Else's CA");
        serverStore = ca.issueServer("auth-service");
        registry.add("sra.auth.http-mtls.port", () -> "0");
        registry.add("sra.auth.http-mtls.key-store", () -> serverStore.toString());
        registry.add("sra.auth.http-mtls.key-store-password", () -> TestCertificates.PASSWORD);
        registry.add("sra.auth.http-mtls.trust-store", () -> ca.trustStore().toString());
        registry.add("sra.auth.http-mtls.trust-store-password", () -> TestCertificates.PASSWORD);
    }

    @BeforeEach
    void setUp() throws Exception {
        if (tenant != null) {
            return;
        }
        directory = TestDirectory.start("taro");
        tenant = TestTenant.provision(broker, model, sealer, "mtls-" + UUID.randomUUID().toString().substring(0, 6),
                "127.0.0.7", "10.91.0.0/28", directory.address(), ProxyMode.UNSELECTED);
        tenant.user("taro");
        tenant.device("taro", "d-taro", DeviceType.WINDOWS, null, null, null, true, true, true);
        tenant.awaitUser("taro", 1);
        byIdStore = ca.issueClient("nas-by-id", tenant.nasClientId, null);
        byAddressStore = ca.issueClient("nas-by-address", "asa-7.example.net", "IP:127.0.0.7");
        strangerStore = ca.issueClient("stranger", "nobody.example.net", "DNS:nobody.example.net");
        foreignStore = foreignCa.issueClient("foreign", tenant.nasClientId, null);
    }

    @AfterAll
    static void stopDirectory() {
        if (directory != null) {
            directory.close();
        }
    }

    HttpResponse<String> decide(Path clientKeyStore) throws Exception {
        SSLContext tls = TestCertificates.context(clientKeyStore, ca.trustStore());
        try (HttpClient client = HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(5)).build()) {
            return client.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + mtls.localPort() + "/api/auth/decide"))
                    .header("Content-Type", "application/json").timeout(Duration.ofSeconds(10))
                    .POST(HttpRequest.BodyPublishers.ofString(
                            "{\"userName\":\"taro\",\"password\":\"" + TestDirectory.PASSWORD + "\"}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    @Test
    void aNasCertificateFromTheConfiguredCaGetsTheDecision() throws Exception {
        assertThat(mtls.localPort()).isPositive().isNotEqualTo(plainPort);
        HttpResponse<String> byId = decide(byIdStore);
        assertThat(byId.statusCode()).isEqualTo(200);
        assertThat(byId.body()).contains("\"result\":\"ACCEPT\"").contains("\"framedIp\":\"10.91.0.");
        HttpResponse<String> byAddress = decide(byAddressStore);
        assertThat(byAddress.statusCode()).isEqualTo(200);
        assertThat(byAddress.body()).contains("\"result\":\"ACCEPT\"");
    }

    @Test
    void withoutACertificateTheHandshakeFails() {
        assertThatThrownBy(() -> decide(null)).isInstanceOf(IOException.class);
    }

    @Test
    void aCertificateFromAnotherCaIsRefusedEvenNamingAKnownNas() {
        assertThatThrownBy(() -> decide(foreignStore)).isInstanceOf(IOException.class);
    }

    @Test
    void aCertificateNamingNoNasClientIsUnauthorized() throws Exception {
        HttpResponse<String> response = decide(strangerStore);
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).doesNotContain("ACCEPT");
    }

    @Test
    void theBasicPortIgnoresCertificatesAndStillWantsTheSecret() throws Exception {
        try (HttpClient client = HttpClient.newHttpClient()) {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + plainPort + "/api/auth/decide"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"userName\":\"taro\",\"password\":\"x\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(401);
        }
    }
}
