package org.sra.events.device;

import org.sra.events.EventPayload;

/**
 * A device was taken from its user, by the admin or because the user was removed (R-ASN-1,
 * R-USR-3); the profile goes with it (R-PRO-1).
 */
public record DeviceUnassigned(String tenantId, String deviceId, String userId) implements EventPayload {

    @Override
    public String aggregateId() {
        return deviceId;
    }
}
