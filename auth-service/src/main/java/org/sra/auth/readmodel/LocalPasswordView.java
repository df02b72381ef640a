package org.sra.auth.readmodel;

import java.time.Instant;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A LOCAL directory user's password as auth-service knows it (R-AUT-2, LOCAL): the bcrypt hash,
 * still sealed as {@code LocalPasswordSet} carried it (context {@code local-password:<tenantId>});
 * it is opened only in memory, at verification time. Id {@code tenantId:localUserId}.
 *
 * @param userName the name the user types; looked up case-insensitively within the tenant
 * @param removed  {@code LocalUserDeleted} arrived: no password opens anything any more
 */
@Document("local_passwords")
public record LocalPasswordView(@Id String id, String tenantId, String localUserId, String userName,
                                String sealedPasswordHash, boolean removed, Instant updatedAt) {

    @Override
    public String toString() {
        return "LocalPasswordView[" + id + ", " + userName + (removed ? ", removed" : "") + "]";
    }
}
