package org.sra.auth.readmodel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.aaa4j.radius.core.attribute.attributes.ReplyMessage;
import org.aaa4j.radius.core.packet.Packet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.TestRestTemplate;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureTestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.security.crypto.bcrypt.BCrypt;
import org.sra.auth.decision.RejectReason;
import org.sra.auth.radius.RadiusServer;
import org.sra.auth.support.NasHttp;
import org.sra.auth.support.TestEvents;
import org.sra.auth.support.TestNas;
import org.sra.auth.support.TestTenant;
import org.sra.events.EventEnvelope;
import org.sra.events.connection.ConnectionDecided;
import org.sra.events.device.DeviceType;
import org.sra.events.profile.ProxyMode;
import org.sra.events.settings.AuthType;
import org.sra.events.settings.SettingsChanged;
import org.sra.events.user.LocalPasswordSet;
import org.sra.events.user.LocalUserDeleted;
import org.sra.events.user.UserSource;
import org.sra.events.user.VpnUserAdded;
import org.sra.kit.secrets.SecretSealer;
import org.sra.kit.test.SraIntegrationTest;
import org.sra.kit.test.TestTokens;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * LOCAL passwords end to end (R-AUT-2): directory-service's {@code LocalPasswordSet} /
 * {@code LocalUserDeleted} arrive through the broker, are persisted and loaded into the read
 * model, and a RADIUS Access-Request from a JVM headend (127.0.0.6) is accepted with the right
 * password (bcrypt cost 12 against the unsealed hash), rejected with a wrong one, with the old one
 * after a reset, and after the LOCAL user was deleted.
 */
