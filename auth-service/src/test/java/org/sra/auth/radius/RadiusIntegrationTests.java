package org.sra.auth.radius;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.aaa4j.radius.core.attribute.attributes.FramedIpAddress;
import org.aaa4j.radius.core.attribute.attributes.FramedIpNetmask;
import org.aaa4j.radius.core.attribute.attributes.ReplyMessage;
import org.aaa4j.radius.core.attribute.attributes.VendorSpecific;
import org.aaa4j.radius.core.packet.Packet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.TestRestTemplate;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureTestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.sra.auth.decision.RejectReason;
import org.sra.auth.readmodel.ReadModel;
import org.sra.auth.support.FakeHeadend;
import org.sra.auth.support.NasHttp;
import org.sra.fixtures.tls.TestAuthority;
import org.sra.auth.support.TestDirectory;
import org.sra.auth.support.TestEvents;
import org.sra.auth.support.TestNas;
import org.sra.auth.support.TestTenant;
import org.sra.events.audit.AuditRecorded;
import org.sra.events.connection.ConnectionDecided;
import org.sra.events.connection.DeviceAutoRegistrationRequested;
import org.sra.events.device.DeviceAuthMethod;
import org.sra.events.device.DeviceAutoRegistered;
import org.sra.events.device.DeviceChanged;
import org.sra.events.device.DeviceType;
import org.sra.events.profile.ProxyMode;
import org.sra.events.session.SessionStarted;
import org.sra.events.settings.LdapTransport;
import org.sra.events.settings.SettingsChanged;
import org.sra.events.session.SessionStopped;
import org.sra.events.tenant.TenantSuspended;
import org.sra.kit.secrets.SecretSealer;
import org.sra.kit.test.SraIntegrationTest;
import org.sra.kit.test.TestTokens;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * §6 over RADIUS from a JVM headend (aaa4j-radius codec) against the real service: embedded
 * Kafka and Mongo, an AD-like LDAP directory. R-AUT-1 … R-AUT-7.
 */
@SraIntegrationTest
@AutoConfigureTestRestTemplate
class RadiusIntegrationTests {

    static final String WIN_PLATFORM = "mdm-tlv=device-platform=win";
    static TestDirectory directory;
    static TestTenant acme;
    static TestTenant clientProxy;
    static TestTenant broken;

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
    @LocalServerPort
    int port;
    @Autowired
    MeterRegistry meters;

    static Throwable setUpFailure;

    @BeforeEach
    void setUp() throws Throwable {
        if (setUpFailure != null) {
            throw setUpFailure;
        }
        if (acme != null) {
            return;
        }
        try {
            provision();
        } catch (Throwable e) {
            setUpFailure = e;
            throw e;
        }
    }

