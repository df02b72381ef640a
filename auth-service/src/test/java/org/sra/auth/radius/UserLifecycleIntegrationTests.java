package org.sra.auth.radius;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.stream.IntStream;

import org.aaa4j.radius.core.attribute.attributes.ReplyMessage;
import org.aaa4j.radius.core.packet.Packet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.TestRestTemplate;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureTestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.sra.auth.decision.RejectReason;
import org.sra.auth.readmodel.ReadModel;
import org.sra.auth.support.FakeHeadend;
import org.sra.auth.support.TestDirectory;
import org.sra.auth.support.TestEvents;
import org.sra.auth.support.TestNas;
import org.sra.auth.support.TestTenant;
import org.sra.events.device.DeviceAssigned;
import org.sra.events.device.DeviceAuthMethod;
import org.sra.events.device.DeviceChanged;
import org.sra.events.device.DeviceType;
import org.sra.events.device.DevicesImported;
import org.sra.events.profile.ProfileSettingsChanged;
import org.sra.events.profile.ProxyMode;
import org.sra.events.user.VpnUserChanged;
import org.sra.kit.secrets.SecretSealer;
import org.sra.kit.test.SraIntegrationTest;
import org.sra.kit.test.TestTokens;

/**
 * The user lifecycle at the headend: a disabled user, or one outside their validity period, is
 * refused ({@code USER_DISABLED}) and a disabled user's live sessions are disconnected; a device
 * outside its validity period is refused ({@code DEVICE_OUTSIDE_VALIDITY}); each user's and
 * device's last accept and last reject are answered per tenant. Through real RADIUS requests
 * from a JVM headend, events through the embedded broker.
 */
@SraIntegrationTest
@AutoConfigureTestRestTemplate
class UserLifecycleIntegrationTests {

    static final String NAS = "127.0.0.21";
    static TestDirectory directory;
    static TestTenant tenant;
    static Throwable setUpFailure;

    @Autowired
    EmbeddedKafkaBroker broker;
    @Autowired
    ReadModel model;
    @Autowired
    SecretSealer sealer;
    @Autowired
    RadiusServer radius;
    @Autowired
    TestRestTemplate http;

    @BeforeEach
    void setUp() throws Throwable {
        if (setUpFailure != null) {
            throw setUpFailure;
        }
        if (tenant != null) {
            return;
        }
        try {
            directory = TestDirectory.start("aoi", "sora", "kaito", "yui", "ren");
            tenant = TestTenant.provision(broker, model, sealer, "life-" + UUID.randomUUID().toString().substring(0, 6),
                    NAS, "10.82.0.0/24", directory.address(), ProxyMode.MANAGEMENT);
            for (String user : List.of("aoi", "sora", "kaito", "yui", "ren")) {
                tenant.user(user);
            }
            tenant.device("aoi", "d-aoi", DeviceType.WINDOWS, null, null, null, true, true, true);
            tenant.device("sora", "d-sora", DeviceType.WINDOWS, null, null, null, true, true, true);
            tenant.device("kaito", "d-kaito", DeviceType.WINDOWS, DeviceAuthMethod.SERIAL_ID, "SN-KAITO", null, true,
                    true, true);
            tenant.device("ren", "d-ren", DeviceType.WINDOWS, null, null, null, true, true, true);
            for (String user : List.of("aoi", "sora", "kaito", "ren")) {
                tenant.awaitUser(user, 1);
            }
        } catch (Throwable e) {
            setUpFailure = e;
            throw e;
        }
    }

    @AfterAll
    static void tearDown() {
        if (directory != null) {
            directory.close();
        }
    }

    TestNas nas() throws Exception {
        return new TestNas(NAS, tenant.secret, radius.authPort(), radius.acctPort());
    }

    void userChanged(String user, boolean enabled, Instant validFrom, Instant validUntil) {
        TestEvents.publish(broker, new VpnUserChanged(tenant.id, "u-" + user, user, user + " (display)",
                user + "@corp.example.com", enabled, validFrom, validUntil));
        await().atMost(Duration.ofSeconds(20)).until(() -> model.user(tenant.id, user)
                .map(u -> u.enabled() == enabled && Objects.equals(u.validFrom(), validFrom)
                        && Objects.equals(u.validUntil(), validUntil)).orElse(false));
    }

