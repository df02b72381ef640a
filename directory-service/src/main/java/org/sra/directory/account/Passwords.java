package org.sra.directory.account;

import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.stereotype.Component;
import java.nio.charset.StandardCharsets;

/**
 * bcrypt hashing (R-ACC-2). {@link #burn} spends the same time as a real check, so an unknown
 * or locked account answers as slowly as a wrong password.
 */
@Component
class Passwords {

    private final BCryptPasswordEncoder encoder;
    private final String decoy;

    Passwords(AccountSettings settings) {
        this.encoder = new BCryptPasswordEncoder(settings.bcryptCost());
        this.decoy = encoder.encode("decoy password that matches nothing");
    }

    String hash(String raw) {
        return encoder.encode(raw);
    }

    boolean matches(String raw, String hash) {
        if (raw == null || hash == null) {
            burn(raw);
            return false;
        }
        if (tooLong(raw)) {
            burn(raw);
            return false;
        }
        return encoder.matches(raw, hash);
    }

    void burn(String raw) {
        encoder.matches(raw == null || tooLong(raw) ? "" : raw, decoy);
    }

    /** bcrypt reads 72 bytes; longer passwords are refused by the rule and never match. */
    private static boolean tooLong(String raw) {
        return raw.getBytes(StandardCharsets.UTF_8).length > PasswordRule.MAX_BYTES;
    }
}