    void provision() throws Exception {
        directory = TestDirectory.start("taro", "hanako", "jiro", "saburo", "shiro", "goro", "rokuro", "ichiro", "kenji",
                "yuki", "mika", "nao", "emi", "kumi", "rin");
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        acme = TestTenant.provision(broker, model, sealer, "acme-" + suffix, "127.0.0.2", "10.77.0.0/24",
                directory.address(), ProxyMode.MANAGEMENT);
        for (String user : List.of("taro", "hanako", "jiro", "saburo", "shiro", "goro", "rokuro", "mika", "nao", "emi",
                "kumi", "rin")) {
            acme.user(user);
        }
        acme.device("taro", "d-taro", DeviceType.WINDOWS, DeviceAuthMethod.SERIAL_ID, "SN-TARO", null, true, true, true);
        acme.device("hanako", "d-hanako", DeviceType.MAC, DeviceAuthMethod.MAC_ADDRESS, null, "00:11:22:33:44:55", true,
                true, true);
        acme.device("jiro", "d-jiro", DeviceType.WINDOWS, DeviceAuthMethod.SERIAL_ID, null, null, true, true, true);
        acme.device("saburo", "d-saburo", DeviceType.WINDOWS, DeviceAuthMethod.SERIAL_ID, "SN-SABURO", null, false, true, true);
        acme.device("shiro", "d-shiro", DeviceType.WINDOWS, DeviceAuthMethod.SERIAL_ID, "SN-SHIRO", null, true, false, true);
        acme.device("rokuro", "d-rokuro", DeviceType.WINDOWS, DeviceAuthMethod.SERIAL_ID, "SN-ROKURO", null, true, true, true);
        acme.device("mika", "d-mika", DeviceType.WINDOWS, null, null, null, true, true, true);
        acme.device("nao", "d-nao", DeviceType.WINDOWS, null, null, null, true, true, true);
        acme.device("emi", "d-emi", DeviceType.WINDOWS, null, null, null, true, true, true);
        acme.device("kumi", "d-kumi", DeviceType.WINDOWS, null, null, null, true, true, true);
        acme.device("rin", "d-rin", DeviceType.WINDOWS, null, null, null, true, true, true);

        clientProxy = TestTenant.provision(broker, model, sealer, "cp-" + suffix, "127.0.0.3", "10.78.0.0/30",
                directory.address(), ProxyMode.CLIENT_SETTINGS);
        for (String user : List.of("ichiro", "kenji", "yuki")) {
            clientProxy.user(user);
        }
        clientProxy.device("ichiro", "d-ichiro", DeviceType.WINDOWS, null, null, null, true, true, false);
        clientProxy.device("kenji", "d-kenji", DeviceType.WINDOWS, null, null, null, true, true, true);
        clientProxy.device("yuki", "d-yuki", DeviceType.WINDOWS, null, null, null, true, true, true);

        broken = TestTenant.provision(broker, model, sealer, "broken-" + suffix, "127.0.0.4", "10.79.0.0/24",
                "127.0.0.1:1", ProxyMode.UNSELECTED);
        broken.user("taro");
        broken.device("taro", "d-broken-taro", DeviceType.WINDOWS, null, null, null, true, true, true);

        for (String user : List.of("taro", "hanako", "jiro", "saburo", "shiro", "rokuro", "mika", "nao", "emi", "kumi",
                "rin")) {
            acme.awaitUser(user, 1);
        }
        acme.awaitUser("goro", 0);
        for (String user : List.of("ichiro", "kenji", "yuki")) {
            clientProxy.awaitUser(user, 1);
        }
        broken.awaitUser("taro", 1);
    }

    @AfterAll
    static void tearDown() {
        if (directory != null) {
            directory.close();
        }
    }

    TestNas nas(TestTenant tenant, String address) throws Exception {
        return new TestNas(address, tenant.secret, radius.authPort(), radius.acctPort());
    }

    static List<byte[]> asa(Packet packet, int type) {
        return packet.getAttributes(VendorSpecific.class).stream()
                .filter(v -> v.getData().getVendorId() == 3076 && v.getData().getVendorType() == type)
                .map(v -> v.getData().getVsaData()).toList();
    }

    static String reply(Packet packet) {
        return packet.getAttribute(ReplyMessage.class).map(a -> a.getData().getValue()).orElse(null);
    }

    @Test
    void anAcceptCarriesTheAddressDnsProxyLocalLanAndGroupPolicyWithMessageAuthenticatorFirst() throws Exception {
        try (TestNas headend = nas(acme, "127.0.0.2")) {
            TestNas.Request request = headend.accessRequest("taro", TestDirectory.PASSWORD, true, acme.secret,
                    "mdm-tlv=device-uid=SN-TARO", WIN_PLATFORM, "mdm-tlv=device-mac=aa-bb-cc-dd-ee-ff");
            byte[] raw = headend.sendAuth(request.bytes(), 5000);
            assertThat(raw).isNotNull();
            assertThat(raw[0]).as("Access-Accept").isEqualTo((byte) 2);
            assertThat(raw[20]).as("Message-Authenticator is the first attribute").isEqualTo((byte) 80);
            Packet accept = headend.decode(raw, request.authenticator());

            String framedIp = accept.getAttribute(FramedIpAddress.class).orElseThrow().getData().getValue().getHostAddress();
            assertThat(framedIp).startsWith("10.77.0.");
            assertThat(accept.getAttribute(FramedIpNetmask.class).orElseThrow().getData().getValue().getHostAddress())
                    .isEqualTo("255.255.255.0");
            assertThat(asa(accept, 5)).containsExactly(new byte[] {10, 0, 0, 53});
            assertThat(asa(accept, 6)).containsExactly(new byte[] {10, 0, 0, 54});
            assertThat(asa(accept, 81)).containsExactly(new byte[] {0, 0, 0, 4});
            assertThat(new String(asa(accept, 80).get(0))).isEqualTo("10.0.0.8:8080");
            assertThat(new String(asa(accept, 82).get(0))).isEqualTo("*.corp.example.com;10.*");
            assertThat(asa(accept, 55)).containsExactly(new byte[] {0, 0, 0, 2});
            assertThat(accept.getAttribute(org.aaa4j.radius.core.attribute.attributes.Class.class).orElseThrow()
                    .getData().getValue()).asString().isEqualTo("OU=SRA-" + acme.id + ";");

            // the same device gets its address back while its lease lives
            Packet again = headend.access("taro", TestDirectory.PASSWORD, "mdm-tlv=device-uid=SN-TARO", WIN_PLATFORM);
            assertThat(again.getAttribute(FramedIpAddress.class).orElseThrow().getData().getValue().getHostAddress())
                    .isEqualTo(framedIp);
        }
    }

