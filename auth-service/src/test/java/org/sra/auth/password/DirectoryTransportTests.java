package org.sra.auth.password;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.net.ssl.SSLSocketFactory;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.sra.auth.decision.PasswordCheck;
import org.sra.auth.readmodel.TenantView;
import org.sra.fixtures.tls.TestAuthority;
import org.sra.auth.support.TestDirectory;
import org.sra.events.settings.AuthType;
import org.sra.events.settings.LdapTransport;
import org.sra.events.settings.SettingsChanged;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * The AD transports of {@code SettingsChanged.ActiveDirectory.effectiveTransport()} against an
 * AD-like in-memory directory with a certificate from a test CA: LDAPS (TLS socket), StartTLS
 * on the LDAP port, plain LDAP; a directory whose certificate is not trusted is unavailable,
 * never a proof; events written before {@code transport} existed ({@code useTls} alone) mean StartTLS.
 */
class DirectoryTransportTests {

    static TestAuthority ca;
    static TestDirectory directory;
    /** A server of the same CA whose certificate names another host (a certificate anyone with one could present). */
    static TestDirectory impostor;
    static Path trustStore;

    @BeforeAll
    static void start() throws Exception {
        ca = TestAuthority.create("SRA Test Directory CA");
        directory = TestDirectory.startWithTls(ca.issue("dc01", "CN=dc01." + TestDirectory.DOMAIN,
                "DNS:dc01." + TestDirectory.DOMAIN, "serverAuth"), "taro");
        impostor = TestDirectory.startWithTls(ca.issue("other", "CN=files.example.net", "DNS:files.example.net,IP:127.0.0.1",
                "serverAuth"), "taro");
        trustStore = ca.trustStore();
    }

    @AfterAll
    static void stop() {
        for (TestDirectory started : new TestDirectory[] {directory, impostor}) {
            if (started != null) {
                started.close();
            }
        }
    }

    static PasswordVerification verification(Path trusted) {
        return verification(trusted, 389, 636);
    }

    static PasswordVerification verification(Path trusted, int ldapPort, int ldapsPort) {
        return verification(settings(trusted, ldapPort, ldapsPort), new SimpleMeterRegistry());
    }

    static PasswordVerification verification(Path trusted, MeterRegistry meters) {
        return verification(settings(trusted, 389, 636), meters);
    }

    static DirectorySettings settings(Path trusted, int ldapPort, int ldapsPort) {
        return new DirectorySettings(Duration.ofMillis(1500), 4, Duration.ofMillis(200), 4,
                Duration.ofSeconds(10), "https://login.microsoftonline.com/", trusted == null ? null : trusted.toString(),
                TestAuthority.PASSWORD, ldapPort, ldapsPort);
    }

    private static PasswordVerification verification(DirectorySettings settings, MeterRegistry meters) {
        EntraSignIn entra = new EntraSignIn(settings, new StaticListableBeanFactory().getBeanProvider(SSLSocketFactory.class));
        return new PasswordVerification(settings, entra, LocalPasswordsTests.passwords(Map.of()), meters);
    }

    static TenantView tenant(String address, LdapTransport transport) {
        SettingsChanged.ActiveDirectory ad = transport == null
                ? new SettingsChanged.ActiveDirectory("dc01", address, null, null, TestDirectory.DOMAIN, TestDirectory.NETBIOS, true)
                : new SettingsChanged.ActiveDirectory("dc01", address, null, null, TestDirectory.DOMAIN, TestDirectory.NETBIOS,
                        transport != LdapTransport.PLAIN, transport);
        return new TenantView("t-" + transport, false, "10.0.0.0/24", AuthType.ACTIVE_DIRECTORY, true, null, null, "ja",
                ad, null, null, null, null, null, false, Instant.now());
    }

