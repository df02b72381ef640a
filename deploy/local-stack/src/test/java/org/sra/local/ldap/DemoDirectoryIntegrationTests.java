package org.sra.local.ldap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import com.unboundid.ldap.sdk.BindResult;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sra.fixtures.ad.DemoDirectory;

/** The demo directory answers as Active Directory does, over a real LDAP connection. */
class DemoDirectoryIntegrationTests {

    private static DemoDirectory directory;

    @BeforeAll
    static void start() throws LDAPException {
        directory = DemoDirectory.start(0);
    }

    @AfterAll
    static void stop() {
        directory.close();
    }

    @Test
    void theAdministratorFindsTheSampleUsersUnderCnUsers() throws LDAPException {
        try (LDAPConnection connection = connect()) {
            connection.bind(DemoDirectory.ADMINISTRATOR_DN, DemoDirectory.ADMINISTRATOR_PASSWORD);

            List<SearchResultEntry> users = connection.search(DemoDirectory.USERS_DN, SearchScope.ONE,
                    "(&(objectCategory=person)(objectClass=user))", "sAMAccountName", "displayName",
                    "userPrincipalName", "mail", "userAccountControl", "userPassword").getSearchEntries();

            assertThat(users).hasSize(11);
            SearchResultEntry taro = users.stream()
                    .filter(u -> "taro.yamada".equals(u.getAttributeValue("sAMAccountName"))).findFirst().orElseThrow();
            assertThat(taro.getAttributeValue("displayName")).isEqualTo("山田 太郎");
            assertThat(taro.getAttributeValue("userPrincipalName")).isEqualTo("taro.yamada@corp.example.com");
            assertThat(taro.getAttributeValue("mail")).isEqualTo("taro.yamada@example.com");
            assertThat(taro.getAttributeValueAsInteger("userAccountControl")).isEqualTo(512);
            assertThat(users).allSatisfy(u -> assertThat(u.hasAttribute("userPassword")).isFalse());
        }
    }

    @Test
    void theAccountDisabledBitFilterLeavesOutDisabledUsers() throws LDAPException {
        try (LDAPConnection connection = connect()) {
            connection.bind("CORP\\Administrator", DemoDirectory.ADMINISTRATOR_PASSWORD);

            List<String> enabled = names(connection, "(&(objectCategory=person)(objectClass=user)"
                    + "(!(userAccountControl:1.2.840.113556.1.4.803:=2)))");
            List<String> disabled = names(connection, "(userAccountControl:1.2.840.113556.1.4.803:=2)");

            assertThat(enabled).hasSize(9).contains("taro.yamada", "Administrator").doesNotContain("ken.takahashi");
            assertThat(disabled).containsExactlyInAnyOrder("ken.takahashi", "bob.smith");
        }
    }

    @Test
    void groupMembershipIsSearchableByMemberOf() throws LDAPException {
        try (LDAPConnection connection = connect()) {
            connection.bind("Administrator@corp.example.com", DemoDirectory.ADMINISTRATOR_PASSWORD);

            assertThat(names(connection, "(memberOf=" + DemoDirectory.VPN_USERS_GROUP_DN + ")"))
                    .hasSize(8).contains("taro.yamada", "alice.johnson").doesNotContain("mai.watanabe");
        }
    }

    @Test
    void aUserBindsWithTheUserPrincipalName() throws LDAPException {
        try (LDAPConnection connection = connect()) {
            BindResult result = connection.bind("taro.yamada@corp.example.com", DemoDirectory.USER_PASSWORD);

            assertThat(result.getResultCode()).isEqualTo(ResultCode.SUCCESS);
            assertThat(connection.getRootDSE().getAttributeValue("defaultNamingContext")).isEqualTo(DemoDirectory.BASE_DN);
        }
    }

    @Test
    void aUserBindsWithTheNetbiosDownLevelName() throws LDAPException {
        try (LDAPConnection connection = connect()) {
            assertThat(connection.bind("CORP\\hanako.sato", DemoDirectory.USER_PASSWORD).getResultCode())
                    .isEqualTo(ResultCode.SUCCESS);
            assertThat(connection.bind("corp\\Alice.Johnson", DemoDirectory.USER_PASSWORD).getResultCode())
                    .isEqualTo(ResultCode.SUCCESS);
        }
    }

    @Test
    void aWrongPasswordIsRefusedAsActiveDirectoryDoes() throws LDAPException {
        try (LDAPConnection connection = connect()) {
            assertThatThrownBy(() -> connection.bind("taro.yamada@corp.example.com", "wrong"))
                    .isInstanceOfSatisfying(LDAPException.class, e -> {
                        assertThat(e.getResultCode()).isEqualTo(ResultCode.INVALID_CREDENTIALS);
                        assertThat(e.getDiagnosticMessage()).contains("data 52e");
                    });
            assertThatThrownBy(() -> connection.bind("CORP\\nobody", "whatever"))
                    .isInstanceOfSatisfying(LDAPException.class,
                            e -> assertThat(e.getResultCode()).isEqualTo(ResultCode.INVALID_CREDENTIALS));
            assertThatThrownBy(() -> connection.bind("OTHER\\taro.yamada", DemoDirectory.USER_PASSWORD))
                    .isInstanceOfSatisfying(LDAPException.class,
                            e -> assertThat(e.getResultCode()).isEqualTo(ResultCode.INVALID_CREDENTIALS));
        }
    }

    @Test
    void aDisabledAccountCannotBindEvenWithTheRightPassword() throws LDAPException {
        try (LDAPConnection connection = connect()) {
            assertThatThrownBy(() -> connection.bind("ken.takahashi@corp.example.com", DemoDirectory.USER_PASSWORD))
                    .isInstanceOfSatisfying(LDAPException.class, e -> {
                        assertThat(e.getResultCode()).isEqualTo(ResultCode.INVALID_CREDENTIALS);
                        assertThat(e.getDiagnosticMessage()).contains("data 533");
                    });
        }
    }

    private static List<String> names(LDAPConnection connection, String filter) throws LDAPException {
        return connection.search(DemoDirectory.BASE_DN, SearchScope.SUB, filter, "sAMAccountName").getSearchEntries()
                .stream().map(e -> e.getAttributeValue("sAMAccountName")).toList();
    }

    private static LDAPConnection connect() throws LDAPException {
        return new LDAPConnection("127.0.0.1", directory.port());
    }
}
