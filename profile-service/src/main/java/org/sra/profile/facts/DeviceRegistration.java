package org.sra.profile.facts;

import org.jspecify.annotations.Nullable;
import org.sra.events.device.DeviceAuthMethod;

/**
 * Whether a device already has what it needs to connect, so that a download makes the profile
 * {@code READY} at once instead of waiting for the device ID (R-PRO-4, R-AUT-3).
 */
public final class DeviceRegistration {

    private DeviceRegistration() {
    }

    /**
     * Device authentication off: the user alone decides. {@code SERIAL_ID}: only once a serial is
     * registered (entered by hand or by auto-registration). {@code MAC_ADDRESS}: the MAC is only
     * ever entered by hand (R-DEV-2), so auto-registration has nothing to wait for.
     */
    public static boolean hasId(boolean deviceAuth, @Nullable DeviceAuthMethod method, @Nullable String serialId) {
        if (!deviceAuth) {
            return true;
        }
        if (method == DeviceAuthMethod.MAC_ADDRESS) {
            return true;
        }
        return serialId != null && !serialId.isBlank();
    }
}
