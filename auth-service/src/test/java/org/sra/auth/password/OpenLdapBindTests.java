package org.sra.auth.password;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sra.auth.decision.PasswordCheck;
import org.sra.auth.readmodel.TenantView;
import org.sra.events.settings.AuthType;
import org.sra.events.settings.LdapTransport;
import org.sra.events.settings.SettingsChanged;
import org.sra.fixtures.ad.Slapd;

import io.micrometer.core.instrument.search.Search;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * Against Debian's OpenLDAP {@code slapd} with the AD attributes: slapd refuses {@code user@domain}
 * as a bind name (invalid DN syntax), so the user's entry DN from {@code VpnUserAdded} is bound
 * with instead — a right password is valid, a wrong one invalid, and slapd's refusal neither
 * counts as an unavailable directory nor opens the breaker. A user without a known DN cannot be
 * proven there. Skipped where slapd is not installed.
 */
class OpenLdapBindTests {

    @TempDir
    static Path work;
    static Slapd slapd;

    @BeforeAll
    static void start() throws Exception {
        slapd = Slapd.start(work);
        slapd.addUser("taro", "Taro", "Taro-Passw0rd", true);
    }

    @AfterAll
    static void stop() throws Exception {
        if (slapd != null) {
            slapd.close();
        }
    }

    static TenantView tenant() {
        SettingsChanged.ActiveDirectory ad = new SettingsChanged.ActiveDirectory("ldap01", "127.0.0.1:" + slapd.port(),
                null, null, "corp.example.com", "CORP", false, LdapTransport.PLAIN);
        return new TenantView("t-openldap", false, "10.0.0.0/24", AuthType.ACTIVE_DIRECTORY, true, null, null, "ja",
                ad, null, null, null, null, null, false, Instant.now());
    }

    @Test
    void aDirectoryThatTakesOnlyDnsIsAskedWithTheUsersDn() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        PasswordVerification v = DirectoryTransportTests.verification(null, meters);
        TenantView t = tenant();
        String dn = "cn=taro," + Slapd.USERS_DN;
        for (int round = 0; round < 5; round++) {
            assertThat(v.verify(t, "taro", dn, "taro", "Taro-Passw0rd", Instant.now().plusSeconds(3)))
                    .as("round %d", round).isEqualTo(PasswordCheck.VALID);
            assertThat(v.verify(t, "taro", dn, "CORP\\taro", "wrong", Instant.now().plusSeconds(3)))
                    .isEqualTo(PasswordCheck.INVALID);
        }
        assertThat(v.verify(t, "taro", null, "taro", "Taro-Passw0rd", Instant.now().plusSeconds(3)))
                .as("no DN known: nothing to bind with").isEqualTo(PasswordCheck.INVALID);
        assertThat(v.verify(t, "taro", "cn=nobody," + Slapd.USERS_DN, "taro", "Taro-Passw0rd",
                Instant.now().plusSeconds(3))).isEqualTo(PasswordCheck.INVALID);

        assertThat(Search.in(meters).name("resilience4j.circuitbreaker.calls").tag("kind", "successful").timer()
                .count()).as("every call answered").isEqualTo(12);
        assertThat(Search.in(meters).name("resilience4j.circuitbreaker.calls").tag("kind", "failed").timer()
                .count()).isZero();
        assertThat(Search.in(meters).name("resilience4j.circuitbreaker.state").tag("state", "closed").gauges())
                .isNotEmpty().allSatisfy(g -> assertThat(g.value()).isEqualTo(1.0));
    }

    @Test
    void afterTheFirstRefusalTheServerIsAskedWithTheDnAtOnce() throws Exception {
        ActiveDirectoryServers servers = new ActiveDirectoryServers(DirectoryTransportTests.settings(null, 389, 636));
        String address = "127.0.0.1:" + slapd.port();
        String dn = "cn=taro," + Slapd.USERS_DN;
        try (servers) {
            assertThat(servers.bind(address, LdapTransport.PLAIN, null, null, "taro@corp.example.com", dn, "Taro-Passw0rd", 2000))
                    .isTrue();
            // the server is remembered: even a bind name that is a DN (of no entry, which would be a wrong
            // password) is not tried any more, the user's DN answers
            assertThat(servers.bind(address, LdapTransport.PLAIN, null, null, "cn=nobody," + Slapd.USERS_DN, dn, "Taro-Passw0rd",
                    2000)).isTrue();
            assertThat(servers.bind(address, LdapTransport.PLAIN, null, null, "taro@corp.example.com", dn, "wrong", 2000))
                    .isFalse();
        }
    }
}
