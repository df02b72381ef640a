package org.sra.events.device;

import org.jspecify.annotations.Nullable;
import org.sra.events.EventPayload;

/**
 * A presented serial ID could not be registered (R-AUT-4); when notify-on-failure is on
 * (R-SET-5) the admins get a mail saying who, which device and why.
 *
 * @param deviceId   the device it was meant for, when one was found
 * @param platform   the device platform the client presented, e.g. {@code win}, {@code apple-ios}
 * @param deviceName that device's name as the admins know it, when one was found (absent in events
 *                   written before it was carried)
 */
public record DeviceAutoRegistrationFailed(String tenantId, String userId, String userName,
                                           @Nullable String deviceId, String presentedSerial, String platform,
                                           Reason reason, @Nullable String deviceName) implements EventPayload {

    /** A failure that names no device by name. */
    public DeviceAutoRegistrationFailed(String tenantId, String userId, String userName, @Nullable String deviceId,
                                        String presentedSerial, String platform, Reason reason) {
        this(tenantId, userId, userName, deviceId, presentedSerial, platform, reason, null);
    }

    /** Keyed by the device when there is one, so it stays in order with that device's events. */
    @Override
    public String aggregateId() {
        return deviceId != null ? deviceId : userId;
    }

    /** Why registration failed. */
    public enum Reason {
        /** Auto-registration is switched off for the tenant (R-SET-5). */
        DISABLED,
        /** The user has no assigned serial-ID device of that platform without a serial. */
        NO_FREE_DEVICE,
        /** Another device already has this serial ID. */
        SERIAL_IN_USE,
        /** The user's free device is of another platform. */
        PLATFORM_MISMATCH,
        /** The device authenticates by MAC address, which is only ever entered by hand (R-DEV-2). */
        MAC_DEVICE
    }
}
