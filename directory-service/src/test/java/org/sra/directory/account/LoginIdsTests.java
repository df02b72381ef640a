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
}
