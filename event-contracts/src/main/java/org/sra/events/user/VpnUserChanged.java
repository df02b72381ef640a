package org.sra.events.user;

import java.time.Instant;

import org.jspecify.annotations.Nullable;
import org.sra.events.EventPayload;

/**
 * A VPN user's full state after an admin enabled or disabled them or set their validity period,
 * or a directory refresh brought a new display name or mail address; a consumer keeps only the
 * latest. A disabled user, or one outside the period, is refused at the headend and their
 * sessions are disconnected.
 *
 * @param mail       the user's mail address, when the directory knows one
 * @param enabled    false: the user may not connect
 * @param validFrom  the user connects from this instant on; null: no start
 * @param validUntil the user connects until this instant (exclusive); null: no end
 */
public record VpnUserChanged(String tenantId, String userId, String userName, String displayName,
                             @Nullable String mail, boolean enabled, @Nullable Instant validFrom,
                             @Nullable Instant validUntil) implements EventPayload {

    @Override
    public String aggregateId() {
        return userId;
    }
}
