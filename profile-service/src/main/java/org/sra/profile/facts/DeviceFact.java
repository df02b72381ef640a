package org.sra.profile.facts;

import org.jspecify.annotations.Nullable;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;
import org.sra.events.device.DeviceAuthMethod;
import org.sra.events.device.DeviceChanged;
import org.sra.events.device.DeviceType;

/**
 * A device as profile-service last heard of it from {@code DeviceChanged}.
 *
 * @param id stored key: tenant id and device id, so equal device ids of two tenants never meet
 */
@Document("device_facts")
public record DeviceFact(@Id String id, String tenantId, String deviceId, String name, DeviceType type,
                         boolean deviceAuth, @Nullable DeviceAuthMethod method, @Nullable String serialId,
                         @Nullable String macAddress) {

    static String key(String tenantId, String deviceId) {
        return tenantId + "|" + deviceId;
    }

    static DeviceFact of(DeviceChanged changed) {
        return new DeviceFact(key(changed.tenantId(), changed.deviceId()), changed.tenantId(), changed.deviceId(),
                changed.name(), changed.type(), changed.deviceAuth(), changed.method(), changed.serialId(),
                changed.macAddress());
    }

    DeviceFact withSerial(String serial) {
        return new DeviceFact(id, tenantId, deviceId, name, type, deviceAuth, method, serial, macAddress);
    }

    /** See {@link DeviceRegistration#hasId}. */
    public boolean hasId() {
        return DeviceRegistration.hasId(deviceAuth, method, serialId);
    }

    public boolean isAndroid() {
        return type == DeviceType.ANDROID;
    }
}
