package org.sra.directory.connector.ad;

import org.sra.fixtures.tls.TestAuthority;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import javax.net.ssl.TrustManager;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.Entry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sra.events.settings.LdapTransport;
import org.sra.fixtures.ad.DemoDirectory;

/**
 * The connector against UnboundID's in-memory server with the demo AD (UPN and NetBIOS binds,
 * disabled accounts, AD's diagnostic codes), R-SET-2 and R-USR-1. No Spring context.
 */
class ActiveDirectoryConnectorIntegrationTests {

    static final int GENERATED = 1_200;
    static DemoDirectory directory;

    @BeforeAll
    static void start() throws Exception {
        directory = DemoDirectory.start(0);
        for (int i = 0; i < GENERATED; i++) {
            directory.server().add(generated(i));
        }
    }

    @AfterAll
    static void stop() {
        directory.close();
    }

    static Entry generated(int i) {
        String name = String.format("user%05d", i);
        return new Entry("CN=" + name + "," + DemoDirectory.USERS_DN,
                new Attribute("objectClass", "top", "person", "organizationalPerson", "user"),
                new Attribute("cn", name),
                new Attribute("sAMAccountName", name),
                new Attribute("userPrincipalName", name + "@corp.example.com"),
                new Attribute("displayName", "Generated " + name),
                new Attribute("sAMAccountType", "805306368"),
                new Attribute("userAccountControl", "512"),
                new Attribute("userPassword", "Gen-Passw0rd!"));
    }

    static AdConnectionSettings settings(String netbios) {
        return AdConnectionSettings.of(new AdServer("dc01", "127.0.0.1", directory.port()), null,
                DemoDirectory.DOMAIN, netbios);
    }

    @Test
    void listsEveryUserAccountAcrossPagesWithItsEnabledState() throws Exception {
        try (ActiveDirectory ad = ActiveDirectory.connect(settings(null), "Administrator", DemoDirectory.ADMINISTRATOR_PASSWORD)) {
            List<AdUser> all = ad.users("", 100_000);
            assertThat(all).hasSize(GENERATED + 11);
            assertThat(all).filteredOn(u -> u.sAMAccountName().equals("ken.takahashi")).singleElement()
                    .satisfies(u -> assertThat(u.enabled()).isFalse());
            assertThat(all).filteredOn(u -> u.sAMAccountName().equals("taro.yamada")).singleElement()
                    .isEqualTo(new AdUser("taro.yamada", "山田 太郎", "taro.yamada@example.com",
                            "taro.yamada@corp.example.com", true, "CN=Taro Yamada," + DemoDirectory.USERS_DN));
            assertThat(all).noneMatch(u -> u.sAMAccountName().equals("VPN Users"));
            assertThat(ad.users("", 700)).hasSize(700);
        }
    }

    @Test
    void searchMatchesNameDisplayNameMailOrUpnAndInjectionStringsMatchNothingExtra() throws Exception {
        try (ActiveDirectory ad = ActiveDirectory.connect(settings(null), "Administrator", DemoDirectory.ADMINISTRATOR_PASSWORD)) {
            assertThat(ad.users("yamada", 100)).extracting(AdUser::sAMAccountName).containsExactly("taro.yamada");
            assertThat(ad.users("山田", 100)).extracting(AdUser::sAMAccountName).containsExactly("taro.yamada");
            assertThat(ad.users("user0119", 100)).hasSize(10);
            for (String attack : List.of("*", ")(", "*)(sAMAccountName=*", "\\", "\u0000", "taro*", "*)(|(objectClass=*")) {
                assertThat(ad.users(attack, 100)).as(attack).isEmpty();
            }
        }
    }

    @Test
    void verificationNamesTheStepThatFailed() throws Exception {
        ActiveDirectory.verify(settings(null), "Administrator", DemoDirectory.ADMINISTRATOR_PASSWORD);
        ActiveDirectory.verify(settings("CORP"), "Administrator", DemoDirectory.ADMINISTRATOR_PASSWORD);

        AdConnectionSettings closed = AdConnectionSettings.of(new AdServer("dc09", "127.0.0.1", closedPort()), null,
                DemoDirectory.DOMAIN, null);
        assertFailure(closed, DemoDirectory.ADMINISTRATOR_PASSWORD, AdFailure.UNREACHABLE, AdStep.CONNECT);
        assertFailure(settings(null), "wrong", AdFailure.BAD_CREDENTIALS, AdStep.BIND);
        assertFailure(settings(null), "", AdFailure.BAD_CREDENTIALS, AdStep.BIND);
        assertFailure(settings("WRONG"), DemoDirectory.ADMINISTRATOR_PASSWORD, AdFailure.BAD_NETBIOS_DOMAIN,
                AdStep.NETBIOS_BIND);
        AdConnectionSettings otherDomain = AdConnectionSettings.of(new AdServer("dc01", "127.0.0.1", directory.port()),
                null, "other.example.com", null);
        assertFailure(otherDomain, DemoDirectory.ADMINISTRATOR_PASSWORD, AdFailure.BAD_DOMAIN, AdStep.SEARCH_BASE);
    }

