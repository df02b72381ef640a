package org.sra.events.device;

import org.jspecify.annotations.Nullable;
import org.sra.events.EventPayload;

/**
 * The serial ID a user's client presented was registered on their free device of that
 * platform (R-AUT-4); the next connection attempt from it can succeed.
 *
 * @param platform   the device platform the client presented, e.g. {@code win}, {@code apple-ios}
 * @param userName   the user's login name, as the decision log shows it
 * @param deviceName the device's name, as the console shows it
 * @param nasName    the name of the headend (NAS) the attempt came through
 * @param firstSeen  true when this serial was registered now; false or absent when a later request
 *                   confirmed a serial registered before. A first-seen serial is mailed to the tenant's
 *                   notification addresses, so that a slot taken by someone else is noticed.
 */
public record DeviceAutoRegistered(String tenantId, String deviceId, String userId, String serialId,
                                   String platform, @Nullable String userName, @Nullable String deviceName,
                                   @Nullable String nasName, @Nullable Boolean firstSeen) implements EventPayload {

    /** A confirmation of a serial registered before (not first seen), without names. */
    public DeviceAutoRegistered(String tenantId, String deviceId, String userId, String serialId, String platform) {
        this(tenantId, deviceId, userId, serialId, platform, null, null, null, null);
    }

    /** Whether the serial was registered now (absent in events from before it was carried: no). */
    public boolean registeredNow() {
        return Boolean.TRUE.equals(firstSeen);
    }

    @Override
    public String aggregateId() {
        return deviceId;
    }
}
