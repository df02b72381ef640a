package org.sra.events.account;

import org.sra.events.EventPayload;

/**
 * A tenant's admin account was created, changed or removed (R-ACC-1, R-ACC-2, R-ACC-4). Carries
 * no password, hash or session: only who the account is and what happened to it.
 *
 * @param loginId the account's login id
 * @param role    {@code ADMIN} or {@code AUDITOR} after the change (before it, for {@code REMOVED})
 * @param change  {@code CREATED}, {@code ROLE_CHANGED}, {@code PASSWORD_CHANGED}, {@code PASSWORD_RESET}
 *                or {@code REMOVED}
 */
public record AdminAccountChanged(String tenantId, String accountId, String loginId, String role, String change)
        implements EventPayload {

    @Override
    public String aggregateId() {
        return accountId;
    }
}
