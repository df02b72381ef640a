package org.sra.events.connection;

import org.jspecify.annotations.Nullable;
import org.sra.events.EventPayload;

/**
 * A user's client presented a serial ID that no device of theirs has; auth-service rejected the
 * attempt and asks device-service to register it (R-AUT-4), which answers with
 * {@code DeviceAutoRegistered} or {@code DeviceAutoRegistrationFailed}.
 *
 * @param platform the device platform the client presented, e.g. {@code win}, {@code apple-ios}
 * @param nasName  the name the admin gave the headend (NAS) the attempt came through
 */
public record DeviceAutoRegistrationRequested(String tenantId, String userId, String userName,
                                              String presentedSerial, String platform,
                                              @Nullable String nasName) implements EventPayload {

    /** A request without the headend's name (as written before it was carried). */
    public DeviceAutoRegistrationRequested(String tenantId, String userId, String userName, String presentedSerial,
                                           String platform) {
        this(tenantId, userId, userName, presentedSerial, platform, null);
    }

    @Override
    public String aggregateId() {
        return tenantId + ":" + userName;
    }
}