    @Test
    void aDisabledUserIsRefusedWithoutAskingTheDirectoryAndTheirLiveSessionIsDisconnected() throws Exception {
        try (TestNas headend = nas(); FakeHeadend coa = new FakeHeadend(NAS, 37991, tenant.secret)) {
            assertThat(headend.access("aoi", TestDirectory.PASSWORD).getCode()).isEqualTo(2);
            headend.accounting(1, "acct-aoi-1", "aoi", null);
            await().atMost(Duration.ofSeconds(10)).until(() -> liveSessions().stream()
                    .anyMatch(s -> "acct-aoi-1".equals(s.get("acctSessionId"))));

            userChanged("aoi", false, null, null);

            await().atMost(Duration.ofSeconds(20)).until(() -> coa.disconnectedSessions().contains("acct-aoi-1"));
            await().atMost(Duration.ofSeconds(5)).until(() -> liveSessions().stream()
                    .noneMatch(s -> "acct-aoi-1".equals(s.get("acctSessionId"))));
            int binds = directory.binds();
            assertReject(headend.access("aoi", TestDirectory.PASSWORD), RejectReason.USER_DISABLED, false, "aoi");
            assertThat(directory.binds()).as("no directory call for a disabled user").isEqualTo(binds);

            // enabled again: connects again
            userChanged("aoi", true, null, null);
            assertThat(headend.access("aoi", TestDirectory.PASSWORD).getCode()).isEqualTo(2);
        }
    }

    @Test
    void aUserConnectsOnlyWithinTheirValidityPeriodCheckedAtDecisionTimeAndIsCutOffWhenItEnds() throws Exception {
        try (TestNas headend = nas(); FakeHeadend coa = new FakeHeadend(NAS, 37991, tenant.secret)) {
            Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            userChanged("sora", true, now.plus(1, ChronoUnit.HOURS), null);
            assertReject(headend.access("sora", TestDirectory.PASSWORD), RejectReason.USER_DISABLED, false, "sora");

            // the period ends in a few seconds: accepted now, refused once it is over, with no event in between
            Instant until = Instant.now().truncatedTo(ChronoUnit.MILLIS).plusSeconds(3);
            userChanged("sora", true, now.minus(1, ChronoUnit.HOURS), until);
            assertThat(headend.access("sora", TestDirectory.PASSWORD).getCode()).isEqualTo(2);
            headend.accounting(1, "acct-sora-1", "sora", null);
            await().atMost(Duration.ofSeconds(10)).until(() -> liveSessions().stream()
                    .anyMatch(s -> "acct-sora-1".equals(s.get("acctSessionId"))));
            assertThat(coa.disconnectedSessions()).as("connected while the period lasts").doesNotContain("acct-sora-1");
            await().pollDelay(Duration.ofMillis(200)).atMost(Duration.ofSeconds(10)).until(() -> Instant.now().isAfter(until));
            assertReject(headend.access("sora", TestDirectory.PASSWORD), RejectReason.USER_DISABLED, false, "sora");
            // the session that was live when the period ended is disconnected by the validity sweep
            await().atMost(Duration.ofSeconds(20)).until(() -> coa.disconnectedSessions().contains("acct-sora-1"));
            await().atMost(Duration.ofSeconds(5)).until(() -> liveSessions().stream()
                    .noneMatch(s -> "acct-sora-1".equals(s.get("acctSessionId"))));
        }
    }

