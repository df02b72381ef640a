package org.sra.directory.account;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Login ids of admin accounts: 3–64 of letters, digits, {@code . _ @ -}, starting with a letter
 * or digit; compared without regard to case (kept in lower case).
 *
 * <p>Accounts that a tenant's admins create live in the tenant's own login scope: their login
 * ids end with {@code @} and the tenant's scope, the first 8 characters of its tenant id (e.g.
 * {@code suzuki@3f2a9c1e}). No other tenant can hold an id in that scope, so whether an id is
 * free there depends only on the tenant's own accounts, and creating an account tells an admin
 * nothing about other tenants' login ids.
 */
public final class LoginIds {

    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{2,63}");

    /** The form of a scoped login id: anything, then {@code @} and 8 hexadecimal digits. */
    private static final Pattern SCOPED = Pattern.compile(".*@[0-9a-f]{8}");
    private static final int SCOPE_LENGTH = 8;

    private LoginIds() {
    }

    public static boolean isValid(String loginId) {
        return loginId != null && VALID.matcher(loginId).matches();
    }

    public static String normalize(String loginId) {
        return loginId == null ? "" : loginId.strip().toLowerCase(Locale.ROOT);
    }

    /** A tenant's login scope: the first 8 characters of its id, in lower case. */
    public static String scopeOf(String tenantId) {
        return tenantId.substring(0, Math.min(SCOPE_LENGTH, tenantId.length())).toLowerCase(Locale.ROOT);
    }

    /** {@code name} (normalized) in the tenant's scope; a name already ending in it is kept. */
    public static String scoped(String name, String tenantId) {
        String suffix = "@" + scopeOf(tenantId);
        String normalized = normalize(name);
        return normalized.endsWith(suffix) ? normalized : normalized + suffix;
    }

    /** Whether the (normalized) id has the form of a scoped id, of whichever tenant. */
    public static boolean looksScoped(String normalizedLoginId) {
        return SCOPED.matcher(normalizedLoginId).matches();
    }

    /** Whether the (normalized) id lies in the tenant's scope. */
    public static boolean inScopeOf(String normalizedLoginId, String tenantId) {
        return normalizedLoginId.endsWith("@" + scopeOf(tenantId));
    }
}
