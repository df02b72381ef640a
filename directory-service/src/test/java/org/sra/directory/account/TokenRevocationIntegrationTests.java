package org.sra.directory.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.resttestclient.TestRestTemplate;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.sra.directory.DirectoryIntegrationTest;
import org.sra.directory.Fixtures;
import org.sra.directory.Fixtures.NewTenant;
import org.sra.kit.security.TokenRevocations;
import org.sra.kit.test.EmbeddedMongo;
import org.sra.kit.test.TestTokens;
import org.sra.otherservice.OtherService;

/**
 * A token directory-service issued stops working at another service within seconds of its
 * revocation (logout, demotion, password reset), for any bearer of the token, not only the
 * console: the other service is a second Spring Boot application in this JVM built like every
 * SRA service (the kit's token check and event consumer, its own database on the embedded store,
 * the same in-process Kafka broker: {@link OtherService}), consuming {@code sra.admin-accounts}
 * like the five services.
 * It knows nothing of sessions; it learns of revocations only from the events.
 */
@DirectoryIntegrationTest
class TokenRevocationIntegrationTests {

    /** What "within a minute" is held to here (the events flow in well under a second). */
    private static final Duration WITHIN = Duration.ofSeconds(20);
    private static final List<ConfigurableApplicationContext> STARTED = new ArrayList<>();
    private static OtherServiceInstance other;

    @Autowired
    TestRestTemplate http;
    @Autowired
    EmbeddedKafkaBroker broker;
    Fixtures api;

    @BeforeEach
    void setUp() {
        api = new Fixtures(http);
        if (other == null) {
            other = OtherServiceInstance.start(broker, "revocation-other-" + UUID.randomUUID().toString().substring(0, 8),
                    "revocation-other", false);
        }
    }

    @AfterAll
    static void stopOthers() {
        STARTED.forEach(ConfigurableApplicationContext::close);
        STARTED.clear();
        other = null;
    }