    @Test
    void aDeviceOutsideItsValidityPeriodIsRefusedAndItsProvenUserIsToldWhy() throws Exception {
        try (TestNas headend = nas()) {
            assertThat(headend.access("kaito", TestDirectory.PASSWORD, "mdm-tlv=device-uid=SN-KAITO").getCode())
                    .isEqualTo(2);
            Instant yesterday = Instant.now().minus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.MILLIS);
            TestEvents.publish(broker, new DeviceChanged(tenant.id, "d-kaito", "d-kaito", true, DeviceType.WINDOWS,
                    true, DeviceAuthMethod.SERIAL_ID, "SN-KAITO", null, null, yesterday));
            await().atMost(Duration.ofSeconds(20)).until(() -> model.devicesOf(tenant.id, "u-kaito").stream()
                    .anyMatch(d -> yesterday.equals(d.validUntil())));
            assertReject(headend.access("kaito", TestDirectory.PASSWORD, "mdm-tlv=device-uid=SN-KAITO"),
                    RejectReason.DEVICE_OUTSIDE_VALIDITY, true, "kaito");

            // a device a CSV import created with a period that has not begun
            Instant tomorrow = Instant.now().plus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.MILLIS);
            TestEvents.publish(broker, new DevicesImported(tenant.id, "imp-" + tenant.id, 0, List.of(new DeviceChanged(
                    tenant.id, "d-yui", "d-yui", true, DeviceType.WINDOWS, false, null, null, null, tomorrow, null))));
            TestEvents.publish(broker, new DeviceAssigned(tenant.id, "d-yui", "u-yui", "yui"));
            TestEvents.publish(broker, new ProfileSettingsChanged(tenant.id, "u-yui:d-yui", "u-yui", "d-yui", true,
                    true, true));
            tenant.awaitUser("yui", 1);
            await().atMost(Duration.ofSeconds(20)).until(() -> model.devicesOf(tenant.id, "u-yui").stream()
                    .anyMatch(d -> tomorrow.equals(d.validFrom())));
            assertReject(headend.access("yui", TestDirectory.PASSWORD), RejectReason.DEVICE_OUTSIDE_VALIDITY, false,
                    "yui");
        }
    }

    @Test
    void theLastAcceptAndTheLastRejectWithItsReasonAreAnsweredForTheCallersTenantOnly() throws Exception {
        try (TestNas headend = nas()) {
            userChanged("ren", false, null, null);
            assertReject(headend.access("ren", TestDirectory.PASSWORD), RejectReason.USER_DISABLED, false, "ren");
            userChanged("ren", true, null, null);
            assertThat(headend.access("ren", TestDirectory.PASSWORD).getCode()).isEqualTo(2);
            Instant beforeLastReject = Instant.now();
            assertReject(headend.access("ren", "wrong"), RejectReason.BAD_PASSWORD, false, "ren");
        }
        ResponseEntity<Map> answer = lastSeen(tenant.id, "users=u-ren,u-nobody&devices=d-ren");
        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.OK);
        Map<String, Map<String, Object>> users = (Map) answer.getBody().get("users");
        Map<String, Map<String, Object>> devices = (Map) answer.getBody().get("devices");
        assertThat(users).containsOnlyKeys("u-ren");
        // the later rejection's reason, though USER_DISABLED sorts after BAD_PASSWORD
        assertThat(users.get("u-ren")).containsEntry("lastRejectReason", "BAD_PASSWORD");
        assertThat(users.get("u-ren").get("lastAcceptAt")).isNotNull();
        assertThat(Instant.parse((String) users.get("u-ren").get("lastRejectAt")))
                .isAfter(Instant.parse((String) users.get("u-ren").get("lastAcceptAt")));
        // the wrong password proved no device: the device has its accept, no rejection
        assertThat(devices.get("d-ren").get("lastAcceptAt")).isNotNull();
        assertThat(devices.get("d-ren").get("lastRejectAt")).isNull();

        // another tenant asking for the same ids sees nothing
        ResponseEntity<Map> foreign = lastSeen("other-" + tenant.id, "users=u-ren&devices=d-ren");
        assertThat(foreign.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat((Map) foreign.getBody().get("users")).isEmpty();
        assertThat((Map) foreign.getBody().get("devices")).isEmpty();

        String tooMany = "users=" + String.join(",", IntStream.range(0, 501).mapToObj(i -> "u-" + i)
                .toList());
        ResponseEntity<Map> refused = lastSeen(tenant.id, tooMany);
        assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(refused.getBody()).containsEntry("type", "urn:sra:problem:last-seen-too-many");
    }

    ResponseEntity<Map> lastSeen(String tenantId, String query) {
        HttpHeaders headers = new HttpHeaders();
        headers.setBearerAuth(TestTokens.auditor(tenantId));
        return http.exchange("/api/auth/last-seen?" + query, HttpMethod.GET, new HttpEntity<>(headers), Map.class);
    }

    void assertReject(Packet answer, RejectReason reason, boolean deviceProven, String user) {
        assertThat(answer).as(reason.name()).isNotNull();
        assertThat(answer.getCode()).as(reason.name()).isEqualTo(3);
        String reply = answer.getAttribute(ReplyMessage.class).map(a -> a.getData().getValue()).orElse(null);
        assertThat(reply).as(reason.name()).isEqualTo(reason.clientMessage(deviceProven, "en"));
        await().atMost(Duration.ofSeconds(10)).until(() -> !query("/api/auth/decisions?user=" + user + "&reason="
                + reason.name()).isEmpty());
    }

    List<Map<String, Object>> liveSessions() {
        return query("/api/auth/sessions");
    }

    List<Map<String, Object>> query(String path) {
        HttpHeaders headers = new HttpHeaders();
        headers.setBearerAuth(TestTokens.auditor(tenant.id));
        ResponseEntity<List> answer = http.exchange(path, HttpMethod.GET, new HttpEntity<>(headers), List.class);
        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.OK);
        return answer.getBody();
    }
}
