package org.sra.device.device;

import java.time.Instant;

import org.jspecify.annotations.Nullable;
import org.sra.events.device.DeviceAuthMethod;
import org.sra.events.device.DeviceType;

/**
 * A device that follows {@link DeviceRules}: name trimmed, method set only with device
 * authentication, serial only for {@code SERIAL_ID}, MAC only for {@code MAC_ADDRESS} and in
 * the colon form.
 *
 * <p>{@code validFrom}/{@code validUntil}: the optional validity period [from, until); outside it
 * auth-service refuses the device. When both are set, from lies before until.
 */
public record DeviceSpec(String name, boolean connectionAllowed, DeviceType type, boolean deviceAuth,
                         @Nullable DeviceAuthMethod method, @Nullable String serialId, @Nullable String macAddress,
                         @Nullable Instant validFrom, @Nullable Instant validUntil) {

    /** A device without a validity period. */
    public DeviceSpec(String name, boolean connectionAllowed, DeviceType type, boolean deviceAuth,
                      @Nullable DeviceAuthMethod method, @Nullable String serialId, @Nullable String macAddress) {
        this(name, connectionAllowed, type, deviceAuth, method, serialId, macAddress, null, null);
    }
}
