package org.sra.events.user;

import org.sra.events.EventPayload;

/**
 * A LOCAL directory user was created or the admin reset their password (R-SET-1, LOCAL). Carries
 * what auth-service needs to check the password at connection time, never the password: its
 * bcrypt hash, sealed (AES-GCM, context {@code local-password:<tenantId>}).
 *
 * @param localUserId        the LOCAL directory's id of the user (not the VPN user id)
 * @param userName           the name the user types at the VPN client
 * @param sealedPasswordHash the bcrypt hash, sealed and base64-encoded
 */
public record LocalPasswordSet(String tenantId, String localUserId, String userName, String sealedPasswordHash)
        implements EventPayload {

    @Override
    public String aggregateId() {
        return localUserId;
    }
}
