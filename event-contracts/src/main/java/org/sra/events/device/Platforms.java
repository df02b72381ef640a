package org.sra.events.device;

import java.util.Locale;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * The one rule that maps AnyConnect's {@code device-platform} (sent in {@code mdm-tlv}) to the
 * device type an admin chose (R-DEV-1). auth-service decides with it whether a connection may
 * register a serial, device-service which device gets the serial: both must agree.
 */
public final class Platforms {

    private Platforms() {
    }

    /**
     * The device type of a platform string in any spelling AnyConnect sends ({@code win},
     * {@code win-arm64}, {@code mac-intel}, {@code mac-arm}, {@code apple-ios}, {@code ios},
     * {@code iPhone}, {@code iPad}, {@code android}, …) or of a type name ({@code Windows},
     * {@code MAC}); case and surrounding blanks do not matter. Empty for anything else
     * ({@code linux-64}, blank, null).
     */
    public static Optional<DeviceType> deviceType(@Nullable String platform) {
        String p = platform == null ? "" : platform.strip().toLowerCase(Locale.ROOT);
        if (p.startsWith("win")) {
            return Optional.of(DeviceType.WINDOWS);
        }
        if (p.equals("apple-ios") || p.startsWith("ios") || p.startsWith("iphone") || p.startsWith("ipad")) {
            return Optional.of(DeviceType.IOS);
        }
        if (p.startsWith("mac")) {
            return Optional.of(DeviceType.MAC);
        }
        if (p.startsWith("android")) {
            return Optional.of(DeviceType.ANDROID);
        }
        return Optional.empty();
    }
}
