package org.sra.events.account;

import java.time.Instant;

import org.jspecify.annotations.Nullable;
import org.sra.events.EventPayload;

/**
 * Bearer tokens of a tenant's admin account must stop working at every service, not only at
 * directory-service (which checks its sessions itself): every service refuses them from the
 * moment it reads this event. Carries no token, only what identifies the tokens.
 *
 * @param sessionId tokens whose {@code sid} claim is this session (a logout: every token of that
 *                  session, also the earlier ones refreshed away); null when {@code notBefore} says
 * @param notBefore tokens of the account whose {@code iat} is before this whole second (role
 *                  change, password change or reset, removal); directory-service issues the
 *                  account's later tokens with an {@code iat} of this instant or later. Null for a logout
 * @param until     when the revocation can be forgotten: no token it covers is valid after this
 *                  (the latest expiry a covered token can have)
 * @param reason    {@code LOGOUT}, {@code ROLE_CHANGED}, {@code PASSWORD_CHANGED}, {@code PASSWORD_RESET}
 *                  or {@code REMOVED}
 */
public record AdminTokensRevoked(String tenantId, String accountId, @Nullable String sessionId,
                                 @Nullable Instant notBefore, Instant until, String reason) implements EventPayload {

    @Override
    public String aggregateId() {
        return accountId;
    }
}
