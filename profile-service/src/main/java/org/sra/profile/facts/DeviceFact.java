package org.sra.profile.facts;

import org.jspecify.annotations.Nullable;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.PersistenceCreator;
import org.springframework.data.mongodb.core.mapping.Document;
import org.sra.events.device.DeviceAuthMethod;
import org.sra.events.device.DeviceChanged;
import org.sra.events.device.DeviceType;

/**
 * A device as profile-service last heard of it from {@code DeviceChanged} (or, for a device
 * nothing later was heard of, from the {@code DevicesImported} part that created it).
 *
 * @param id         stored key: tenant id and device id, so equal device ids of two tenants never meet
 * @param importedBy the import part ({@code importId:part}) that wrote this fact, while nothing later
 *                   replaced it; {@code null} for a fact from the device's own events
 * @param removed    a tombstone: the device was removed ({@code DeviceRemoved}). It stays so that an
 *                   import part arriving late finds the key taken and cannot bring the device back;
 *                   {@link Facts} reads it as absent. Facts stored before tombstones existed have no
 *                   such field and read as {@code false}
 */
@Document("device_facts")
public record DeviceFact(@Id String id, String tenantId, String deviceId, @Nullable String name,
                         @Nullable DeviceType type, boolean deviceAuth, @Nullable DeviceAuthMethod method,
                         @Nullable String serialId, @Nullable String macAddress, @Nullable String importedBy,
                         boolean removed) {

    static final String IMPORTED_BY = "importedBy";
    static final String REMOVED = "removed";

    /** As read from the store: a fact stored before tombstones existed has no {@code removed} field. */
    @PersistenceCreator
    static DeviceFact stored(String id, String tenantId, String deviceId, @Nullable String name,
                             @Nullable DeviceType type, boolean deviceAuth, @Nullable DeviceAuthMethod method,
                             @Nullable String serialId, @Nullable String macAddress, @Nullable String importedBy,
                             @Nullable Boolean removed) {
        return new DeviceFact(id, tenantId, deviceId, name, type, deviceAuth, method, serialId, macAddress, importedBy,
                Boolean.TRUE.equals(removed));
    }

    static String key(String tenantId, String deviceId) {
        return tenantId + "|" + deviceId;
    }

    static DeviceFact of(DeviceChanged changed) {
        return of(changed, null);
    }

    static DeviceFact of(DeviceChanged changed, @Nullable String importedBy) {
        return new DeviceFact(key(changed.tenantId(), changed.deviceId()), changed.tenantId(), changed.deviceId(),
                changed.name(), changed.type(), changed.deviceAuth(), changed.method(), changed.serialId(),
                changed.macAddress(), importedBy, false);
    }

    /** What stays of a removed device: its key and the mark, nothing of its data. */
    static DeviceFact tombstone(String tenantId, String deviceId) {
        return new DeviceFact(key(tenantId, deviceId), tenantId, deviceId, null, null, false, null, null, null, null,
                true);
    }

    /** The auto-registration's serial: from now on this is the device's own later state, not the import's. */
    DeviceFact withSerial(String serial) {
        return new DeviceFact(id, tenantId, deviceId, name, type, deviceAuth, method, serial, macAddress, null, false);
    }

    /** See {@link DeviceRegistration#hasId}. */
    public boolean hasId() {
        return DeviceRegistration.hasId(deviceAuth, method, serialId);
    }

    public boolean isAndroid() {
        return type == DeviceType.ANDROID;
    }
}
