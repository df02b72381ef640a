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
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.net.ssl.SSLContext;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.sra.auth.readmodel.ReadModel;
import org.sra.auth.support.NasHttp;
import org.sra.fixtures.tls.TestAuthority;
import org.sra.auth.support.TestDirectory;
import org.sra.auth.support.TestTenant;
import org.sra.events.device.DeviceType;
import org.sra.events.profile.ProxyMode;
import org.sra.kit.secrets.SecretSealer;
import org.sra.kit.test.SraIntegrationTest;

/**
 * How the HTTP decision API knows its NAS client. On the client-certificate connector
 * ({@code sra.auth.http-mtls.*}, with a CA and certificates made by keytool for this test, real
 * TLS handshakes): a certificate from the configured CA whose CN is the NAS client id gets the
 * decision; one naming the NAS by its free-text name or by its address, no certificate, or a
 * certificate from another CA is refused. On the Basic port: the id and secret count only from
 * the NAS client's registered address, and every refusal looks the same. The context claims to
 * run on Kubernetes, where Spring Boot would by itself trust {@code X-Forwarded-For} from
 * private addresses: the API must still go by the TCP peer. Its own context (the connector needs
 * the key stores before the server starts), closed after the class.
 */
@SraIntegrationTest
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class NasAuthenticationIntegrationTests {

    static final String NAS_ADDRESS = "127.0.0.7";

    static TestAuthority ca;
    static TestAuthority foreignCa;
    static Path serverStore;
    static Path byIdStore;
    static Path byAddressStore;
    static Path byNameStore;
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
        ca = TestAuthority.create("SRA NAS CA");
        foreignCa = TestAuthority.create("Someone Else's CA");
        serverStore = ca.issueServer("auth-service");
        registry.add("sra.auth.http-mtls.port", () -> "0");
        registry.add("sra.auth.http-mtls.key-store", () -> serverStore.toString());
        registry.add("sra.auth.http-mtls.key-store-password", () -> TestAuthority.PASSWORD);
        registry.add("sra.auth.http-mtls.trust-store", () -> ca.trustStore().toString());
        registry.add("sra.auth.http-mtls.trust-store-password", () -> TestAuthority.PASSWORD);
        registry.add("spring.main.cloud-platform", () -> "kubernetes");
    }

    @BeforeEach
    void setUp() throws Exception {
        if (tenant != null) {
            return;
        }
        directory = TestDirectory.start("taro");
        tenant = TestTenant.provision(broker, model, sealer, "mtls-" + UUID.randomUUID().toString().substring(0, 6),
                NAS_ADDRESS, "10.91.0.0/28", directory.address(), ProxyMode.UNSELECTED);
        tenant.user("taro");
        tenant.device("taro", "d-taro", DeviceType.WINDOWS, null, null, null, true, true, true);
        tenant.awaitUser("taro", 1);
        byIdStore = ca.issueClient("nas-by-id", tenant.nasClientId, null);
        byAddressStore = ca.issueClient("nas-by-address", NAS_ADDRESS, "IP:" + NAS_ADDRESS);
        byNameStore = ca.issueClient("nas-by-name", "headend of " + tenant.id, "DNS:asa-7.example.net");
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
        SSLContext tls = TestAuthority.context(clientKeyStore, ca.trustStore());
        try (HttpClient client = HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(5)).build()) {
            return client.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + mtls.localPort() + "/api/auth/decide"))
                    .header("Content-Type", "application/json").timeout(Duration.ofSeconds(10))
                    .POST(HttpRequest.BodyPublishers.ofString(
                            "{\"userName\":\"taro\",\"password\":\"" + TestDirectory.PASSWORD + "\"}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    @Test
    void aCertificateWhoseCommonNameIsTheNasClientIdGetsTheDecision() throws Exception {
        assertThat(mtls.localPort()).isPositive().isNotEqualTo(plainPort);
        HttpResponse<String> byId = decide(byIdStore);
        assertThat(byId.statusCode()).isEqualTo(200);
        assertThat(byId.body()).contains("\"result\":\"ACCEPT\"").contains("\"framedIp\":\"10.91.0.");
    }

    @Test
    void aCertificateNamingTheNasByItsFreeTextNameOrItsAddressIsUnauthorized() throws Exception {
        // the CA issued both, and each names this NAS client in words an admin typed or an address
        for (Path store : new Path[] {byNameStore, byAddressStore}) {
            HttpResponse<String> response = decide(store);
            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(response.body()).contains("urn:sra:problem:nas-certificate-unauthorized")
                    .doesNotContain("ACCEPT");
        }
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

    static final Map<String, String> TARO = Map.of("userName", "taro", "password", TestDirectory.PASSWORD);

    @Test
    void basicAuthenticationCountsFromTheRegisteredAddressOnly() {
        ResponseEntity<Map> fromNas = NasHttp.decide(plainPort, NAS_ADDRESS, tenant.nasClientId, tenant.secret, TARO);
        assertThat(fromNas.getStatusCode().value()).isEqualTo(200);
        assertThat(fromNas.getBody()).containsEntry("result", "ACCEPT");

        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        Logger controllerLog = (Logger) LoggerFactory.getLogger(DecisionController.class);
        controllerLog.addAppender(logged);
        try {
            ResponseEntity<Map> elsewhere = NasHttp.decide(plainPort, "127.0.0.8", tenant.nasClientId, tenant.secret,
                    TARO);
            assertThat(elsewhere.getStatusCode().value()).isEqualTo(401);
            assertThat(elsewhere.getBody()).containsEntry("type", "urn:sra:problem:nas-unauthorized")
                    .doesNotContainKey("result");
            // the operator learns of the copied secret or moved headend; the secret stays out of the log
            assertThat(logged.list).map(ILoggingEvent::getFormattedMessage)
                    .anySatisfy(line -> assertThat(line).contains(tenant.nasClientId).contains("127.0.0.8"))
                    .noneSatisfy(line -> assertThat(line).contains(tenant.secret));
        } finally {
            controllerLog.detachAppender(logged);
        }
    }

    @Test
    void aRefusalDoesNotTellWhetherTheNasClientExists() {
        List<ResponseEntity<Map>> refusals = List.of(
                NasHttp.decide(plainPort, "127.0.0.8", tenant.nasClientId, tenant.secret, TARO), // wrong address
                NasHttp.decide(plainPort, NAS_ADDRESS, tenant.nasClientId, "not-the-secret", TARO), // wrong secret
                NasHttp.decide(plainPort, NAS_ADDRESS, "nas-that-does-not-exist", tenant.secret, TARO), // unknown
                NasHttp.decide(plainPort, "127.0.0.8", "nas-that-does-not-exist", tenant.secret, TARO));
        for (ResponseEntity<Map> refusal : refusals) {
            assertThat(refusal.getStatusCode().value()).isEqualTo(401);
            Map<?, ?> problem = refusal.getBody();
            Map<?, ?> first = refusals.getFirst().getBody();
            for (String field : new String[] {"type", "title", "status", "detail"}) {
                assertThat(problem.get(field)).as(field).isEqualTo(first.get(field));
            }
        }
        assertThat(refusals.getFirst().getBody().get("detail")).asString().contains("Basic")
                .doesNotContain(tenant.nasClientId);
    }

    @Test
    void aForwardedForHeaderDoesNotStandInForTheRegisteredAddress() {
        // Spring Boot believes it runs on Kubernetes here; without auth-service's
        // server.forward-headers-strategy: none it would take this header from a loopback peer
        HttpHeaders headers = new HttpHeaders();
        headers.setBasicAuth(tenant.nasClientId, tenant.secret);
        headers.add("X-Forwarded-For", NAS_ADDRESS);
        headers.add("X-Real-IP", NAS_ADDRESS);
        ResponseEntity<Map> forwarded = NasHttp.decide(plainPort, "127.0.0.1", headers, TARO);
        assertThat(forwarded.getStatusCode().value()).isEqualTo(401);
    }
}
