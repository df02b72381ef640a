package org.sra.directory.account;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Login ids of admin accounts: 3–64 of letters, digits, {@code . _ @ -}, starting with a letter
 * or digit; compared without regard to case (kept in lower case).
 */
public final class LoginIds {

    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{2,63}");

    private LoginIds() {
    }

    public static boolean isValid(String loginId) {
        return loginId != null && VALID.matcher(loginId).matches();
    }

    public static String normalize(String loginId) {
        return loginId == null ? "" : loginId.strip().toLowerCase(Locale.ROOT);
    }
}