    @Test
    void aMacDeviceIsRecognisedByOneOfItsPresentedMacs() throws Exception {
        try (TestNas headend = nas(acme, "127.0.0.2")) {
            Packet answer = headend.access("hanako", TestDirectory.PASSWORD, "mdm-tlv=device-platform=mac-intel",
                    "mdm-tlv=device-mac=00-11-22-33-44-55");
            assertThat(answer.getCode()).isEqualTo(2);
        }
    }

    @Test
    void everyRejectHasItsReasonCodeAndAMessageTheUserUnderstands() throws Exception {
        try (TestNas headend = nas(acme, "127.0.0.2"); TestNas cp = nas(clientProxy, "127.0.0.3");
             TestNas dead = nas(broken, "127.0.0.4")) {
            assertReject(headend.access("ghost", TestDirectory.PASSWORD), "UNKNOWN_USER", acme, "ghost");
            assertReject(headend.access("taro", "wrong", "mdm-tlv=device-uid=SN-TARO"), "BAD_PASSWORD", acme, "taro");
            assertReject(headend.access("goro", TestDirectory.PASSWORD), "NO_DEVICE", acme, "goro");
            // their serial IDs prove their devices: they are told what is wrong with them
            assertReject(headend.access("saburo", TestDirectory.PASSWORD, "mdm-tlv=device-uid=SN-SABURO"),
                    "DEVICE_DISABLED", true, acme, "saburo");
            assertReject(headend.access("shiro", TestDirectory.PASSWORD, "mdm-tlv=device-uid=SN-SHIRO"),
                    "PROFILE_DISABLED", true, acme, "shiro");
            assertReject(headend.access("rokuro", TestDirectory.PASSWORD, WIN_PLATFORM), "DEVICE_MISMATCH", acme, "rokuro");
            assertReject(headend.access("rokuro", TestDirectory.PASSWORD, "mdm-tlv=device-uid=SN-OTHER", WIN_PLATFORM),
                    "AUTO_REGISTRATION_FAILED", acme, "rokuro");
            assertReject(cp.access("ichiro", TestDirectory.PASSWORD), "PROXY_NOT_APPLIED", clientProxy, "ichiro");
            assertThat(cp.access("kenji", TestDirectory.PASSWORD).getCode()).isEqualTo(2);
            Packet full = cp.access("yuki", TestDirectory.PASSWORD);
            assertReject(full, "POOL_EXHAUSTED", clientProxy, "yuki");
            assertThat(meters.counter("sra.auth.pool.exhausted").count()).isPositive();

            long start = System.nanoTime();
            assertReject(dead.access("taro", TestDirectory.PASSWORD), "DIRECTORY_UNAVAILABLE", broken, "taro");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
            TestEvents.publish(broker, new TenantSuspended(broken.id));
            await().atMost(Duration.ofSeconds(20)).until(() -> model.tenant(broken.id).orElseThrow().suspended());
            assertReject(dead.access("taro", TestDirectory.PASSWORD), "TENANT_SUSPENDED", broken, "taro");
        }
    }

