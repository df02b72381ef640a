package org.sra.events.profile;

import org.sra.events.EventPayload;

/** A profile's download link ran out of time or downloads; it serves nothing now (R-PRO-3, R-PRO-4). */
public record ProfileLinkExpired(String tenantId, String profileId) implements EventPayload {

    @Override
    public String aggregateId() {
        return profileId;
    }
}
