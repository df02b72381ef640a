package org.sra.events.connection;

import org.sra.events.EventPayload;

/**
 * A user's client presented a serial ID that no device of theirs has; auth-service rejected the
 * attempt and asks device-service to register it (R-AUT-4), which answers with
 * {@code DeviceAutoRegistered} or {@code DeviceAutoRegistrationFailed}.
 *
 * @param platform the device platform the client presented, e.g. {@code win}, {@code apple-ios}
 */
public record DeviceAutoRegistrationRequested(String tenantId, String userId, String userName,
                                              String presentedSerial, String platform) implements EventPayload {

    @Override
    public String aggregateId() {
        return tenantId + ":" + userName;
    }
}
