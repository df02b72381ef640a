package org.sra.events.device;

import org.sra.events.EventPayload;

/**
 * A device was assigned to a user (R-ASN-1, R-ASN-2); profile-service creates the profile
 * {@code user:device} for it (R-PRO-1).
 */
public record DeviceAssigned(String tenantId, String deviceId, String userId, String userName)
        implements EventPayload {

    @Override
    public String aggregateId() {
        return deviceId;
    }
}
