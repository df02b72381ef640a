package org.sra.directory.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.sra.events.settings.LdapTransport;
import org.sra.kit.error.DomainException;

/** R-SET-2: the AD dialog's required fields, default admin name and secondary rule. */
class ActiveDirectoryFormTests {

    static ActiveDirectoryForm form(String host, String ip, String secHost, String secIp, String domain, String admin,
                                    String password, String netbios) {
        return new ActiveDirectoryForm(host, ip, secHost, secIp, domain, admin, password, netbios, LdapTransport.PLAIN,
                null);
    }

    @Test
    void theAdminUserDefaultsToAdministratorAndValuesAreTrimmed() {
        ActiveDirectoryForm normal = form(" dc01 ", "192.0.2.10", "", " ", "Corp.Example.com", null, "pw", "corp")
                .normalized();
        assertThat(normal).isEqualTo(new ActiveDirectoryForm("dc01", "192.0.2.10", null, null, "corp.example.com",
                "Administrator", "pw", "CORP", LdapTransport.PLAIN, null));
        assertThat(normal.toString()).doesNotContain("pw");
    }

    @Test
    void eachRuleNamesItsField() {
        assertField(form(null, "192.0.2.10", null, null, "corp.example.com", null, "pw", null), "primaryHost");
        assertField(form("dc01.corp", "192.0.2.10", null, null, "corp.example.com", null, "pw", null), "primaryHost");
        assertField(form("dc01", null, null, null, "corp.example.com", null, "pw", null), "primaryIp");
        assertField(form("dc01", "192.0.2.300", null, null, "corp.example.com", null, "pw", null), "primaryIp");
        assertField(form("dc01", "192.0.2.10", "dc02", null, "corp.example.com", null, "pw", null), "secondaryIp");
        assertField(form("dc01", "192.0.2.10", null, "192.0.2.11", "corp.example.com", null, "pw", null), "secondaryHost");
        assertField(form("dc01", "192.0.2.10", null, null, "corp", null, "pw", null), "domain");
        assertField(form("dc01", "192.0.2.10", null, null, "corp.example.com", "admin)(cn=*", "pw", null), "adminUser");
        assertField(form("dc01", "192.0.2.10", null, null, "corp.example.com", null, "", null), "adminPassword");
        assertField(form("dc01", "192.0.2.10", null, null, "corp.example.com", null, "pw", "TOO-LONG-NETBIOS-NAME"),
                "netbiosDomain");
        // unencrypted LDAP only when chosen: no connection chosen is no default
        assertField(new ActiveDirectoryForm("dc01", "192.0.2.10", null, null, "corp.example.com", null, "pw", null, null,
                null), "transport");
    }

    private static void assertField(ActiveDirectoryForm form, String field) {
        assertThatThrownBy(form::normalized).as(field).isInstanceOfSatisfying(DomainException.class,
                e -> assertThat(e.properties()).containsEntry("field", field));
    }
}