    static TenantView tenant(String address, LdapTransport transport, String caCertificatesPem) {
        SettingsChanged.ActiveDirectory ad = new SettingsChanged.ActiveDirectory("dc01", address, null, null,
                TestDirectory.DOMAIN, TestDirectory.NETBIOS, true, transport, caCertificatesPem);
        // a tenant of its own each time: refusals must not open another check's circuit breaker
        return new TenantView("t-ca-" + UUID.randomUUID(), false, "10.0.0.0/24", AuthType.ACTIVE_DIRECTORY, true, null, null,
                "ja", ad, null, null, null, null, null, false, Instant.now());
    }

    static Instant inThreeSeconds() {
        return Instant.now().plusSeconds(3);
    }

    @Test
    void ldapsBindsOverATlsSocketToTheConfiguredPort() {
        PasswordVerification v = verification(trustStore);
        TenantView t = tenant("127.0.0.1:" + directory.ldapsPort(), LdapTransport.LDAPS);
        assertThat(v.verify(t, "taro", null, "taro", TestDirectory.PASSWORD, inThreeSeconds())).isEqualTo(PasswordCheck.VALID);
        assertThat(v.verify(t, "taro", null, "CORP\\taro", TestDirectory.PASSWORD, inThreeSeconds())).isEqualTo(PasswordCheck.VALID);
        assertThat(v.verify(t, "taro", null, "taro", "wrong", inThreeSeconds())).isEqualTo(PasswordCheck.INVALID);
    }

    @Test
    void startTlsUpgradesThePlainPortAndOldEventsMeanStartTls() {
        PasswordVerification v = verification(trustStore);
        assertThat(v.verify(tenant(directory.address(), LdapTransport.STARTTLS), "taro", null, "taro", TestDirectory.PASSWORD,
                inThreeSeconds())).isEqualTo(PasswordCheck.VALID);
        // the first form of the event: useTls = true and no transport
        assertThat(v.verify(tenant(directory.address(), null), "taro", null, "taro", TestDirectory.PASSWORD, inThreeSeconds()))
                .isEqualTo(PasswordCheck.VALID);
        assertThat(v.verify(tenant(directory.address(), LdapTransport.STARTTLS), "taro", null, "taro", "wrong",
                inThreeSeconds())).isEqualTo(PasswordCheck.INVALID);
    }

    @Test
    void plainLdapStillWorks() {
        PasswordVerification v = verification(null);
        assertThat(v.verify(tenant(directory.address(), LdapTransport.PLAIN), "taro", null, "taro", TestDirectory.PASSWORD,
                inThreeSeconds())).isEqualTo(PasswordCheck.VALID);
    }

    @Test
    void aCertificateFromAnUntrustedIssuerIsNeverAProof() {
        PasswordVerification v = verification(null); // the JVM's trust store does not know the test CA
        assertThat(v.verify(tenant("127.0.0.1:" + directory.ldapsPort(), LdapTransport.LDAPS), "taro", null, "taro",
                TestDirectory.PASSWORD, inThreeSeconds())).isEqualTo(PasswordCheck.UNAVAILABLE);
        assertThat(v.verify(tenant(directory.address(), LdapTransport.STARTTLS), "taro", null, "taro",
                TestDirectory.PASSWORD, inThreeSeconds())).isEqualTo(PasswordCheck.UNAVAILABLE);
    }

    @Test
    void aTrustedCertificateForAnotherNameIsNeverAProof() {
        PasswordVerification v = verification(trustStore);
        // dialled by IP, the admin named the server dc01 of corp.example.com: a certificate of the same
        // CA for files.example.net (even with the IP address in it) is refused over both transports
        assertThat(v.verify(tenant("127.0.0.1:" + impostor.ldapsPort(), LdapTransport.LDAPS), "taro", null, "taro",
                TestDirectory.PASSWORD, inThreeSeconds())).isEqualTo(PasswordCheck.UNAVAILABLE);
        assertThat(v.verify(tenant(impostor.address(), LdapTransport.STARTTLS), "taro", null, "taro",
                TestDirectory.PASSWORD, inThreeSeconds())).isEqualTo(PasswordCheck.UNAVAILABLE);
        // the real one, by the same IP address, names dc01.corp.example.com
        assertThat(v.verify(tenant("127.0.0.1:" + directory.ldapsPort(), LdapTransport.LDAPS), "taro", null, "taro",
                TestDirectory.PASSWORD, inThreeSeconds())).isEqualTo(PasswordCheck.VALID);
        assertThat(ActiveDirectoryServers.tlsName("dc01", "corp.example.com")).isEqualTo("dc01.corp.example.com");
        assertThat(ActiveDirectoryServers.tlsName("dc01.other.example", "corp.example.com")).isEqualTo("dc01.other.example");
    }

