package org.sra.events.session;

import org.jspecify.annotations.Nullable;
import org.sra.events.EventPayload;

/**
 * The headend reported Accounting-Start for an accepted connection (R-AUT-5).
 *
 * @param deviceId the device the connection was accepted for; null when device authentication is off
 * @param framedIp the address leased from the tenant's pool
 */
public record SessionStarted(String tenantId, String sessionId, String userName, @Nullable String deviceId,
                             String framedIp, String nasClientId) implements EventPayload {

    @Override
    public String aggregateId() {
        return sessionId;
    }
}
