package org.sra.directory.account;

import java.time.Instant;

/**
 * A tenant's account as its admins (and the operator) see it in the list: the account, its last
 * successful login, and its login delay (R-ACC-3) — {@code failedLogins} counted since the last
 * success, {@code locked} while a login must wait, until {@code lockedUntil}. Never a hash.
 */
public record AdminView(String accountId, String loginId, String role, boolean passwordChangeRequired,
                        Instant createdAt, Instant passwordChangedAt, Instant lastLoginAt, int failedLogins,
                        boolean locked, Instant lockedUntil) {

    static AdminView of(Account account, Instant lastLoginAt, LoginThrottle.Attempts attempts,
                        Instant lockedUntil) {
        AccountView view = account.view();
        return new AdminView(view.accountId(), view.loginId(), view.role(), view.passwordChangeRequired(),
                view.createdAt(), view.passwordChangedAt(), lastLoginAt, attempts.failures(), lockedUntil != null,
                lockedUntil);
    }
}
