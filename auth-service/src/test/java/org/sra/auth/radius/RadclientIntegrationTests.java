package org.sra.auth.radius;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.TestRestTemplate;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureTestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.sra.auth.decision.RejectReason;
import org.sra.auth.readmodel.ReadModel;
import org.sra.auth.support.Radclient;
import org.sra.auth.support.TestDirectory;
import org.sra.auth.support.TestEvents;
import org.sra.auth.support.TestTenant;
import org.sra.events.device.DeviceAuthMethod;
import org.sra.events.device.DeviceAutoRegistered;
import org.sra.events.device.DeviceType;
import org.sra.events.profile.ProxyMode;
import org.sra.events.settings.AuthType;
import org.sra.events.settings.SettingsChanged;
import org.sra.events.tenant.TenantSuspended;
import org.sra.events.user.UserSource;
import org.sra.events.user.VpnUserAdded;
import org.sra.fixtures.ad.Slapd;
import org.sra.kit.secrets.SecretSealer;
import org.sra.kit.test.SraIntegrationTest;
import org.sra.kit.test.TestTokens;

/**
 * §6 driven by Debian's real {@code radclient} (freeradius-utils) against the running service and
 * an AD-like LDAP directory: accept, every reject reason, the two-step auto-registration,
 * accounting, duplicates and a missing Message-Authenticator. Skipped, with a message, on a
 * machine without radclient (install {@code freeradius-utils}); the same ground is covered from
 * the JVM by {@link RadiusIntegrationTests}.
 */
