package org.sra.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

import com.unboundid.ldap.sdk.LDAPConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sra.local.services.FakeServiceJars;
import org.sra.local.services.ServiceSpec;
import org.sra.local.services.ServiceWiring;

/**
 * The launcher's whole life cycle with stand-in service jars: every piece starts, each service
 * gets its wiring, the summary tells where things are, a stop leaves no child running, and a
 * second start on the same data directory reuses the keys.
 */
class LocalStackWithFakeServicesIntegrationTests {

    private static final int PORT_OFFSET = 21000;

    @TempDir
    Path temp;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void startsEverythingWiresTheServicesAndStopsEveryChild() throws Exception {
        StackOptions options = StackOptions.parse("--root", FakeServiceJars.createRoot(temp.resolve("repo")).toString(),
                "--data", temp.resolve("data").toString(), "--port-offset", String.valueOf(PORT_OFFSET),
                "--kafka-libs", Path.of("target/kafka-libs").toString());
        assumeThat(options.ports().busy(true)).as("ports of the test stack are free").isEmpty();
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        List<ProcessHandle> children = new ArrayList<>();

        try (LocalStack stack = new LocalStack(options, new PrintStream(console, true, StandardCharsets.UTF_8))) {
            stack.start();
            ProcessHandle.current().children().forEach(children::add);

            assertThat(children).hasSize(7); // Kafka and six services
            String gatewayEnv = get("http://127.0.0.1:" + (8080 + PORT_OFFSET) + "/env");
            assertThat(gatewayEnv)
                    .contains("SERVER_PORT=" + (8080 + PORT_OFFSET))
                    // its actuator on the management port (where the launcher waited for it), this machine only
                    .contains("MANAGEMENT_SERVER_PORT=" + (9080 + PORT_OFFSET))
                    .contains("MANAGEMENT_SERVER_ADDRESS=127.0.0.1")
                    .contains("SRA_GATEWAY_SERVICES_DEVICE=http://127.0.0.1:" + (8082 + PORT_OFFSET))
                    .contains("SRA_GATEWAY_SERVICES_NOTIFICATION=http://127.0.0.1:" + (8085 + PORT_OFFSET))
                    .contains("SPRING_MONGODB_URI=mongodb://127.0.0.1:" + (27017 + PORT_OFFSET) + "/sra-gateway")
                    .contains("SPRING_CLOUD_STREAM_KAFKA_BINDER_BROKERS=127.0.0.1:" + (9092 + PORT_OFFSET))
                    .contains("SRA_LOCAL_LDAP_URL=ldap://127.0.0.1:" + (10389 + PORT_OFFSET))
                    .doesNotContain("SRA_SECURITY_JWT_PRIVATE_KEY_LOCATION")
                    .doesNotContain("SRA_SECRETS_KEY");
            assertThat(get("http://127.0.0.1:" + (8081 + PORT_OFFSET) + "/env"))
                    .contains("SRA_SECURITY_JWT_PRIVATE_KEY_LOCATION=file:" + stack.keys().privateKeyFile())
                    .contains("SRA_SECRETS_KEYS=" + stack.keys().secretsKeys(
                            ServiceWiring.SEAL_CONTEXTS.get("directory")));
            assertThat(get("http://127.0.0.1:" + (8085 + PORT_OFFSET) + "/env"))
                    .contains("SPRING_MAIL_PORT=" + (2525 + PORT_OFFSET));
            assertThat(get("http://127.0.0.1:" + (8083 + PORT_OFFSET) + "/env"))
                    .contains("SRA_PROFILE_PUBLIC_BASE_URL=http://localhost:" + (8080 + PORT_OFFSET));
            assertThat(get("http://127.0.0.1:" + (8025 + PORT_OFFSET) + "/api/messages")).isEqualTo("[]");
            // the Entra ID stand-in plays Microsoft: directory-service and auth-service are pointed at it,
            // and auth-service dials domain controllers on the demo directory's port
            String entraBase = "https://127.0.0.1:" + (8443 + PORT_OFFSET) + "/";
            assertThat(get("http://127.0.0.1:" + (8081 + PORT_OFFSET) + "/env"))
                    .contains("SRA_ENTRA_AUTHORITYBASE=" + entraBase)
                    .contains("SRA_ENTRA_GRAPHBASE=" + entraBase)
                    .contains("SRA_ENTRA_TRUSTSTORE=file:");
            assertThat(get("http://127.0.0.1:" + (8084 + PORT_OFFSET) + "/env"))
                    .contains("SRA_AUTH_DIRECTORY_ENTRAAUTHORITY=" + entraBase)
                    .contains("SRA_AUTH_DIRECTORY_LDAPPORT=" + (10389 + PORT_OFFSET));
            HttpResponse<String> discovery = entraClient().send(HttpRequest.newBuilder(
                    URI.create(entraBase + "contoso.example/v2.0/.well-known/openid-configuration")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(discovery.statusCode()).isEqualTo(200);
            assertThat(discovery.body()).contains("token_endpoint");
            try (LDAPConnection ldap = new LDAPConnection("127.0.0.1", 10389 + PORT_OFFSET)) {
                ldap.bind("Administrator@corp.example.com", "Adm1n!Passw0rd");
            }
            String summary = stack.summary();
            assertThat(summary).contains("http://localhost:" + (8080 + PORT_OFFSET))
                    .contains("http://localhost:" + (9080 + PORT_OFFSET) + "/actuator/health")
                    .contains("http://localhost:" + (8083 + PORT_OFFSET) + "/v3/api-docs")
                    .contains("Operator token (valid 12 h");
            assertThat(temp.resolve("data/logs/gateway.log")).content().contains("fake service listening");
        }

        assertThat(children).noneMatch(ProcessHandle::isAlive);
        assertThat(ProcessHandle.current().children()).isEmpty();
        assertThat(console.toString(StandardCharsets.UTF_8)).contains("✓ Kafka", "✓ gateway");

        String publicKey = Files.readString(temp.resolve("data/keys/jwt-public.pem"));
        try (LocalStack again = new LocalStack(options.withInfraOnly(true), new PrintStream(console, true, StandardCharsets.UTF_8))) {
            again.start();
            assertThat(Files.readString(again.keys().publicKeyFile())).isEqualTo(publicKey);
        }
    }

    private String get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    /** The stand-in's certificate is self-signed and made at each start: this check trusts any. */
    private static HttpClient entraClient() throws Exception {
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, new TrustManager[] {new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        }}, null);
        return HttpClient.newBuilder().sslContext(tls).build();
    }
}
