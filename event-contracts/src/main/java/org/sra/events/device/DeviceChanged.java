package org.sra.events.device;

import java.time.Instant;

import org.jspecify.annotations.Nullable;
import org.sra.events.EventPayload;

/**
 * A device after it was created, edited, imported or auto-registered (R-DEV-1..3): the full
 * state, so a consumer keeps only the latest.
 *
 * @param method     set when {@code deviceAuth} is on
 * @param serialId   the registered serial ID, entered by hand or by auto-registration
 * @param macAddress lower-case colon form, e.g. {@code 12:34:56:78:90:ab}; only entered by hand (R-DEV-2)
 * @param validFrom  the device connects from this instant on; null: no start (and in events written before it existed)
 * @param validUntil the device connects until this instant (exclusive); null: no end
 */
public record DeviceChanged(String tenantId, String deviceId, String name, boolean connectionAllowed,
                            DeviceType type, boolean deviceAuth, @Nullable DeviceAuthMethod method,
                            @Nullable String serialId, @Nullable String macAddress,
                            @Nullable Instant validFrom, @Nullable Instant validUntil) implements EventPayload {

    /** A device without a validity period. */
    public DeviceChanged(String tenantId, String deviceId, String name, boolean connectionAllowed, DeviceType type,
                         boolean deviceAuth, @Nullable DeviceAuthMethod method, @Nullable String serialId,
                         @Nullable String macAddress) {
        this(tenantId, deviceId, name, connectionAllowed, type, deviceAuth, method, serialId, macAddress, null, null);
    }

    @Override
    public String aggregateId() {
        return deviceId;
    }
}
