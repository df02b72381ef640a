package org.sra.auth.readmodel;

/**
 * Told when a user, device or profile may no longer connect, so that its live sessions are
 * disconnected (R-AUT-6).
 */
public interface AccessRevocations {

    /** @param deviceId null when every device of the user is concerned */
    void revoked(String tenantId, String userId, String deviceId);
}