    @Test
    void afterLogoutTheSessionsTokensAreRefusedAtAnotherServiceAndANewLoginWorks() {
        NewTenant tenant = api.provision();
        String token = api.activate(tenant.loginId(), tenant.initialPassword());
        // an earlier token of the same session, refreshed away but not expired
        String refreshed = (String) api.call(HttpMethod.POST, "/api/account/refresh", token, null).getBody()
                .get("accessToken");
        assertThat(other.get(token).statusCode()).isEqualTo(200);
        assertThat(other.get(refreshed).statusCode()).isEqualTo(200);

        Instant revoked = Instant.now();
        assertThat(api.call(HttpMethod.POST, "/api/account/logout", refreshed, null).getStatusCode())
                .isEqualTo(HttpStatus.NO_CONTENT);

        Duration took = other.awaitRefused(refreshed, revoked);
        assertThat(took).isLessThan(WITHIN);
        assertThat(other.get(token).statusCode()).as("every token of the session").isEqualTo(401);
        HttpResponse<String> refused = other.get(refreshed);
        assertThat(refused.body()).contains("urn:sra:problem:unauthenticated");
        assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));

        String again = (String) api.login(tenant.loginId(), Fixtures.STRONG).getBody().get("accessToken");
        assertThat(other.get(again).statusCode()).as("a token of a later session").isEqualTo(200);
        assertThat(other.post(again).statusCode()).isEqualTo(201);
    }

    @Test
    void afterDemotionToAuditorTheAdminsTokensAreRefusedAndANewTokenReadsButCannotWrite() {
        NewTenant tenant = api.provision();
        String first = api.activate(tenant.loginId(), tenant.initialPassword());
        Issued second = addAdmin(first, "ADMIN");
        String secondToken = api.activate(second.loginId(), second.initialPassword());
        assertThat(other.post(secondToken).statusCode()).as("an admin writes").isEqualTo(201);

        Instant revoked = Instant.now();
        assertThat(api.call(HttpMethod.PUT, "/api/admins/" + second.accountId() + "/role", first,
                Map.of("role", "AUDITOR")).getStatusCode()).isEqualTo(HttpStatus.OK);

        assertThat(other.awaitRefused(secondToken, revoked)).isLessThan(WITHIN);
        assertThat(other.post(secondToken).statusCode()).as("the old ADMIN token writes no more").isEqualTo(401);
        assertThat(other.get(first).statusCode()).as("the other admin is untouched").isEqualTo(200);

        String asAuditor = (String) api.login(second.loginId(), Fixtures.STRONG).getBody().get("accessToken");
        assertThat(other.get(asAuditor).statusCode()).as("an auditor reads with a new token").isEqualTo(200);
        HttpResponse<String> write = other.post(asAuditor);
        assertThat(write.statusCode()).as("but does not write").isEqualTo(403);
        assertThat(write.body()).contains("urn:sra:problem:forbidden");
    }

    @Test
    void afterAPasswordResetTheAccountsTokensAreRefusedUntilItLogsInWithTheNewPassword() {
        NewTenant tenant = api.provision();
        String first = api.activate(tenant.loginId(), tenant.initialPassword());
        Issued second = addAdmin(first, "ADMIN");
        String laptop = api.activate(second.loginId(), second.initialPassword());
        String desktop = (String) api.login(second.loginId(), Fixtures.STRONG).getBody().get("accessToken");
        assertThat(other.get(laptop).statusCode()).isEqualTo(200);
        assertThat(other.get(desktop).statusCode()).isEqualTo(200);

        Instant revoked = Instant.now();
        ResponseEntity<Map> reset = api.call(HttpMethod.POST, "/api/admins/" + second.accountId() + "/password-reset",
                first, null);
        assertThat(reset.getStatusCode()).isEqualTo(HttpStatus.OK);
        String newInitial = (String) reset.getBody().get("initialPassword");

        assertThat(other.awaitRefused(laptop, revoked)).isLessThan(WITHIN);
        assertThat(other.get(desktop).statusCode()).as("every session's tokens").isEqualTo(401);

        // the new password's restricted token is genuine (403, not 401) and the changed password's works
        String restricted = (String) api.login(second.loginId(), newInitial).getBody().get("accessToken");
        assertThat(other.get(restricted).statusCode()).isEqualTo(403);
        String fresh = api.activate(second.loginId(), newInitial);
        assertThat(other.get(fresh).statusCode()).isEqualTo(200);
        assertThat(other.post(fresh).statusCode()).isEqualTo(201);
    }

    @Test
    void aRestartedServiceStillRefusesTheRevokedTokenFromItsOwnStore() {
        String database = "revocation-restart-" + UUID.randomUUID().toString().substring(0, 8);
        OtherServiceInstance before = OtherServiceInstance.start(broker, database, "revocation-restart", false);
        NewTenant tenant = api.provision();
        String token = api.activate(tenant.loginId(), tenant.initialPassword());
        assertThat(before.get(token).statusCode()).isEqualTo(200);
        Instant revoked = Instant.now();
        api.call(HttpMethod.POST, "/api/account/logout", token, null);
        assertThat(before.awaitRefused(token, revoked)).isLessThan(WITHIN);
        before.context.close();

        // a new instance on the same store, in a new consumer group that starts at the topic's end:
        // it cannot read the logout from Kafka, only from what the first instance stored
        OtherServiceInstance after = OtherServiceInstance.start(broker, database, "revocation-restarted", true);
        assertThat(after.context.getBean(MongoTemplate.class).getCollection(TokenRevocations.COLLECTION)
                .countDocuments(new Document("kind", "session"))).isPositive();
        assertThat(after.get(token).statusCode()).isEqualTo(401);
        String again = (String) api.login(tenant.loginId(), Fixtures.STRONG).getBody().get("accessToken");
        assertThat(after.get(again).statusCode()).isEqualTo(200);
    }

    record Issued(String accountId, String loginId, String initialPassword) {
    }

    private Issued addAdmin(String adminToken, String role) {
        ResponseEntity<Map> created = api.call(HttpMethod.POST, "/api/admins", adminToken,
                Map.of("loginId", Fixtures.unique("second"), "role", role));
        assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        Map<String, Object> account = (Map<String, Object>) created.getBody().get("account");
        return new Issued((String) account.get("accountId"), (String) account.get("loginId"),
                (String) created.getBody().get("initialPassword"));
    }

    /** A running instance of the other service, and calls to its API with a bearer token. */
    record OtherServiceInstance(ConfigurableApplicationContext context, int port, HttpClient client) {

        static OtherServiceInstance start(EmbeddedKafkaBroker broker, String database, String group,
                                          boolean fromTheEnd) {
            List<String> args = new ArrayList<>(List.of(
                    // none of directory-service's application.yml: only the kit's defaults and these
                    "--spring.config.name=revocation-other-service",
                    // the kit keeps the name the outbox stamps as producer, and the audit entries' service
                    // name, in JVM-wide statics: this instance sets them as directory-service's context
                    // did (it publishes nothing itself); its consumer group is its own
                    "--spring.application.name=directory-service",
                    "--sra.events.producer=directory-service",
                    "--spring.cloud.stream.bindings.events-in-0.group=" + group,
                    "--server.port=0",
                    "--spring.mongodb.uri=" + EmbeddedMongo.uri(database),
                    "--spring.cloud.stream.kafka.binder.brokers=" + broker.getBrokersAsString(),
                    "--spring.cloud.function.definition=events",
                    "--spring.cloud.stream.bindings.events-in-0.destination=sra.admin-accounts",
                    "--sra.security.revocations.refresh-interval=1s",
                    "--" + TestTokens.PUBLIC_KEY_PROPERTY));
            if (fromTheEnd) {
                args.add("--spring.cloud.stream.kafka.bindings.events-in-0.consumer.start-offset=latest");
            }
            ConfigurableApplicationContext context = new SpringApplicationBuilder(OtherService.class)
                    .run(args.toArray(String[]::new));
            STARTED.add(context);
            int port = Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
            return new OtherServiceInstance(context, port, HttpClient.newHttpClient());
        }

        HttpResponse<String> get(String token) {
            return send(HttpRequest.newBuilder(uri()).GET(), token);
        }

        HttpResponse<String> post(String token) {
            return send(HttpRequest.newBuilder(uri()).POST(HttpRequest.BodyPublishers.noBody()), token);
        }

        /** Waits until the token is refused; how long after {@code revokedAt} that was. */
        Duration awaitRefused(String token, Instant revokedAt) {
            Awaitility.await().atMost(WITHIN).pollInterval(Duration.ofMillis(100))
                    .until(() -> get(token).statusCode() == 401);
            return Duration.between(revokedAt, Instant.now());
        }

        private URI uri() {
            return URI.create("http://127.0.0.1:" + port + "/api/things");
        }

        private HttpResponse<String> send(HttpRequest.Builder request, String token) {
            try {
                return client.send(request.header("Authorization", "Bearer " + token).build(),
                        HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