    /**
     * A tenant that registered the CA of its domain controllers is asked over LDAPS trusting that
     * CA alone (the service's own trust store does not know it); a tenant that registered another
     * CA finds its directory unavailable, and the decision log says so.
     */
    @Test
    void aDirectoryIsTrustedThroughTheTenantsRegisteredCaOnly() throws Exception {
        TestAuthority domainCa = TestAuthority.create("Radius Domain CA");
        TestAuthority otherCa = TestAuthority.create("Radius Other CA");
        try (TestDirectory tls = TestDirectory.startWithTls(domainCa.issue("dc01", "CN=dc01." + TestDirectory.DOMAIN,
                "DNS:dc01." + TestDirectory.DOMAIN, "serverAuth"), "aiko")) {
            String suffix = UUID.randomUUID().toString().substring(0, 6);
            TestTenant pinned = tlsTenant("ca-" + suffix, "127.0.0.11", "10.80.0.0/24", tls, domainCa.pem());
            TestTenant wrongCa = tlsTenant("other-ca-" + suffix, "127.0.0.12", "10.81.0.0/24", tls, otherCa.pem());
            try (TestNas right = nas(pinned, "127.0.0.11"); TestNas wrong = nas(wrongCa, "127.0.0.12")) {
                assertThat(right.access("aiko", TestDirectory.PASSWORD).getCode()).isEqualTo(2);
                assertReject(right.access("aiko", "wrong"), "BAD_PASSWORD", pinned, "aiko");
                assertReject(wrong.access("aiko", TestDirectory.PASSWORD), "DIRECTORY_UNAVAILABLE", wrongCa, "aiko");
            }
        }
    }

    private TestTenant tlsTenant(String id, String nasAddress, String pool, TestDirectory tls, String caPem) {
        TestTenant tenant = TestTenant.provision(broker, model, sealer, id, nasAddress, pool,
                new SettingsChanged.ActiveDirectory("dc01." + TestDirectory.DOMAIN, "127.0.0.1:" + tls.ldapsPort(), null,
                        null, TestDirectory.DOMAIN, TestDirectory.NETBIOS, true, LdapTransport.LDAPS, caPem),
                ProxyMode.MANAGEMENT);
        tenant.user("aiko");
        tenant.device("aiko", "d-aiko-" + id, DeviceType.WINDOWS, null, null, null, true, true, true);
        tenant.awaitUser("aiko", 1);
        return tenant;
    }

    void assertReject(Packet answer, String reason, TestTenant tenant, String user) {
        assertReject(answer, reason, false, tenant, user);
    }

    void assertReject(Packet answer, String reason, boolean deviceProven, TestTenant tenant, String user) {
        assertThat(answer).as(reason).isNotNull();
        assertThat(answer.getCode()).as(reason).isEqualTo(3);
        // the client gets the reason's own message only where it does not confirm the password (or
        // the attempt proved the device); the decision log keeps the precise reason
        assertThat(reply(answer)).as(reason).isEqualTo(
                RejectReason.valueOf(reason).clientMessage(deviceProven, "en"));
        assertThat(decisions(tenant, user, reason)).as(reason).isNotEmpty();
    }

    @Test
    void theFirstConnectionRegistersTheDeviceAndTheNextOneConnects() throws Exception {
        try (TestNas headend = nas(acme, "127.0.0.2")) {
            Packet first = headend.access("jiro", TestDirectory.PASSWORD, "mdm-tlv=device-uid=SN-JIRO", WIN_PLATFORM);
            assertThat(first.getCode()).isEqualTo(3);
            assertThat(reply(first)).contains("registered").contains("connect again");
            DeviceAutoRegistrationRequested requested = TestEvents.awaitPublished(broker, acme.id,
                    DeviceAutoRegistrationRequested.class, r -> r.userName().equals("jiro"));
            assertThat(requested.presentedSerial()).isEqualTo("SN-JIRO");
            assertThat(requested.platform()).isEqualTo("win");
            assertThat(requested.userId()).isEqualTo("u-jiro");
            assertThat(requested.nasName()).as("the headend's name, for the admins' notice").isEqualTo("headend of " + acme.id);

            // device-service's answer
            TestEvents.publish(broker, new DeviceAutoRegistered(acme.id, "d-jiro", "u-jiro", "SN-JIRO", "win"));
            await().atMost(Duration.ofSeconds(20)).until(() -> "SN-JIRO".equals(
                    model.devicesOf(acme.id, "u-jiro").get(0).serialId()));
            Packet second = headend.access("jiro", TestDirectory.PASSWORD, "mdm-tlv=device-uid=SN-JIRO", WIN_PLATFORM);
            assertThat(second.getCode()).isEqualTo(2);
        }
    }

