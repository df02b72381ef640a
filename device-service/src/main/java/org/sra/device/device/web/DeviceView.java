package org.sra.device.device.web;

import java.time.Instant;

import org.sra.device.device.Device;
import org.sra.device.device.DeviceListing;
import org.sra.events.device.DeviceAuthMethod;
import org.sra.events.device.DeviceType;

/**
 * A device as the list and the edit form show it (R-DEV-1, R-DEV-5). The MAC is in the colon
 * form; {@code deletable} is false while the device is assigned (R-DEV-4); {@code validFrom} /
 * {@code validUntil} the optional validity period (null: open).
 */
public record DeviceView(String id, String name, boolean connectionAllowed, DeviceType type, boolean deviceAuth,
                         DeviceAuthMethod method, String serialId, String macAddress, String assignedUserId,
                         String assignedUserName, DeviceListing.ProfileStatus proxy,
                         DeviceListing.ProfileStatus localSegment, boolean deletable, Instant validFrom,
                         Instant validUntil) {

    public static DeviceView of(DeviceListing.Row row) {
        Device d = row.device();
        return new DeviceView(d.id(), d.name(), d.connectionAllowed(), d.type(), d.deviceAuth(), d.method(),
                d.serialId(), d.macAddress(), d.assignedUserId(), d.assignedUserName(), row.proxy(),
                row.localSegment(), !d.isAssigned(), d.validFrom(), d.validUntil());
    }
}