    @Test
    void aRegisteredCaIsTheOnlyCaTrusted() throws Exception {
        TestAuthority other = TestAuthority.create("Some Other CA");
        String registered = ca.pem();
        // no trust store configured: the JVM's does not know the test CA, the registered one is enough
        PasswordVerification v = verification(null);
        for (LdapTransport transport : List.of(LdapTransport.LDAPS, LdapTransport.STARTTLS)) {
            String address = transport == LdapTransport.LDAPS ? "127.0.0.1:" + directory.ldapsPort() : directory.address();
            assertThat(v.verify(tenant(address, transport, registered), "taro", null, "taro", TestDirectory.PASSWORD,
                    inThreeSeconds())).as(transport.name()).isEqualTo(PasswordCheck.VALID);
            assertThat(v.verify(tenant(address, transport, registered), "taro", null, "taro", "wrong",
                    inThreeSeconds())).as(transport.name()).isEqualTo(PasswordCheck.INVALID);
            // the same server is not signed by another registered CA
            assertThat(v.verify(tenant(address, transport, other.pem()), "taro", null, "taro", TestDirectory.PASSWORD,
                    inThreeSeconds())).as(transport.name()).isEqualTo(PasswordCheck.UNAVAILABLE);
            // a certificate of the registered CA for another name
            String impostorAddress = transport == LdapTransport.LDAPS
                    ? "127.0.0.1:" + impostor.ldapsPort() : impostor.address();
            assertThat(v.verify(tenant(impostorAddress, transport, registered), "taro", null, "taro",
                    TestDirectory.PASSWORD, inThreeSeconds())).as(transport.name()).isEqualTo(PasswordCheck.UNAVAILABLE);
        }
        // the registered CA replaces the configured trust store, which trusts the test CA
        PasswordVerification configured = verification(trustStore);
        assertThat(configured.verify(tenant("127.0.0.1:" + directory.ldapsPort(), LdapTransport.LDAPS, other.pem()),
                "taro", null, "taro", TestDirectory.PASSWORD, inThreeSeconds())).isEqualTo(PasswordCheck.UNAVAILABLE);
        assertThat(configured.verify(tenant("127.0.0.1:" + directory.ldapsPort(), LdapTransport.LDAPS, null),
                "taro", null, "taro", TestDirectory.PASSWORD, inThreeSeconds())).isEqualTo(PasswordCheck.VALID);
    }

    @Test
    void anAddressWithoutPortIsDialledOnTheConfiguredPorts() {
        int plainPort = Integer.parseInt(directory.address().substring(directory.address().lastIndexOf(':') + 1));
        PasswordVerification configured = verification(trustStore, plainPort, directory.ldapsPort());
        assertThat(configured.verify(tenant("127.0.0.1", LdapTransport.PLAIN), "taro", null, "taro", TestDirectory.PASSWORD,
                inThreeSeconds())).isEqualTo(PasswordCheck.VALID);
        assertThat(configured.verify(tenant("127.0.0.1", LdapTransport.LDAPS), "taro", null, "taro", TestDirectory.PASSWORD,
                inThreeSeconds())).isEqualTo(PasswordCheck.VALID);
    }

    @Test
    void ldapsDefaultsToPort636() {
        assertThat(ActiveDirectoryServers.HostAndPort.parse("192.0.2.10", 636).port()).isEqualTo(636);
    }
}
