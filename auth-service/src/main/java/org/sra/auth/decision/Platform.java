package org.sra.auth.decision;

import java.util.Locale;
import java.util.Optional;

import org.sra.events.device.DeviceType;

/** Maps AnyConnect's {@code device-platform} to the device type an admin chose (R-DEV-1). */
public final class Platform {

    private Platform() {
    }

    public static Optional<DeviceType> deviceType(String platform) {
        if (platform == null) {
            return Optional.empty();
        }
        String p = platform.toLowerCase(Locale.ROOT);
        if (p.startsWith("win")) {
            return Optional.of(DeviceType.WINDOWS);
        } else if (p.startsWith("mac")) {
            return Optional.of(DeviceType.MAC);
        } else if (p.equals("apple-ios") || p.startsWith("ios")) {
            return Optional.of(DeviceType.IOS);
        } else if (p.startsWith("android")) {
            return Optional.of(DeviceType.ANDROID);
        }
        return Optional.empty();
    }
}
