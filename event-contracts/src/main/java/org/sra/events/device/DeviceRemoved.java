package org.sra.events.device;

import org.sra.events.EventPayload;

/** The admin deleted an unassigned device (R-DEV-4). */
public record DeviceRemoved(String tenantId, String deviceId) implements EventPayload {

    @Override
    public String aggregateId() {
        return deviceId;
    }
}
