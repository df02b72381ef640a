package org.sra.events.device;

import org.sra.events.EventPayload;

/**
 * The serial ID a user's client presented was registered on their free device of that
 * platform (R-AUT-4); the next connection attempt from it can succeed.
 *
 * @param platform the device platform the client presented, e.g. {@code win}, {@code apple-ios}
 */
public record DeviceAutoRegistered(String tenantId, String deviceId, String userId, String serialId,
                                   String platform) implements EventPayload {

    @Override
    public String aggregateId() {
        return deviceId;
    }
}
