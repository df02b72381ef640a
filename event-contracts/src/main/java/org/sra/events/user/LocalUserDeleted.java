package org.sra.events.user;

import org.sra.events.EventPayload;

/** A LOCAL directory user was deleted; their password no longer opens anything. */
public record LocalUserDeleted(String tenantId, String localUserId, String userName) implements EventPayload {

    @Override
    public String aggregateId() {
        return localUserId;
    }
}
