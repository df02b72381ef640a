package org.sra.directory.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.sra.events.settings.LdapTransport;
import org.sra.events.settings.SettingsChanged;
import org.sra.kit.error.DomainException;

/** R-SET-3: the Entra ID dialog's rules, the kept secret, and what SettingsChanged says of the directories. */
class EntraIdFormTests {

    static final String CLIENT = "6F1C2D3E-4A5B-4C6D-8E9F-0A1B2C3D4E5F";

    static EntraIdForm form(String secret, String expires, String admin) {
        return new EntraIdForm(" Contoso.Example ", CLIENT, secret, expires, admin, "Adm1n-Pass");
    }

    @Test
    void valuesAreTrimmedAndTheSecretNeverShows() {
        EntraIdForm normal = form("s3cret~value", "2027-03-31", " admin ").normalized(false);
        assertThat(normal).isEqualTo(new EntraIdForm("contoso.example", CLIENT.toLowerCase(), "s3cret~value",
                "2027-03-31", "admin", "Adm1n-Pass"));
        assertThat(normal.expiryDate()).isEqualTo(LocalDate.of(2027, 3, 31));
        assertThat(normal.toString()).doesNotContain("s3cret").doesNotContain("Adm1n");
    }

    @Test
    void anOmittedOrMaskedSecretKeepsTheStoredOneOnlyWhenThereIsOne() {
        for (String kept : new String[] {null, "", "********"}) {
            assertThat(form(kept, "2027-03-31", "admin").normalized(true).clientSecret()).isNull();
            assertField(form(kept, "2027-03-31", "admin"), false, "clientSecret", "entra-field-required");
        }
    }

    @Test
    void aNameWithoutADotIsTheTenantsInitialDomainAsInTheGuide() {
        assertThat(new EntraIdForm(" Bit-Drive ", CLIENT, "s", "2027-03-31", "admin", "pw").normalized(false).domain())
                .isEqualTo("bit-drive.onmicrosoft.com");
        assertThat(new EntraIdForm("contoso.example", CLIENT, "s", "2027-03-31", "admin", "pw").normalized(false).domain())
                .isEqualTo("contoso.example");
    }

    @Test
    void eachRuleNamesItsField() {
        assertField(new EntraIdForm(null, CLIENT, "s", "2027-03-31", "admin", "pw"), false, "domain",
                "entra-field-required");
        assertField(new EntraIdForm("conto so", CLIENT, "s", "2027-03-31", "admin", "pw"), false, "domain",
                "entra-field-invalid");
        assertField(new EntraIdForm("contoso.example", "app", "s", "2027-03-31", "admin", "pw"), false, "clientId",
                "entra-field-invalid");
        assertField(form("s", "31/03/2027", "admin"), false, "secretExpiresOn", "entra-field-invalid");
        assertField(form("s", null, "admin"), false, "secretExpiresOn", "entra-field-required");
        assertField(form("s", "2027-03-31", "admin@contoso.example"), false, "adminUser", "entra-admin-with-domain");
        assertField(form("s", "2027-03-31", "ad min"), false, "adminUser", "entra-field-invalid");
        assertField(new EntraIdForm("contoso.example", CLIENT, "s", "2027-03-31", "admin", ""), false,
                "adminPassword", "entra-field-required");
    }

    @Test
    void settingsChangedCarriesTheAdTransportAndTheSealedEntraSecret() {
        TenantSettings settings = TenantSettings.defaults("t1");
        settings.useActiveDirectory(new ActiveDirectoryConfig("dc01", "192.0.2.10", null, null, "corp.example.com",
                "Administrator", "sealed-pw", null, LdapTransport.LDAPS, null), "10.0.0.0/24");
        SettingsChanged.ActiveDirectory ad = settings.event("10.0.0.0/24").activeDirectory();
        assertThat(ad.transport()).isEqualTo(LdapTransport.LDAPS);
        assertThat(ad.useTls()).isTrue();

        settings.useEntraId(new EntraIdConfig("contoso.example", CLIENT, "sealed-secret", LocalDate.of(2027, 3, 31)),
                "10.0.0.0/24");
        SettingsChanged changed = settings.event("10.0.0.0/24");
        assertThat(changed.activeDirectory()).isNull();
        // the client secret, even sealed, is not sent: only directory-service uses it
        assertThat(changed.entraId()).isEqualTo(new SettingsChanged.EntraId(CLIENT, "contoso.example", null));
        assertThat(settings.pendingEvents()).hasSize(4); // two changes, each with its audit entry
        assertThat(List.of(settings.pendingEvents().toString())).noneMatch(s -> s.contains("sealed-pw\""))
                .noneMatch(s -> s.contains("sealed-secret"));
    }

    private static void assertField(EntraIdForm form, boolean stored, String field, String slug) {
        assertThatThrownBy(() -> form.normalized(stored)).as(field).isInstanceOfSatisfying(DomainException.class,
                e -> {
                    assertThat(e.slug()).isEqualTo(slug);
                    assertThat(e.properties()).containsEntry("field", field);
                });
    }
}
