package org.sra.device.device;

import java.time.Instant;
import java.util.Locale;

import org.jspecify.annotations.Nullable;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;
import org.springframework.data.mongodb.core.index.CompoundIndex;
import org.springframework.data.mongodb.core.index.Indexed;
import org.springframework.data.mongodb.core.mapping.Document;
import org.sra.events.device.DeviceAssigned;
import org.sra.events.device.DeviceAuthMethod;
import org.sra.events.device.DeviceAutoRegistered;
import org.sra.events.device.DeviceChanged;
import org.sra.events.device.DeviceRemoved;
import org.sra.events.device.DeviceType;
import org.sra.events.device.DeviceUnassigned;
import org.sra.kit.outbox.AggregateDocument;

/**
 * A tenant's device and the user it is assigned to. Every change raises its event in the same
 * single-document save (outbox). Writes are guarded by {@code @Version}, so of two racing
 * changes (two assignments, two auto-registrations) exactly one is stored.
 *
 * <p>Uniqueness inside a tenant (name, serial ID, MAC) is held by unique indexes on
 * tenant-prefixed keys. A key field is absent when the value is (a serial not yet registered),
 * and the index is sparse, so absent keys never clash. A single key field is used instead of a
 * compound {@code (tenantId, serialId)} index because a sparse compound index still indexes
 * documents without a serial (they have a tenant id), and the embedded store has no partial
 * indexes. The compound indexes serve the list and a user's devices on a real MongoDB (the
 * embedded store ignores non-unique indexes and scans).
 */
@Document("devices")
@CompoundIndex(name = "device_list", def = "{'tenantId': 1, 'deleted': 1, 'nameKey': 1}")
@CompoundIndex(name = "device_user", def = "{'tenantId': 1, 'assignedUserId': 1}")
public class Device extends AggregateDocument {

    public static final String NAME_INDEX = "device_name_in_tenant";
    public static final String SERIAL_INDEX = "device_serial_in_tenant";
    public static final String MAC_INDEX = "device_mac_in_tenant";

    @Id
    private String id;
    private String tenantId;
    private String name;
    @Indexed(name = NAME_INDEX, unique = true, sparse = true)
    private String nameKey;
    private boolean connectionAllowed;
    private DeviceType type;
    private boolean deviceAuth;
    private DeviceAuthMethod method;
    private String serialId;
    @Indexed(name = SERIAL_INDEX, unique = true, sparse = true)
    private String serialKey;
    private String macAddress;
    @Indexed(name = MAC_INDEX, unique = true, sparse = true)
    private String macKey;
    private String assignedUserId;
    private String assignedUserName;
    /** Optional validity period [validFrom, validUntil): auth-service refuses the device outside it. */
    private Instant validFrom;
    private Instant validUntil;
    private Instant createdAt;
    /** The CSV import that created it, so a failed import can take back exactly its own devices. */
    @Indexed(sparse = true)
    private String importId;
    @Version
    private Long version;

    Device() {
    }

    static Device create(String id, String tenantId, DeviceSpec spec, Instant now, @Nullable String importId) {
        Device device = stored(id, tenantId, spec, now, importId);
        device.changed();
        device.audit(tenantId, "DEVICE_CREATED", "device", id, null, device.spec());
        return device;
    }

    /**
     * A device of a CSV import: stored without events of its own; its {@link ImportPart}
     * announces it with the others of its part and records the audit entry.
     */
    static Device imported(String id, String tenantId, DeviceSpec spec, Instant now, String importId) {
        return stored(id, tenantId, spec, now, importId);
    }

    private static Device stored(String id, String tenantId, DeviceSpec spec, Instant now, @Nullable String importId) {
        Device device = new Device();
        device.id = id;
        device.tenantId = tenantId;
        device.createdAt = now;
        device.importId = importId;
        device.apply(spec);
        return device;
    }

    /** The device's state as {@code DeviceChanged} carries it. */
    DeviceChanged state() {
        return new DeviceChanged(tenantId, id, name, connectionAllowed, type, deviceAuth, method, serialId, macAddress,
                validFrom, validUntil);
    }

    void edit(DeviceSpec spec) {
        DeviceSpec before = spec();
        if (!spec.equals(before)) {
            apply(spec);
            changed();
            audit(tenantId, "DEVICE_UPDATED", "device", id, before, spec());
        }
    }

