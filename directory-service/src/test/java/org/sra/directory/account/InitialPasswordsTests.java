package org.sra.directory.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** R-OPS-1: initial passwords are random and pass the rule themselves. */
class InitialPasswordsTests {

    private final InitialPasswords passwords = new InitialPasswords();

    @Test
    void everyInitialPasswordPassesTheStrengthRuleAndNoneRepeats() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String password = passwords.next();
            assertThat(password).hasSize(16).doesNotContain("0", "O", "1", "l", "I");
            assertThat(PasswordRule.check("admin-12345678", password)).isEmpty();
            assertThat(seen.add(password)).isTrue();
        }
    }
}
