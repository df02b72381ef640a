package org.sra.events.user;

import org.sra.events.EventPayload;

/** The admin removed a VPN user; their assignments and profiles go with them (R-USR-3). */
public record VpnUserRemoved(String tenantId, String userId, String userName) implements EventPayload {

    @Override
    public String aggregateId() {
        return userId;
    }
}
