package org.sra.device.device;

import org.jspecify.annotations.Nullable;
import org.sra.events.device.DeviceAuthMethod;
import org.sra.events.device.DeviceType;

/**
 * A device that follows {@link DeviceRules}: name trimmed, method set only with device
 * authentication, serial only for {@code SERIAL_ID}, MAC only for {@code MAC_ADDRESS} and in
 * the colon form.
 */
public record DeviceSpec(String name, boolean connectionAllowed, DeviceType type, boolean deviceAuth,
                         @Nullable DeviceAuthMethod method, @Nullable String serialId, @Nullable String macAddress) {
}
