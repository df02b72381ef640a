package org.sra.directory.connector.ad;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;

import com.unboundid.ldap.sdk.LDAPConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sra.fixtures.ad.Slapd;

/**
 * The connector against a second, independent LDAP implementation: Debian's OpenLDAP slapd,
 * started here (skipped with a message where slapd is not installed). slapd has no UPN binds
 * (an AD feature, proven against the demo AD), so names are DNs here.
 */
class OpenLdapConnectorIntegrationTests {

    static final int USERS = 1_200;
    @TempDir
    static Path work;
    static Slapd primary;
    static Slapd secondary;

    @BeforeAll
    static void start() throws Exception {
        primary = Slapd.start(work.resolve("primary"));
        secondary = Slapd.start(work.resolve("secondary"));
        try (LDAPConnection admin = primary.admin()) {
            for (int i = 0; i < USERS; i++) {
                String sam = String.format("user%05d", i);
                admin.add("dn: cn=" + sam + "," + Slapd.USERS_DN, "objectClass: user", "objectClass: inetOrgPerson",
                        "cn: " + sam, "sn: " + sam, "displayName: User " + sam, "sAMAccountName: " + sam,
                        "userPrincipalName: " + sam + "@corp.example.com", "sAMAccountType: 805306368",
                        "userAccountControl: " + (i % 100 == 0 ? "514" : "512"), "userPassword: Passw0rd!");
            }
        }
        primary.addUser("taro.yamada", "山田 太郎", "Passw0rd!", true);
        secondary.addUser("taro.yamada", "山田 太郎", "Passw0rd!", true);
    }

    @AfterAll
    static void stop() throws Exception {
        if (primary != null) {
            primary.close();
        }
        if (secondary != null) {
            secondary.close();
        }
    }

    static AdConnectionSettings settings(AdServer secondaryServer) {
        return AdConnectionSettings.of(new AdServer("ldap1", "127.0.0.1", primary.port()), secondaryServer,
                "corp.example.com", null);
    }

    @Test
    void pagedSearchReadsEveryUserBeyondTheServersPageAndSizeLimits() throws Exception {
        try (ActiveDirectory ldap = ActiveDirectory.connect(settings(null), Slapd.ADMIN_DN, Slapd.ADMIN_PASSWORD)) {
            List<AdUser> all = ldap.users(null, 100_000);
            assertThat(all).hasSize(USERS + 1);
            assertThat(all).filteredOn(u -> !u.enabled()).hasSize(USERS / 100);
            assertThat(ldap.users("山田", 10)).extracting(AdUser::sAMAccountName).containsExactly("taro.yamada");
            assertThat(ldap.users("user0005", 100)).hasSize(10);
            for (String attack : List.of("*", ")(", "*)(sAMAccountName=*", "\\", "\u0000", "user*")) {
                assertThat(ldap.users(attack, 100)).as(attack).isEmpty();
            }
        }
    }

    @Test
    void verificationNamesTheStepThatFailed() throws Exception {
        ActiveDirectory.verify(settings(null), Slapd.ADMIN_DN, Slapd.ADMIN_PASSWORD);
        assertFailure(settings(null), "corp.example.com", "wrong", AdFailure.BAD_CREDENTIALS);
        assertFailure(settings(null), "other.example.com", Slapd.ADMIN_PASSWORD, AdFailure.BAD_DOMAIN);
        AdConnectionSettings closed = AdConnectionSettings.of(new AdServer("ldap9", "127.0.0.1",
                ActiveDirectoryConnectorIntegrationTests.closedPort()), null, "corp.example.com", null);
        assertFailure(closed, "corp.example.com", Slapd.ADMIN_PASSWORD, AdFailure.UNREACHABLE);
    }

    @Test
    void failoverToTheSecondaryWhenThePrimaryIsStopped() throws Exception {
        Path extra = work.resolve("failover");
        Slapd doomed = Slapd.start(extra);
        doomed.addUser("taro.yamada", "山田 太郎", "Passw0rd!", true);
        AdConnectionSettings settings = AdConnectionSettings.of(new AdServer("ldap1", "127.0.0.1", doomed.port()),
                new AdServer("ldap2", "127.0.0.1", secondary.port()), "corp.example.com", null);
        try (ActiveDirectory ldap = ActiveDirectory.connect(settings, Slapd.ADMIN_DN, Slapd.ADMIN_PASSWORD)) {
            assertThat(ldap.users("yamada", 10)).hasSize(1);
            assertThat(ldap.currentServer()).endsWith(":" + doomed.port());

            doomed.close();

            assertThat(ldap.users("yamada", 10)).hasSize(1);
            assertThat(ldap.currentServer()).endsWith(":" + secondary.port());
        }
    }

    private static void assertFailure(AdConnectionSettings settings, String domain, String password,
                                      AdFailure expected) {
        AdConnectionSettings withDomain = new AdConnectionSettings(settings.primary(), settings.secondary(), domain,
                null, settings.transport(), null, null, 0, null);
        assertThatThrownBy(() -> ActiveDirectory.verify(withDomain, Slapd.ADMIN_DN, password))
                .isInstanceOfSatisfying(AdException.class, e -> assertThat(e.failure()).isEqualTo(expected));
    }

}