    @Test
    void packetsWithoutValidAuthenticationAreDroppedUnansweredAndCounted() throws Exception {
        double before = dropped("MISSING_MESSAGE_AUTHENTICATOR") + dropped("BAD_AUTHENTICATOR") + dropped("UNKNOWN_CLIENT");
        try (TestNas headend = nas(acme, "127.0.0.2"); TestNas stranger = nas(acme, "127.0.0.9")) {
            byte[] noMessageAuthenticator = headend.accessRequest("taro", TestDirectory.PASSWORD, false, acme.secret,
                    "mdm-tlv=device-uid=SN-TARO").bytes();
            assertThat(headend.sendAuth(noMessageAuthenticator, 700)).isNull();
            byte[] wrongSecret = headend.accessRequest("taro", TestDirectory.PASSWORD, true, "not-the-secret").bytes();
            assertThat(headend.sendAuth(wrongSecret, 700)).isNull();
            assertThat(stranger.sendAuth(headend.accessRequest("taro", TestDirectory.PASSWORD, true, acme.secret).bytes(),
                    700)).isNull();
        }
        assertThat(dropped("MISSING_MESSAGE_AUTHENTICATOR")).isPositive();
        assertThat(dropped("BAD_AUTHENTICATOR")).isPositive();
        assertThat(dropped("UNKNOWN_CLIENT")).isPositive();
        assertThat(dropped("MISSING_MESSAGE_AUTHENTICATOR") + dropped("BAD_AUTHENTICATOR") + dropped("UNKNOWN_CLIENT"))
                .isGreaterThanOrEqualTo(before + 3);
    }

    double dropped(String reason) {
        var counter = meters.find("sra.radius.dropped").tag("reason", reason).tag("port", "auth").counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void aRetransmissionGetsTheSameAnswerAndCausesNoSecondDecision() throws Exception {
        try (TestNas headend = nas(acme, "127.0.0.2")) {
            TestNas.Request request = headend.accessRequest("mika", TestDirectory.PASSWORD, true, acme.secret);
            byte[] first = headend.sendAuth(request.bytes(), 5000);
            byte[] second = headend.sendAuth(request.bytes(), 5000);
            assertThat(first).isNotNull();
            assertThat(second).isEqualTo(first);
            assertThat(decisions(acme, "mika", null)).hasSize(1);
        }
    }

    @Test
    void decisionsAreQueryablePerTenantAndPublished() throws Exception {
        try (TestNas headend = nas(acme, "127.0.0.2")) {
            assertThat(headend.access("nao", TestDirectory.PASSWORD).getCode()).isEqualTo(2);
        }
        List<Map<String, Object>> log = decisions(acme, "nao", null);
        assertThat(log).hasSize(1);
        assertThat(log.get(0)).containsEntry("result", "ACCEPT").containsEntry("deviceId", "d-nao")
                .containsEntry("nasClientId", acme.nasClientId).containsEntry("channel", "radius")
                .containsKeys("decidedAt", "latencyMillis", "framedIp");
        ConnectionDecided published = TestEvents.awaitPublished(broker, acme.id, ConnectionDecided.class,
                d -> d.userName().equals("nao"));
        assertThat(published.accepted()).isTrue();
        assertThat(published.deviceId()).isEqualTo("d-nao");
        // another tenant's admin sees none of it
        assertThat(query(clientProxy.id, "/api/auth/decisions?user=nao").getBody()).isEmpty();
        assertThat(query(acme.id, "/api/auth/decisions?result=REJECT&reason=NO_DEVICE").getBody())
                .allMatch(d -> "NO_DEVICE".equals(((Map<?, ?>) d).get("reason")));
        // the total the console pages by counts what the same filter lists, for the caller's tenant only
        assertThat(count(acme.id, "/api/auth/decisions/count?user=nao")).isEqualTo(1);
        assertThat(count(clientProxy.id, "/api/auth/decisions/count?user=nao")).isZero();
        assertThat(count(acme.id, "/api/auth/decisions/count?result=REJECT&reason=NO_DEVICE"))
                .isEqualTo(query(acme.id, "/api/auth/decisions?result=REJECT&reason=NO_DEVICE&size=500").getBody().size());
        // the overview's rejections by reason: one read, the same counts as the list's filter
        String since = Instant.now().minus(Duration.ofHours(24)).toString();
        HttpHeaders headers = new HttpHeaders();
        headers.setBearerAuth(TestTokens.auditor(acme.id));
        Map<String, Object> summary = http.exchange("/api/auth/decisions/rejects?from=" + since, HttpMethod.GET,
                new HttpEntity<>(headers), Map.class).getBody();
        Map<String, Number> byReason = (Map<String, Number>) summary.get("byReason");
        assertThat(((Number) summary.get("total")).longValue())
                .isEqualTo(count(acme.id, "/api/auth/decisions/count?result=REJECT&from=" + since))
                .isEqualTo(byReason.values().stream().mapToLong(Number::longValue).sum());
        assertThat(byReason.getOrDefault("NO_DEVICE", 0).longValue())
                .isEqualTo(count(acme.id, "/api/auth/decisions/count?result=REJECT&reason=NO_DEVICE&from=" + since));
    }

    private long count(String tenantId, String path) {
        HttpHeaders headers = new HttpHeaders();
        headers.setBearerAuth(TestTokens.auditor(tenantId));
        ResponseEntity<Map> answer = http.exchange(path, HttpMethod.GET, new HttpEntity<>(headers), Map.class);
        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.OK);
        return ((Number) answer.getBody().get("total")).longValue();
    }

