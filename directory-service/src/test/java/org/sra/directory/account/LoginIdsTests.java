package org.sra.directory.account;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LoginIdsTests {

    @Test
    void loginIdsAreLettersDigitsAndAFewSeparators() {
        assertThat(LoginIds.isValid("yamada@acme.co.jp")).isTrue();
        assertThat(LoginIds.isValid("admin-1a2b3c4d")).isTrue();
        assertThat(LoginIds.isValid("ya")).isFalse();
        assertThat(LoginIds.isValid("-yamada")).isFalse();
        assertThat(LoginIds.isValid("yama da")).isFalse();
        assertThat(LoginIds.isValid("山田")).isFalse();
    }

    @Test
    void loginIdsAreComparedWithoutRegardToCase() {
        assertThat(LoginIds.normalize(" Yamada@ACME ")).isEqualTo("yamada@acme");
    }

    @Test
    void accountsAddedByATenantsAdminLiveInTheTenantsScope() {
        String tenant = "3F2A9C1E-0000-4000-8000-000000000001";
        assertThat(LoginIds.scopeOf(tenant)).isEqualTo("3f2a9c1e");
        assertThat(LoginIds.scoped(" Suzuki ", tenant)).isEqualTo("suzuki@3f2a9c1e");
        assertThat(LoginIds.scoped("suzuki@3F2A9C1E", tenant)).isEqualTo("suzuki@3f2a9c1e");
        assertThat(LoginIds.scoped("suzuki@acme", tenant)).isEqualTo("suzuki@acme@3f2a9c1e");
        assertThat(LoginIds.scoped("suzuki@deadbeef", tenant)).isEqualTo("suzuki@deadbeef@3f2a9c1e");
        assertThat(LoginIds.inScopeOf("suzuki@3f2a9c1e", tenant)).isTrue();
        assertThat(LoginIds.inScopeOf("suzuki@deadbeef", tenant)).isFalse();
        assertThat(LoginIds.looksScoped("suzuki@deadbeef")).isTrue();
        assertThat(LoginIds.looksScoped("suzuki@acme")).isFalse();
        assertThat(LoginIds.looksScoped("admin-deadbeef")).isFalse();
    }
}
