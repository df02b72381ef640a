package org.sra.auth.readmodel;

import java.time.Instant;

import org.jspecify.annotations.Nullable;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;
import org.sra.events.user.UserSource;

/**
 * A VPN user (R-USR-1); id {@code tenantId:userId}.
 *
 * @param directoryDn the user's AD entry DN from {@code VpnUserAdded}, for directories that refuse
 *                    {@code user@domain} bind names; null when unknown
 */
@Document("vpn_users")
public record UserView(@Id String id, String tenantId, String userId, String userName, UserSource source,
                       boolean removed, Instant updatedAt, @Nullable String directoryDn) {
}
