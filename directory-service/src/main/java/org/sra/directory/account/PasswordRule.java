package org.sra.directory.account;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The strong-password rule (R-ACC-2): at least 12 characters; at most 72 bytes in UTF-8 (what
 * bcrypt reads); at least three of lower case, upper case, digits and other characters; and not
 * containing the login id (or its part before {@code @}).
 */
public final class PasswordRule {

    public static final int MIN_LENGTH = 12;
    public static final int MAX_BYTES = 72;

    /** What is wrong with a candidate password. */
    public enum Violation { TOO_SHORT, TOO_LONG, TOO_FEW_KINDS, CONTAINS_LOGIN_ID }

    private PasswordRule() {
    }

    /** Every rule the candidate breaks; empty when it is strong enough. */
    public static List<Violation> check(String loginId, String candidate) {
        List<Violation> violations = new ArrayList<>();
        String password = candidate == null ? "" : candidate;
        if (password.codePointCount(0, password.length()) < MIN_LENGTH) {
            violations.add(Violation.TOO_SHORT);
        }
        if (password.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            violations.add(Violation.TOO_LONG);
        }
        if (kinds(password) < 3) {
            violations.add(Violation.TOO_FEW_KINDS);
        }
        if (containsLoginId(loginId, password)) {
            violations.add(Violation.CONTAINS_LOGIN_ID);
        }
        return List.copyOf(violations);
    }

    private static int kinds(String password) {
        boolean lower = false, upper = false, digit = false, other = false;
        for (int i = 0; i < password.length(); i++) {
            char c = password.charAt(i);
            if (c >= 'a' && c <= 'z') {
                lower = true;
            } else if (c >= 'A' && c <= 'Z') {
                upper = true;
            } else if (c >= '0' && c <= '9') {
                digit = true;
            } else {
                other = true;
            }
        }
        return (lower ? 1 : 0) + (upper ? 1 : 0) + (digit ? 1 : 0) + (other ? 1 : 0);
    }

    private static boolean containsLoginId(String loginId, String password) {
        if (loginId == null) {
            return false;
        }
        String lowerPassword = password.toLowerCase(Locale.ROOT);
        String id = loginId.toLowerCase(Locale.ROOT);
        String localPart = id.contains("@") ? id.substring(0, id.indexOf('@')) : id;
        return (id.length() >= 3 && lowerPassword.contains(id))
                || (localPart.length() >= 3 && lowerPassword.contains(localPart));
    }
}