    @Test
    void theHttpDecisionApiGivesTheSameDecisionToAnAuthenticatedNas() {
        Map<String, Object> body = Map.of("userName", "taro", "password", TestDirectory.PASSWORD, "deviceUid", "SN-TARO",
                "devicePlatform", "win");
        // from acme's registered NAS address, as RADIUS would come
        ResponseEntity<Map> accept = NasHttp.decide(port, "127.0.0.2", acme.nasClientId, acme.secret, body);
        assertThat(accept.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(accept.getBody()).containsEntry("result", "ACCEPT").containsEntry("primaryDns", "10.0.0.53")
                .containsEntry("proxyMode", "MANAGEMENT").containsEntry("localLanAllowed", true);
        assertThat((String) accept.getBody().get("framedIp")).startsWith("10.77.0.");

        Map<String, Object> wrong = Map.of("userName", "taro", "password", "nope", "deviceUid", "SN-TARO");
        assertThat(NasHttp.decide(port, "127.0.0.2", acme.nasClientId, acme.secret, wrong).getBody())
                .containsEntry("result", "REJECT").containsEntry("reason", "REJECTED");

        assertThat(NasHttp.decide(port, "127.0.0.2", acme.nasClientId, "guess", body).getStatusCode())
                .isEqualTo(HttpStatus.UNAUTHORIZED);
        // the right id and secret from another NAS client's address (clientProxy's) or an unregistered one
        assertThat(NasHttp.decide(port, "127.0.0.3", acme.nasClientId, acme.secret, body).getStatusCode())
                .isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(NasHttp.decide(port, "127.0.0.1", acme.nasClientId, acme.secret, body).getStatusCode())
                .isEqualTo(HttpStatus.UNAUTHORIZED);
    }

    @Test
    void accountingKeepsTheSessionListAndStopFreesTheAddress() throws Exception {
        try (TestNas headend = nas(acme, "127.0.0.2")) {
            Packet accept = headend.access("emi", TestDirectory.PASSWORD);
            String ip = accept.getAttribute(FramedIpAddress.class).orElseThrow().getData().getValue().getHostAddress();
            assertThat(headend.accounting(1, "acct-emi-1", "emi", ip).getCode()).isEqualTo(5);
            assertThat(headend.accounting(1, "acct-emi-1", "emi", ip).getCode()).isEqualTo(5); // duplicate Start
            assertThat(liveSessions(acme)).filteredOn(s -> "acct-emi-1".equals(s.get("acctSessionId"))).hasSize(1)
                    .allMatch(s -> ip.equals(s.get("framedIp")) && "d-emi".equals(s.get("deviceId")));
            SessionStarted started = TestEvents.awaitPublished(broker, acme.id, SessionStarted.class,
                    s -> s.userName().equals("emi"));
            assertThat(started.framedIp()).isEqualTo(ip);

            assertThat(headend.accounting(3, "acct-emi-1", "emi", ip).getCode()).isEqualTo(5);
            assertThat(headend.accounting(2, "acct-emi-1", "emi", ip).getCode()).isEqualTo(5);
            assertThat(liveSessions(acme)).noneMatch(s -> "acct-emi-1".equals(s.get("acctSessionId")));
            TestEvents.awaitPublished(broker, acme.id, SessionStopped.class,
                    s -> s.sessionId().equals(started.sessionId()) && s.cause() == SessionStopped.Cause.ACCOUNTING_STOP);
            // an Interim after the Stop brings no zombie back
            assertThat(headend.accounting(3, "acct-emi-1", "emi", ip).getCode()).isEqualTo(5);
            assertThat(liveSessions(acme)).noneMatch(s -> "acct-emi-1".equals(s.get("acctSessionId")));
        }
    }

    @Test
    void accountingOnFromARebootedNasEndsAllItsSessionsAndALostStopEndsByLeaseExpiry() throws Exception {
        try (TestNas cp = nas(clientProxy, "127.0.0.3")) {
            cp.accounting(1, "acct-cp-1", "kenji", "10.78.0.2");
            assertThat(liveSessions(clientProxy)).anyMatch(s -> "acct-cp-1".equals(s.get("acctSessionId")));
            assertThat(cp.accounting(7, null, null, null).getCode()).isEqualTo(5);
            assertThat(liveSessions(clientProxy)).noneMatch(s -> "acct-cp-1".equals(s.get("acctSessionId")));

            // the NAS reuses the id after its reboot; the Stop of the new session gets lost
            cp.accounting(1, "acct-cp-1", "kenji", "10.78.0.2");
            assertThat(liveSessions(clientProxy)).filteredOn(s -> "acct-cp-1".equals(s.get("acctSessionId"))).hasSize(1);
            await().atMost(Duration.ofSeconds(15)).until(() -> liveSessions(clientProxy).stream()
                    .noneMatch(s -> "acct-cp-1".equals(s.get("acctSessionId"))));
            TestEvents.awaitPublished(broker, clientProxy.id, SessionStopped.class,
                    s -> s.cause() == SessionStopped.Cause.LEASE_EXPIRED);
        }
    }

    @Test
    void anAdminDisconnectsASessionAndDisablingTheDeviceDisconnectsTheOthers() throws Exception {
        try (TestNas headend = nas(acme, "127.0.0.2");
             FakeHeadend coa = new FakeHeadend("127.0.0.2", 37991, acme.secret)) {
            headend.accounting(1, "acct-taro-1", "taro", null);
            String id = (String) liveSessions(acme).stream().filter(s -> "acct-taro-1".equals(s.get("acctSessionId")))
                    .findFirst().orElseThrow().get("id");
            HttpHeaders headers = new HttpHeaders();
            headers.setBearerAuth(TestTokens.admin(acme.id));
            ResponseEntity<Map> disconnected = http.exchange("/api/auth/sessions/" + id, HttpMethod.DELETE,
                    new HttpEntity<>(headers), Map.class);
            assertThat(disconnected.getStatusCode()).isEqualTo(HttpStatus.OK);
            assertThat(disconnected.getBody()).containsEntry("live", false).containsEntry("cause", "ADMIN_DISCONNECT");
            assertThat(coa.disconnectedSessions()).contains("acct-taro-1");
            // R-ACC-5: the disconnect is in the audit trail with the admin as actor
            AuditRecorded audit = TestEvents.awaitPublished(broker, acme.id,
                    AuditRecorded.class, a -> id.equals(a.targetId()));
            assertThat(audit.action()).isEqualTo("SESSION_DISCONNECTED");
            assertThat(audit.actor()).isEqualTo("admin@" + acme.id);
            // another tenant cannot touch it
            HttpHeaders foreign = new HttpHeaders();
            foreign.setBearerAuth(TestTokens.admin(clientProxy.id));
            assertThat(http.exchange("/api/auth/sessions/" + id, HttpMethod.DELETE, new HttpEntity<>(foreign), Map.class)
                    .getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);

            Packet accept = headend.access("hanako", TestDirectory.PASSWORD, "mdm-tlv=device-mac=00-11-22-33-44-55");
            String ip = accept.getAttribute(FramedIpAddress.class).orElseThrow().getData().getValue().getHostAddress();
            headend.accounting(1, "acct-hanako-1", "hanako", ip);
            assertThat(liveSessions(acme)).anyMatch(s -> "acct-hanako-1".equals(s.get("acctSessionId")));
            TestEvents.publish(broker, new DeviceChanged(acme.id, "d-hanako", "d-hanako", false, DeviceType.MAC, true,
                    DeviceAuthMethod.MAC_ADDRESS, null, "00:11:22:33:44:55"));
            await().atMost(Duration.ofSeconds(20)).until(() -> coa.disconnectedSessions().contains("acct-hanako-1"));
            await().atMost(Duration.ofSeconds(5)).until(() -> liveSessions(acme).stream()
                    .noneMatch(s -> "acct-hanako-1".equals(s.get("acctSessionId"))));
        }
    }

    List<Map<String, Object>> liveSessions(TestTenant tenant) {
        return (List) query(tenant.id, "/api/auth/sessions").getBody();
    }

    @Test
    void tenWrongPasswordsInParallelStopFurtherChecksAtTheDirectoryForThatUserOnly() throws Exception {
        try (TestNas headend = nas(acme, "127.0.0.2")) {
            // ten wrong guesses at once: each counts (one atomic increment each), whatever the interleaving
            ExecutorService guessers = Executors.newFixedThreadPool(10);
            List<Future<Packet>> guesses = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                int guess = i;
                guesses.add(guessers.submit(() -> {
                    try (TestNas own = nas(acme, "127.0.0.2")) {
                        return own.access("kumi", "guess-" + guess);
                    }
                }));
            }
            for (var guess : guesses) {
                assertThat(guess.get(10, TimeUnit.SECONDS).getCode()).isEqualTo(3);
            }
            guessers.shutdown();
            int bindsBefore = directory.binds();

            Packet right = headend.access("kumi", TestDirectory.PASSWORD);

            assertThat(right.getCode()).as("the right password, too late").isEqualTo(3);
            assertThat(reply(right)).isEqualTo(RejectReason.BAD_PASSWORD.clientMessage(false, "en"));
            assertThat(directory.binds()).as("binds at the directory").isEqualTo(bindsBefore);
            await().atMost(Duration.ofSeconds(20)).until(() -> !decisions(acme, "kumi", "PASSWORD_THROTTLED").isEmpty());
            assertThat(decisions(acme, "kumi", "BAD_PASSWORD")).hasSize(10);
            // another user behind the same headend is not held back
            assertThat(headend.access("rin", TestDirectory.PASSWORD).getCode()).isEqualTo(2);
        }
    }