@SraIntegrationTest
@AutoConfigureTestRestTemplate
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalPasswordIntegrationTests {

    static final String NAS_ADDRESS = "127.0.0.6";
    static TestTenant tenant;
    static TestNas headend;
    static Throwable setUpFailure;

    @Autowired
    EmbeddedKafkaBroker broker;
    @Autowired
    ReadModel model;
    @Autowired
    ReadModelUpdates updates;
    @Autowired
    SecretSealer sealer;
    @Autowired
    RadiusServer radius;
    @Autowired
    MongoTemplate mongo;
    @Autowired
    TestRestTemplate http;
    @LocalServerPort
    int port;
    @Autowired
    ReadModelChanges changes;
    @Autowired
    ReadModelSettings settings;

    @BeforeEach
    void setUp() throws Throwable {
        if (setUpFailure != null) {
            throw setUpFailure;
        }
        if (tenant != null) {
            return;
        }
        try {
            String id = "local-" + UUID.randomUUID().toString().substring(0, 6);
            tenant = TestTenant.provision(broker, model, sealer, id, NAS_ADDRESS, "10.90.0.0/28", "127.0.0.1:1",
                    ProxyMode.UNSELECTED);
            TestEvents.publish(broker, new SettingsChanged(id, AuthType.LOCAL, true, false, List.of(), "10.0.0.53", null,
                    "10.90.0.0/28", "en", null, null));
            for (String user : List.of("sato", "suzuki")) {
                TestEvents.publish(broker, new VpnUserAdded(id, "u-" + user, user, user, null, UserSource.LOCAL));
                tenant.device(user, "d-" + user, DeviceType.WINDOWS, null, null, null, true, true, true);
            }
            tenant.awaitUser("sato", 1);
            tenant.awaitUser("suzuki", 1);
            await().atMost(Duration.ofSeconds(30)).until(() -> model.tenant(id).map(t -> t.authType() == AuthType.LOCAL)
                    .orElse(false));
            headend = new TestNas(NAS_ADDRESS, tenant.secret, radius.authPort(), radius.acctPort());
        } catch (Throwable e) {
            setUpFailure = e;
            throw e;
        }
    }

    @AfterAll
    static void tearDown() {
        if (headend != null) {
            headend.close();
        }
    }

    String sealedBcrypt(String password) {
        return sealer.seal(BCrypt.hashpw(password, BCrypt.gensalt(12)), "local-password:" + tenant.id);
    }

    void setPassword(String userName, String password) {
        LocalPasswordSet event = new LocalPasswordSet(tenant.id, "lu-" + userName.toLowerCase(), userName,
                sealedBcrypt(password));
        TestEvents.publish(broker, event);
        await().atMost(Duration.ofSeconds(30)).until(() -> model.localPassword(tenant.id, userName)
                .map(p -> p.sealedPasswordHash().equals(event.sealedPasswordHash())).orElse(false));
    }

    @SuppressWarnings("unchecked")
    /**
     * Asks the HTTP decision API, and answers its result with the reason the decision log kept
     * (the API itself tells a rejected caller only the generic {@code REJECTED} here).
     */
    Map<String, Object> decide(String user, String password) {
        int before = logged(user).size();
        Map<String, Object> answer = NasHttp.decide(port, NAS_ADDRESS, tenant.nasClientId,
                tenant.secret, Map.of("userName", user, "password", password)).getBody();
        if ("REJECT".equals(answer.get("result"))) {
            assertThat(answer).containsEntry("reason", RejectReason.GENERIC_CODE);
        }
        List<Map<String, Object>> after = await().atMost(Duration.ofSeconds(20)).until(() -> logged(user),
                decisions -> decisions.size() > before);
        Map<String, Object> decided = new HashMap<>(answer);
        decided.put("reason", after.getFirst().get("reason"));
        return decided;
    }

    /** The user's decisions in the decision log, newest first. */
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> logged(String user) {
        HttpHeaders headers = new HttpHeaders();
        headers.setBearerAuth(TestTokens.auditor(tenant.id));
        return http.exchange("/api/auth/decisions?size=500&user=" + user, HttpMethod.GET, new HttpEntity<>(headers),
                List.class).getBody();
    }

    static boolean accepted(Packet answer) {
        return answer != null && answer.getCode() == 2;
    }

    static String reply(Packet answer) {
        return answer.getAttribute(ReplyMessage.class).map(a -> a.getData().getValue()).orElse(null);
    }

    @Test
    @Order(1)
    void theRightLocalPasswordIsAcceptedAndAWrongOneRejected() {
        setPassword("Sato", "L0cal!Passw0rd");
        Packet accept = headend.access("sato", "L0cal!Passw0rd");
        assertThat(accept).isNotNull();
        assertThat(accepted(accept)).as("Access-Accept").isTrue();
        // the name is matched case-insensitively, as the VPN user list does
        assertThat(accepted(headend.access("SATO", "L0cal!Passw0rd"))).isTrue();

        Packet reject = headend.access("sato", "l0cal!passw0rd");
        assertThat(reject.getCode()).as("Access-Reject").isEqualTo(3);
        assertThat(reply(reject)).isEqualTo(RejectReason.BAD_PASSWORD.clientMessage(false, "en"));
        assertThat(decide("sato", "wrong")).containsEntry("result", "REJECT").containsEntry("reason", "BAD_PASSWORD");
        TestEvents.awaitPublished(broker, tenant.id, ConnectionDecided.class,
                d -> "sato".equals(d.userName()) && "BAD_PASSWORD".equals(d.reason()));
    }

    @Test
    @Order(2)
    void aVpnUserWithoutALocalAccountIsUnknown() {
        assertThat(headend.access("suzuki", "anything").getCode()).isEqualTo(3);
        assertThat(decide("suzuki", "anything")).containsEntry("reason", "UNKNOWN_USER");
        assertThat(decide("nobody", "anything")).containsEntry("reason", "UNKNOWN_USER");
    }

    @Test
    @Order(3)
    void afterAResetTheOldPasswordIsRejectedAndTheNewOneAccepted() {
        assertThat(accepted(headend.access("sato", "L0cal!Passw0rd"))).isTrue(); // remembered success
        setPassword("sato", "N3w!Passw0rd");
        assertThat(headend.access("sato", "L0cal!Passw0rd").getCode()).isEqualTo(3);
        assertThat(decide("sato", "L0cal!Passw0rd")).containsEntry("reason", "BAD_PASSWORD");
        assertThat(accepted(headend.access("sato", "N3w!Passw0rd"))).isTrue();
    }

    @Test
    @Order(4)
    void theReadModelIsPersistedAndLoadedAtStartAndRedeliveryChangesNothing() {
        LocalPasswordView stored = mongo.findById(tenant.id + ":lu-sato", LocalPasswordView.class);
        assertThat(stored).isNotNull();
        assertThat(stored.removed()).isFalse();
        assertThat(stored.sealedPasswordHash()).doesNotContain("$2a$").doesNotContain("$2b$");
        ReadModel restarted = new ReadModel(mongo, sealer, changes, settings, Clock.systemUTC(), new SimpleMeterRegistry());
        restarted.load();
        assertThat(restarted.localPassword(tenant.id, "Sato")).map(LocalPasswordView::sealedPasswordHash)
                .contains(stored.sealedPasswordHash());

        LocalPasswordSet again = new LocalPasswordSet(tenant.id, "lu-sato", "sato", stored.sealedPasswordHash());
        updates.onLocalPasswordSet(EventEnvelope.of(again), again);
        updates.onLocalPasswordSet(EventEnvelope.of(again), again);
        assertThat(mongo.count(Query.query(Criteria.where("tenantId").is(tenant.id)), LocalPasswordView.class)).isEqualTo(1);
        assertThat(accepted(headend.access("sato", "N3w!Passw0rd"))).isTrue();
    }

    @Test
    @Order(5)
    void aDeletedLocalUserIsRejectedEvenWithTheRightPassword() {
        TestEvents.publish(broker, new LocalUserDeleted(tenant.id, "lu-sato", "sato"));
        await().atMost(Duration.ofSeconds(30)).until(() -> model.localPassword(tenant.id, "sato").isEmpty());
        assertThat(headend.access("sato", "N3w!Passw0rd").getCode()).isEqualTo(3);
        assertThat(decide("sato", "N3w!Passw0rd")).containsEntry("reason", "UNKNOWN_USER");
        LocalPasswordView stored = mongo.findById(tenant.id + ":lu-sato", LocalPasswordView.class);
        assertThat(stored.removed()).isTrue();
        assertThat(stored.sealedPasswordHash()).isNull();
    }
}
