package org.sra.auth.readmodel;

import java.time.Instant;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;
import org.sra.events.device.DeviceAuthMethod;
import org.sra.events.device.DeviceType;

/** A device with the user it is assigned to (R-DEV-1, R-ASN-1); id {@code tenantId:deviceId}. */
@Document("devices")
public record DeviceView(@Id String id, String tenantId, String deviceId, String name, boolean connectionAllowed,
                         DeviceType type, boolean deviceAuth, DeviceAuthMethod method, String serialId,
                         String macAddress, String assignedUserId, boolean removed, Instant updatedAt) {
}
