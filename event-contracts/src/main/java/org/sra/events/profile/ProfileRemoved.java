package org.sra.events.profile;

import org.sra.events.EventPayload;

/** A profile was deleted, with its assignment or by the admin (R-PRO-1, R-PRO-2); its link is revoked. */
public record ProfileRemoved(String tenantId, String profileId, String userId, String deviceId)
        implements EventPayload {

    @Override
    public String aggregateId() {
        return profileId;
    }
}
