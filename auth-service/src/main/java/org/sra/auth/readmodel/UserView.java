package org.sra.auth.readmodel;

import java.time.Instant;

import org.jspecify.annotations.Nullable;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.PersistenceCreator;
import org.springframework.data.mongodb.core.mapping.Document;
import org.sra.events.user.UserSource;

/**
 * A VPN user (R-USR-1); id {@code tenantId:userId}.
 *
 * @param directoryDn the user's AD entry DN from {@code VpnUserAdded}, for directories that refuse
 *                    {@code user@domain} bind names; null when unknown
 * @param enabled     false after {@code VpnUserChanged} disabled the user
 * @param validFrom   the user connects from this instant on ({@code VpnUserChanged}); null: no start
 * @param validUntil  the user connects until this instant, exclusive; null: no end
 */
@Document("vpn_users")
public record UserView(@Id String id, String tenantId, String userId, String userName, UserSource source,
                       boolean removed, Instant updatedAt, @Nullable String directoryDn, boolean enabled,
                       @Nullable Instant validFrom, @Nullable Instant validUntil) {

    /** An enabled user without a validity period. */
    public UserView(String id, String tenantId, String userId, String userName, UserSource source, boolean removed,
                    Instant updatedAt, @Nullable String directoryDn) {
        this(id, tenantId, userId, userName, source, removed, updatedAt, directoryDn, true, null, null);
    }

    /** Reads a stored document: one written before users could be disabled (no {@code enabled}) is enabled. */
    @PersistenceCreator
    static UserView stored(String id, String tenantId, String userId, String userName, UserSource source,
                           Boolean removed, Instant updatedAt, @Nullable String directoryDn, Boolean enabled,
                           @Nullable Instant validFrom, @Nullable Instant validUntil) {
        return new UserView(id, tenantId, userId, userName, source, Boolean.TRUE.equals(removed), updatedAt,
                directoryDn, !Boolean.FALSE.equals(enabled), validFrom, validUntil);
    }

    /** Whether the user may connect at {@code now}: enabled and within [validFrom, validUntil). */
    public boolean allowedAt(Instant now) {
        return enabled && Validity.contains(validFrom, validUntil, now);
    }
}
