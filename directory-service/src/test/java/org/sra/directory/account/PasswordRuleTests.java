package org.sra.directory.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sra.directory.account.PasswordRule.Violation.CONTAINS_LOGIN_ID;
import static org.sra.directory.account.PasswordRule.Violation.TOO_FEW_KINDS;
import static org.sra.directory.account.PasswordRule.Violation.TOO_LONG;
import static org.sra.directory.account.PasswordRule.Violation.TOO_SHORT;

import org.junit.jupiter.api.Test;

/** R-ACC-2: the strong-password rule. */
class PasswordRuleTests {

    @Test
    void twelveCharactersOfThreeKindsAreStrongEnough() {
        assertThat(PasswordRule.check("yamada", "Kirishima2026")).isEmpty();
        assertThat(PasswordRule.check("yamada", "kirishima-2026")).isEmpty();
    }

    @Test
    void fewerThanTwelveCharactersAreTooShort() {
        assertThat(PasswordRule.check("yamada", "Kiri-2026")).containsExactly(TOO_SHORT);
    }

    @Test
    void twoKindsOfCharactersAreNotEnough() {
        assertThat(PasswordRule.check("yamada", "kirishimakirishima")).containsExactly(TOO_FEW_KINDS);
        assertThat(PasswordRule.check("yamada", "kirishima20262026")).containsExactly(TOO_FEW_KINDS);
    }

    @Test
    void thePasswordMustNotContainTheLoginIdInAnyCase() {
        assertThat(PasswordRule.check("yamada@acme", "My-YAMADA-2026")).containsExactly(CONTAINS_LOGIN_ID);
        assertThat(PasswordRule.check("yamada@acme", "x-Yamada@Acme-1")).containsExactly(CONTAINS_LOGIN_ID);
    }

    @Test
    void moreThanSeventyTwoBytesAreRefusedBecauseBcryptWouldIgnoreTheRest() {
        assertThat(PasswordRule.check("yamada", "Aa1-" + "x".repeat(69))).containsExactly(TOO_LONG);
        // 25 Japanese characters are 75 bytes in UTF-8
        assertThat(PasswordRule.check("yamada", "パ".repeat(25) + "Aa1")).contains(TOO_LONG);
    }

    @Test
    void nothingAtAllBreaksEveryLengthAndKindRule() {
        assertThat(PasswordRule.check("yamada", null)).containsExactly(TOO_SHORT, TOO_FEW_KINDS);
    }
}