@SraIntegrationTest
@AutoConfigureTestRestTemplate
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RadclientIntegrationTests {

    static final String MA = "Message-Authenticator = 0x00";
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
        Assumptions.assumeTrue(Radclient.installed(),
                "radclient is not installed (apt-get install freeradius-utils); RadiusIntegrationTests covers this from the JVM");
        if (setUpFailure != null) {
            throw setUpFailure;
        }
        if (tenant != null) {
            return;
        }
        try {
            directory = TestDirectory.start("alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi", "ivan");
            // radclient always sends from 127.0.0.1: this tenant's headend
            tenant = TestTenant.provision(broker, model, sealer, "rc-" + UUID.randomUUID().toString().substring(0, 6),
                    "127.0.0.1", "10.88.0.0/29", directory.address(), ProxyMode.CLIENT_SETTINGS);
            for (String user : List.of("alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi")) {
                tenant.user(user);
            }
            tenant.device("alice", "d-alice", DeviceType.WINDOWS, DeviceAuthMethod.SERIAL_ID, "SN-ALICE", null, true, true, true);
            tenant.device("bob", "d-bob", DeviceType.WINDOWS, DeviceAuthMethod.SERIAL_ID, null, null, true, true, true);
            tenant.device("carol", "d-carol", DeviceType.WINDOWS, DeviceAuthMethod.SERIAL_ID, "SN-CAROL", null, false, true, true);
            tenant.device("dave", "d-dave", DeviceType.WINDOWS, DeviceAuthMethod.SERIAL_ID, "SN-DAVE", null, true, false, true);
            tenant.device("erin", "d-erin", DeviceType.WINDOWS, null, null, null, true, true, false);
            tenant.device("grace", "d-grace", DeviceType.MAC, DeviceAuthMethod.MAC_ADDRESS, null, "00:aa:bb:cc:dd:ee", true, true, true);
            tenant.device("heidi", "d-heidi", DeviceType.WINDOWS, null, null, null, true, true, true);
            for (String user : List.of("alice", "bob", "carol", "dave", "erin", "grace", "heidi")) {
                tenant.awaitUser(user, 1);
            }
            tenant.awaitUser("frank", 0);
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

    Radclient.Result auth(String user, String password, String... avPairs) throws Exception {
        StringBuilder packet = new StringBuilder("User-Name = \"" + user + "\", User-Password = \"" + password + "\", " + MA);
        for (String pair : avPairs) {
            packet.append(", Cisco-AVPair = \"").append(pair).append('"');
        }
        return Radclient.send(radius.authPort(), "auth", tenant.secret, packet.toString());
    }

    @Test
    void aKnownUserOnARegisteredDeviceIsAcceptedWithAddressAndSettings() throws Exception {
        Radclient.Result result = auth("alice", TestDirectory.PASSWORD, "mdm-tlv=device-uid=SN-ALICE",
                "mdm-tlv=device-platform=win");
        assertThat(result.received("Access-Accept")).as(result.output()).isTrue();
        assertThat(result.attribute("Framed-IP-Address")).startsWith("10.88.0.");
        assertThat(result.attribute("Framed-IP-Netmask")).isEqualTo("255.255.255.248");
        assertThat(result.output()).contains("Message-Authenticator = 0x");
        assertThat(result.output().indexOf("Message-Authenticator", result.output().indexOf("Received")))
                .as("Message-Authenticator first").isLessThan(result.output().indexOf("Framed-IP-Address",
                        result.output().indexOf("Received")));

        Radclient.Result mac = auth("grace", TestDirectory.PASSWORD, "mdm-tlv=device-platform=mac-intel",
                "mdm-tlv=device-mac=00-aa-bb-cc-dd-ee");
        assertThat(mac.received("Access-Accept")).as(mac.output()).isTrue();
    }

    @Test
    void theClientIsToldWhyOnlyWhereThatDoesNotConfirmThePassword() throws Exception {
        // unknown user, wrong password, and every refusal that only arises once the password was
        // right: one and the same answer, so trying passwords at the headend tells nothing
        String generic = RejectReason.BAD_PASSWORD.clientMessage(false, "en");
        assertThat(generic).contains("user name and password").contains("administrator");
        assertReject(auth("nobody", TestDirectory.PASSWORD), generic);
        assertReject(auth("alice", "wrong", "mdm-tlv=device-uid=SN-ALICE"), generic);
        assertReject(auth("frank", TestDirectory.PASSWORD), generic); // no device
        assertReject(auth("alice", TestDirectory.PASSWORD), generic); // not her device
        assertReject(auth("alice", TestDirectory.PASSWORD, "mdm-tlv=device-uid=SN-NEW", "mdm-tlv=device-platform=win"),
                generic); // auto-registration failed
        assertReject(auth("erin", TestDirectory.PASSWORD), generic); // proxy not applied, device without device authentication
        assertReject(auth("bob", TestDirectory.PASSWORD, "mdm-tlv=device-uid=SN-BOB-OTHER", "mdm-tlv=device-platform=android"),
                generic);
        // a device proven by its serial ID: its user is told what is wrong with it
        assertReject(auth("carol", TestDirectory.PASSWORD, "mdm-tlv=device-uid=SN-CAROL"),
                RejectReason.DEVICE_DISABLED.replyMessage("en"));
        assertReject(auth("dave", TestDirectory.PASSWORD, "mdm-tlv=device-uid=SN-DAVE"),
                RejectReason.PROFILE_DISABLED.replyMessage("en"));
    }

    void assertReject(Radclient.Result result, String replyMessage) {
        assertThat(result.received("Access-Reject")).as(result.output()).isTrue();
        assertThat(result.attribute("Reply-Message")).as(result.output()).isEqualTo(replyMessage);
    }

    @Test
    void autoRegistrationTakesTwoConnections() throws Exception {
        Radclient.Result first = auth("bob", TestDirectory.PASSWORD, "mdm-tlv=device-uid=SN-BOB", "mdm-tlv=device-platform=win");
        assertThat(first.received("Access-Reject")).as(first.output()).isTrue();
        assertThat(first.attribute("Reply-Message")).isEqualTo(RejectReason.DEVICE_REGISTERED_RECONNECT.replyMessage("en"));
        TestEvents.publish(broker, new DeviceAutoRegistered(tenant.id, "d-bob", "u-bob", "SN-BOB", "win"));
        await().atMost(Duration.ofSeconds(20)).until(() -> "SN-BOB".equals(model.devicesOf(tenant.id, "u-bob").get(0).serialId()));
        Radclient.Result second = auth("bob", TestDirectory.PASSWORD, "mdm-tlv=device-uid=SN-BOB", "mdm-tlv=device-platform=win");
        assertThat(second.received("Access-Accept")).as(second.output()).isTrue();
    }

    @Test
    void accountingStartAndStopAreAcknowledgedAndKeepTheSessionList() throws Exception {
        Radclient.Result accept = auth("heidi", TestDirectory.PASSWORD);
        String ip = accept.attribute("Framed-IP-Address");
        Radclient.Result start = Radclient.send(radius.acctPort(), "acct", tenant.secret,
                "Acct-Status-Type = Start, Acct-Session-Id = \"rc-heidi-1\", User-Name = \"heidi\", Framed-IP-Address = " + ip);
        assertThat(start.received("Accounting-Response")).as(start.output()).isTrue();
        assertThat(sessions()).anyMatch(s -> "rc-heidi-1".equals(s.get("acctSessionId")) && ip.equals(s.get("framedIp")));
        Radclient.Result stop = Radclient.send(radius.acctPort(), "acct", tenant.secret,
                "Acct-Status-Type = Stop, Acct-Session-Id = \"rc-heidi-1\", User-Name = \"heidi\", Framed-IP-Address = " + ip);
        assertThat(stop.received("Accounting-Response")).as(stop.output()).isTrue();
        assertThat(sessions()).noneMatch(s -> "rc-heidi-1".equals(s.get("acctSessionId")));
    }

    @Test
    void retransmissionsAreAnsweredOnceAndAMissingMessageAuthenticatorGetsNoAnswer() throws Exception {
        // a 10 ms retry timer makes radclient resend the very same packet while the first is decided
        Radclient.Result duplicated = Radclient.send(radius.authPort(), "auth", tenant.secret,
                "User-Name = \"heidi\", User-Password = \"" + TestDirectory.PASSWORD + "\", " + MA, "-t", "0.01", "-r", "5");
        assertThat(duplicated.received("Access-Accept")).as(duplicated.output()).isTrue();
        assertThat(decisions("heidi").size()).isLessThanOrEqualTo(2); // this one and the accounting test's

        Radclient.Result unprotected = Radclient.send(radius.authPort(), "auth", tenant.secret,
                "User-Name = \"alice\", User-Password = \"" + TestDirectory.PASSWORD + "\", Cisco-AVPair = \"mdm-tlv=device-uid=SN-ALICE\"",
                "-t", "1", "-r", "0");
        assertThat(unprotected.noReply()).as(unprotected.output()).isTrue();
    }

    /**
     * Next to last: the tenant's directory becomes OpenLDAP {@code slapd} (with the AD attributes), which
     * refuses {@code user@domain} bind names; the user's DN from {@code VpnUserAdded} is bound with.
     */
    @Test
    @Order(Integer.MAX_VALUE - 1)
    void aUserOfAnOpenLdapDirectoryIsCheckedWithTheDnFromTheEvent(@TempDir Path work) throws Exception {
        try (Slapd slapd = Slapd.start(work)) {
            slapd.addUser("judy", "Judy", "Judy-Passw0rd", true);
            TestEvents.publish(broker, settings("10.88.0.0/29", "127.0.0.1:" + slapd.port()));
            TestEvents.publish(broker, new VpnUserAdded(tenant.id, "u-judy", "judy", "Judy", null,
                    UserSource.ACTIVE_DIRECTORY, "cn=judy," + Slapd.USERS_DN));
            tenant.device("judy", "d-judy", DeviceType.WINDOWS, DeviceAuthMethod.SERIAL_ID, "SN-JUDY", null, true, true,
                    true);
            tenant.awaitUser("judy", 1);
            await().atMost(Duration.ofSeconds(20)).until(() -> ("127.0.0.1:" + slapd.port()).equals(
                    model.tenant(tenant.id).orElseThrow().activeDirectory().primaryIp()));

            Radclient.Result accept = auth("judy", "Judy-Passw0rd", "mdm-tlv=device-uid=SN-JUDY");
            assertThat(accept.received("Access-Accept")).as(accept.output()).isTrue();
            assertReject(auth("judy", "wrong", "mdm-tlv=device-uid=SN-JUDY"), RejectReason.BAD_PASSWORD.clientMessage(false, "en"));
        }
    }

    /** Last: it breaks the tenant's directory, fills its pool and suspends it. */
    @Test
    @Order(Integer.MAX_VALUE)
    void aFullPoolADeadDirectoryAndASuspendedTenantReachTheClientToo() throws Exception {
        TestEvents.publish(broker, settings("10.89.0.0/30", directory.address()));
        await().atMost(Duration.ofSeconds(20)).until(() -> "10.89.0.0/30".equals(model.tenant(tenant.id).orElseThrow().vpnPool()));
        assertThat(auth("alice", TestDirectory.PASSWORD, "mdm-tlv=device-uid=SN-ALICE").received("Access-Accept")).isTrue();
        // grace's MAC address proves her device: she is told the pool is full
        assertReject(auth("grace", TestDirectory.PASSWORD, "mdm-tlv=device-mac=00-aa-bb-cc-dd-ee"),
                RejectReason.POOL_EXHAUSTED.replyMessage("en"));

        TestEvents.publish(broker, settings("10.89.0.0/30", "127.0.0.1:1"));
        await().atMost(Duration.ofSeconds(20)).until(() -> "127.0.0.1:1".equals(
                model.tenant(tenant.id).orElseThrow().activeDirectory().primaryIp()));
        assertReject(auth("heidi", TestDirectory.PASSWORD), RejectReason.DIRECTORY_UNAVAILABLE.replyMessage("en"));

        TestEvents.publish(broker, new TenantSuspended(tenant.id));
        await().atMost(Duration.ofSeconds(20)).until(() -> model.tenant(tenant.id).orElseThrow().suspended());
        assertReject(auth("heidi", TestDirectory.PASSWORD), RejectReason.TENANT_SUSPENDED.replyMessage("en"));
    }

    SettingsChanged settings(String pool, String adPrimary) {
        return new SettingsChanged(tenant.id, AuthType.ACTIVE_DIRECTORY, true, true, List.of(), "10.0.0.53", "10.0.0.54",
                pool, "en", new SettingsChanged.ActiveDirectory("dc01", adPrimary, null, null, TestDirectory.DOMAIN,
                        TestDirectory.NETBIOS, false), null);
    }

    List<Map<String, Object>> sessions() {
        return (List) get("/api/auth/sessions").getBody();
    }

    List<Map<String, Object>> decisions(String user) {
        return (List) get("/api/auth/decisions?user=" + user).getBody();
    }

    ResponseEntity<List> get(String path) {
        HttpHeaders headers = new HttpHeaders();
        headers.setBearerAuth(TestTokens.admin(tenant.id));
        return http.exchange(path, HttpMethod.GET, new HttpEntity<>(headers), List.class);
    }
}