    @Test
    void theLogsRefuseAPageOutOfRangeInsteadOfQuietlyClampingIt() {
        for (String path : List.of("/api/auth/decisions?size=100000", "/api/auth/decisions?page=-1",
                "/api/auth/sessions?size=0", "/api/auth/sessions?page=-1")) {
            HttpHeaders headers = new HttpHeaders();
            headers.setBearerAuth(TestTokens.auditor(acme.id));
            ResponseEntity<Map> refused = http.exchange(path, HttpMethod.GET, new HttpEntity<>(headers), Map.class);
            assertThat(refused.getStatusCode()).as(path).isEqualTo(HttpStatus.BAD_REQUEST);
            assertThat(refused.getBody()).as(path).containsEntry("type", "urn:sra:problem:page-invalid");
        }
    }

    List<Map<String, Object>> decisions(TestTenant tenant, String user, String reason) {
        String path = "/api/auth/decisions?user=" + user + (reason == null ? "" : "&reason=" + reason);
        return (List) query(tenant.id, path).getBody();
    }

    ResponseEntity<List> query(String tenantId, String path) {
        HttpHeaders headers = new HttpHeaders();
        headers.setBearerAuth(TestTokens.auditor(tenantId));
        ResponseEntity<List> answer = http.exchange(path, HttpMethod.GET, new HttpEntity<>(headers), List.class);
        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.OK);
        return answer;
    }
}