    /** Only an unassigned device may go (R-DEV-4); the caller checked {@link #isAssigned()}. */
    void remove() {
        if (isAssigned()) {
            throw new IllegalStateException("device " + id + " is assigned");
        }
        DeviceSpec before = spec();
        nameKey = null;
        serialKey = null;
        macKey = null;
        markDeleted();
        raise(tenantId, new DeviceRemoved(tenantId, id));
        audit(tenantId, "DEVICE_DELETED", "device", id, before, null);
    }

    /** Assigns a free device (R-ASN-1); the caller checked that it is free. */
    public void assignTo(String userId, String userName) {
        if (isAssigned()) {
            throw new IllegalStateException("device " + id + " is already assigned");
        }
        assignedUserId = userId;
        assignedUserName = userName;
        raise(tenantId, new DeviceAssigned(tenantId, id, userId, userName));
        audit(tenantId, "DEVICE_ASSIGNED", "device", id, name, null, new Assignee(userId, userName));
    }

    public void unassign() {
        if (isAssigned()) {
            Assignee before = new Assignee(assignedUserId, assignedUserName);
            assignedUserId = null;
            assignedUserName = null;
            raise(tenantId, new DeviceUnassigned(tenantId, id, before.userId()));
            audit(tenantId, "DEVICE_UNASSIGNED", "device", id, name, before, null);
        }
    }

    /** Auto-registration fills the serial of a free {@code SERIAL_ID} device, never a MAC (R-AUT-4, R-DEV-2). */
    public void registerSerial(String serial, String platform) {
        registerSerial(serial, platform, null, null);
    }

    /**
     * As {@link #registerSerial(String, String)}, naming who connected and through which headend
     * in the event: the admins are told of each serial registered this way.
     */
    public void registerSerial(String serial, String platform, String userName, String nasName) {
        if (method != DeviceAuthMethod.SERIAL_ID || serialId != null) {
            throw new IllegalStateException("device " + id + " cannot take a serial");
        }
        serialId = serial;
        serialKey = key(serial);
        changed();
        audit(tenantId, "DEVICE_SERIAL_REGISTERED", "device", id, null, spec());
        raise(tenantId, new DeviceAutoRegistered(tenantId, id, assignedUserId, serial, platform, userName, name,
                nasName, true));
    }

    /** Says again that this serial is registered, for a request that arrives after it was (R-AUT-4). */
    public void confirmSerial(String platform) {
        raise(tenantId, new DeviceAutoRegistered(tenantId, id, assignedUserId, serialId, platform));
    }

    /** Who a device is assigned to, as the audit trail shows it. */
    record Assignee(String userId, String userName) {
    }

    private void apply(DeviceSpec spec) {
        name = spec.name();
        nameKey = key(spec.name().toLowerCase(Locale.ROOT));
        connectionAllowed = spec.connectionAllowed();
        type = spec.type();
        deviceAuth = spec.deviceAuth();
        method = spec.method();
        serialId = spec.serialId();
        serialKey = serialId == null ? null : key(serialId);
        macAddress = spec.macAddress();
        macKey = macAddress == null ? null : key(macAddress);
        validFrom = spec.validFrom();
        validUntil = spec.validUntil();
    }

    private void changed() {
        raise(tenantId, state());
    }

    private String key(String value) {
        return tenantId + "/" + value;
    }

    public DeviceSpec spec() {
        return new DeviceSpec(name, connectionAllowed, type, deviceAuth, method, serialId, macAddress, validFrom,
                validUntil);
    }

    public boolean isAssigned() {
        return assignedUserId != null;
    }

    public String id() {
        return id;
    }

    public String tenantId() {
        return tenantId;
    }

    public String name() {
        return name;
    }

    public DeviceType type() {
        return type;
    }

    public boolean deviceAuth() {
        return deviceAuth;
    }

    public @Nullable DeviceAuthMethod method() {
        return method;
    }

    public @Nullable String serialId() {
        return serialId;
    }

    public @Nullable String macAddress() {
        return macAddress;
    }

    public boolean connectionAllowed() {
        return connectionAllowed;
    }

    public @Nullable String assignedUserId() {
        return assignedUserId;
    }

    public @Nullable String assignedUserName() {
        return assignedUserName;
    }

    public @Nullable Instant validFrom() {
        return validFrom;
    }

    public @Nullable Instant validUntil() {
        return validUntil;
    }

    public Instant createdAt() {
        return createdAt;
    }
}
