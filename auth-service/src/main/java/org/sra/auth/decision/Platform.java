package org.sra.auth.decision;

import java.util.Optional;

import org.sra.events.device.DeviceType;
import org.sra.events.device.Platforms;

/**
 * Maps AnyConnect's {@code device-platform} to the device type an admin chose (R-DEV-1), by the
 * contracts' {@link Platforms}, the rule device-service registers serials by.
 */
public final class Platform {

    private Platform() {
    }

    public static Optional<DeviceType> deviceType(String platform) {
        return Platforms.deviceType(platform);
    }
}