    @Test
    void aServerThatAcceptsButNeverAnswersTimesOut() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            AdConnectionSettings mute = AdConnectionSettings.of(new AdServer("dc", "127.0.0.1", silent.getLocalPort()),
                    null, DemoDirectory.DOMAIN, null).withTimeouts(Duration.ofMillis(500), Duration.ofMillis(500));
            long start = System.nanoTime();
            // connected, then no answer to the first request (the root DSE)
            assertFailure(mute, "x", AdFailure.UNREACHABLE, AdStep.SEARCH_BASE);
            try (ActiveDirectory ad = ActiveDirectory.connect(mute, "Administrator", "x")) {
                assertThatThrownBy(() -> ad.users("yamada", 10)).isInstanceOfSatisfying(AdException.class,
                        e -> assertThat(e.failure()).isEqualTo(AdFailure.UNREACHABLE));
            }
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        }
    }

    @Test
    void theSecondaryIsUsedOnlyWhenThePrimaryIsDownAndConfigured() throws Exception {
        DemoDirectory primary = DemoDirectory.start(0);
        DemoDirectory secondary = DemoDirectory.start(InetAddress.getByName("127.0.0.2"), 0);
        AdServer one = new AdServer("dc01", "127.0.0.1", primary.port());
        AdServer two = new AdServer("dc02", "127.0.0.2", secondary.port());
        try (ActiveDirectory withSecondary = ActiveDirectory.connect(AdConnectionSettings.of(one, two,
                DemoDirectory.DOMAIN, null), "Administrator", DemoDirectory.ADMINISTRATOR_PASSWORD);
             ActiveDirectory primaryOnly = ActiveDirectory.connect(AdConnectionSettings.of(one, null,
                     DemoDirectory.DOMAIN, null), "Administrator", DemoDirectory.ADMINISTRATOR_PASSWORD)) {
            assertThat(withSecondary.users("yamada", 10)).hasSize(1);
            assertThat(withSecondary.currentServer()).startsWith("127.0.0.1:");
            assertThat(primaryOnly.users("yamada", 10)).hasSize(1);

            primary.close();

            assertThat(withSecondary.users("yamada", 10)).hasSize(1);
            assertThat(withSecondary.currentServer()).startsWith("127.0.0.2:");
            assertThatThrownBy(() -> primaryOnly.users("", 10)).isInstanceOfSatisfying(AdException.class,
                    e -> assertThat(e.failure()).isEqualTo(AdFailure.UNREACHABLE));
        } finally {
            secondary.close();
        }
    }

    @Test
    void startTlsAndLdapsVerifyTheCertificate() throws Exception {
        try (DemoDirectory tls = DemoDirectory.startWithTls()) {
            AdConnectionSettings startTls = AdConnectionSettings.of(new AdServer("dc01", "127.0.0.1", tls.port("LDAP")),
                    null, DemoDirectory.DOMAIN, null).withTransport(LdapTransport.STARTTLS, tls.trustStore());
            AdConnectionSettings ldaps = AdConnectionSettings.of(new AdServer("dc01", "127.0.0.1", tls.port("LDAPS")),
                    null, DemoDirectory.DOMAIN, null).withTransport(LdapTransport.LDAPS, tls.trustStore());
            for (AdConnectionSettings secured : List.of(startTls, ldaps)) {
                ActiveDirectory.verify(secured, "Administrator", DemoDirectory.ADMINISTRATOR_PASSWORD);
                try (ActiveDirectory ad = ActiveDirectory.connect(secured, "Administrator", DemoDirectory.ADMINISTRATOR_PASSWORD)) {
                    assertThat(ad.users("yamada", 10)).hasSize(1);
                }
                // the JVM's default trust store does not trust the self-signed certificate
                assertFailure(secured.withTransport(secured.transport(), null)
                        .withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(1)), DemoDirectory.ADMINISTRATOR_PASSWORD,
                        AdFailure.TLS_UNTRUSTED, AdStep.TLS);
            }
        }
    }

    @Test
    void aTrustedCertificateForAnotherNameIsRefusedAsSuch() throws Exception {
        // the admin names the server dc01 of corp.example.com and gives its IP address; what answers
        // there presents a certificate the trust store accepts, but for files.example.net
        try (DemoDirectory other = DemoDirectory.startWithTls("files.example.net")) {
            for (AdConnectionSettings secured : List.of(
                    AdConnectionSettings.of(new AdServer("dc01", "127.0.0.1", other.port("LDAP")), null,
                            DemoDirectory.DOMAIN, null).withTransport(LdapTransport.STARTTLS, other.trustStore()),
                    AdConnectionSettings.of(new AdServer("dc01", "127.0.0.1", other.port("LDAPS")), null,
                            DemoDirectory.DOMAIN, null).withTransport(LdapTransport.LDAPS, other.trustStore()))) {
                assertFailure(secured.withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2)),
                        DemoDirectory.ADMINISTRATOR_PASSWORD, AdFailure.TLS_NAME_MISMATCH, AdStep.TLS);
            }
            // the same server named as its certificate names it is fine
            ActiveDirectory.verify(AdConnectionSettings.of(new AdServer("files.example.net", "127.0.0.1", other.port("LDAPS")),
                    null, DemoDirectory.DOMAIN, null).withTransport(LdapTransport.LDAPS, other.trustStore()),
                    "Administrator", DemoDirectory.ADMINISTRATOR_PASSWORD);
        }
    }

    @Test
    void aRegisteredCaIsTheOnlyOneTrusted() throws Exception {
        TestAuthority domainCa = TestAuthority.create("Corp Domain CA");
        TestAuthority otherCa = TestAuthority.create("Some Other CA");
        TrustManager registered = CaCertificates.trusting(
                CaCertificates.parse(domainCa.pem(), Instant.now()));
        TrustManager another = CaCertificates.trusting(
                CaCertificates.parse(otherCa.pem(), Instant.now()));
        try (DemoDirectory dc = DemoDirectory.startWithTls(domainCa.issueServer("dc01", "dc01." + DemoDirectory.DOMAIN),
                TestAuthority.PASSWORD.toCharArray());
             DemoDirectory files = DemoDirectory.startWithTls(domainCa.issueServer("files", "files.example.net"),
                     TestAuthority.PASSWORD.toCharArray())) {
            for (String listener : List.of("LDAP", "LDAPS")) {
                LdapTransport transport = listener.equals("LDAP") ? LdapTransport.STARTTLS : LdapTransport.LDAPS;
                AdConnectionSettings pinned = AdConnectionSettings.of(new AdServer("dc01", "127.0.0.1", dc.port(listener)),
                        null, DemoDirectory.DOMAIN, null).withTransport(transport, registered)
                        .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2));
                ActiveDirectory.verify(pinned, "Administrator", DemoDirectory.ADMINISTRATOR_PASSWORD);
                try (ActiveDirectory ad = ActiveDirectory.connect(pinned, "Administrator", DemoDirectory.ADMINISTRATOR_PASSWORD)) {
                    assertThat(ad.users("yamada", 10)).as(listener).hasSize(1);
                }
                // the same server with another CA registered: not signed by it
                assertFailure(pinned.withTransport(transport, another), DemoDirectory.ADMINISTRATOR_PASSWORD,
                        AdFailure.TLS_UNTRUSTED, AdStep.TLS);
                try (ActiveDirectory ad = ActiveDirectory.connect(pinned.withTransport(transport, another),
                        "Administrator", DemoDirectory.ADMINISTRATOR_PASSWORD)) {
                    assertThatThrownBy(() -> ad.users("yamada", 10)).as(listener).isInstanceOfSatisfying(
                            AdException.class, e -> assertThat(e.failure()).isEqualTo(AdFailure.TLS_UNTRUSTED));
                }
                // a certificate of the registered CA for another name is refused as such
                assertFailure(AdConnectionSettings.of(new AdServer("dc01", "127.0.0.1", files.port(listener)), null,
                        DemoDirectory.DOMAIN, null).withTransport(transport, registered)
                        .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2)), DemoDirectory.ADMINISTRATOR_PASSWORD,
                        AdFailure.TLS_NAME_MISMATCH, AdStep.TLS);
            }
        }
    }

    private static void assertFailure(AdConnectionSettings settings, String password, AdFailure expected, AdStep step) {
        assertThatThrownBy(() -> ActiveDirectory.verify(settings, "Administrator", password))
                .isInstanceOfSatisfying(AdException.class, e -> {
                    assertThat(e.failure()).isEqualTo(expected);
                    assertThat(e.step()).as(expected.name()).isEqualTo(step);
                });
    }

    static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
