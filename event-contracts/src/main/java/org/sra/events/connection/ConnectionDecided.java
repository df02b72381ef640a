package org.sra.events.connection;

import org.jspecify.annotations.Nullable;
import org.sra.events.EventPayload;

/**
 * auth-service answered a connection attempt (R-AUT-2, R-AUT-7).
 *
 * @param userName      the login name the client presented
 * @param deviceId      the device the attempt was matched to, if any
 * @param reason        upper-case code of why it was rejected (e.g. {@code BAD_PASSWORD}), or of a
 *                      notable accept; null for a plain accept
 * @param latencyMillis time from request to answer
 */
public record ConnectionDecided(String tenantId, String userName, @Nullable String deviceId, String nasClientId,
                                boolean accepted, @Nullable String reason, long latencyMillis)
        implements EventPayload {

    @Override
    public String aggregateId() {
        return tenantId + ":" + userName;
    }
}
