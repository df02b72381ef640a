package org.sra.auth.readmodel;

import java.time.Instant;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.index.Indexed;
import org.springframework.data.mongodb.core.mapping.Document;
import org.sra.events.user.UserSource;

/** A VPN user (R-USR-1); id {@code tenantId:userId}. */
@Document("vpn_users")
public record UserView(@Id String id, String tenantId, String userId, String userName, UserSource source,
                       boolean removed, @Indexed Instant updatedAt) {
}
