package org.sra.auth.readmodel;

import java.time.Instant;

import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.PersistenceCreator;
import org.springframework.data.mongodb.core.mapping.Document;
import org.sra.events.device.DeviceAuthMethod;
import org.sra.events.device.DeviceType;

/**
 * A device with the user it is assigned to (R-DEV-1, R-ASN-1); id {@code tenantId:deviceId}.
 *
 * <p>The top-level device fields are what the device's own {@code DeviceChanged} events wrote;
 * {@code imported} is the state a CSV import gave it ({@code DevicesImported}, on another topic,
 * so it may arrive after the device's later events). The import counts only while no
 * {@code DeviceChanged} was applied (top-level {@code type} is null — a {@code DeviceChanged}
 * always sets it): then name, connection flag, type, device authentication, method, MAC
 * address and validity period come from {@code imported}, and the serial ID from the top level when an
 * auto-registration set it, else from {@code imported}. {@code removed} and
 * {@code assignedUserId} always come from the top level. Each writer touches only its own
 * fields, so the result does not depend on the order the events arrive in.
 *
 * @param validFrom  the device connects from this instant on; null: no start
 * @param validUntil the device connects until this instant, exclusive; null: no end
 * @param version how often the document was written (each write increments it in the store): a
 *                copy read before a later write is not applied over that write's copy
 */
@Document("devices")
public record DeviceView(@Id String id, String tenantId, String deviceId, String name, boolean connectionAllowed,
                         DeviceType type, boolean deviceAuth, DeviceAuthMethod method, String serialId,
                         String macAddress, String assignedUserId, boolean removed, Instant updatedAt,
                         Imported imported, long version, Instant validFrom, Instant validUntil) {

    /** A device without a validity period. */
    public DeviceView(String id, String tenantId, String deviceId, String name, boolean connectionAllowed,
                      DeviceType type, boolean deviceAuth, DeviceAuthMethod method, String serialId, String macAddress,
                      String assignedUserId, boolean removed, Instant updatedAt, Imported imported, long version) {
        this(id, tenantId, deviceId, name, connectionAllowed, type, deviceAuth, method, serialId, macAddress,
                assignedUserId, removed, updatedAt, imported, version, null, null);
    }

    public DeviceView {
        if (type == null && imported != null) {
            name = imported.name();
            connectionAllowed = imported.connectionAllowed();
            type = imported.type();
            deviceAuth = imported.deviceAuth();
            method = imported.method();
            macAddress = imported.macAddress();
            serialId = serialId != null ? serialId : imported.serialId();
            validFrom = imported.validFrom();
            validUntil = imported.validUntil();
        }
    }

    /** Whether the device may connect at {@code now} as far as its validity period goes. */
    public boolean withinValidityAt(Instant now) {
        return Validity.contains(validFrom, validUntil, now);
    }

    /**
     * Reads a stored document: one that only an assignment, a removal or an import wrote has no
     * top-level device flags (nor a version, if written before versions), which read as false / 0.
     */
    @PersistenceCreator
    static DeviceView stored(String id, String tenantId, String deviceId, String name, Boolean connectionAllowed,
                             DeviceType type, Boolean deviceAuth, DeviceAuthMethod method, String serialId,
                             String macAddress, String assignedUserId, Boolean removed, Instant updatedAt,
                             Imported imported, Long version, Instant validFrom, Instant validUntil) {
        return new DeviceView(id, tenantId, deviceId, name, Boolean.TRUE.equals(connectionAllowed), type,
                Boolean.TRUE.equals(deviceAuth), method, serialId, macAddress, assignedUserId,
                Boolean.TRUE.equals(removed), updatedAt, imported, version == null ? 0 : version, validFrom, validUntil);
    }

    /** The state a CSV import gave the device (sub-document {@code imported}). */
    public record Imported(String name, boolean connectionAllowed, DeviceType type, boolean deviceAuth,
                           DeviceAuthMethod method, String serialId, String macAddress, Instant validFrom,
                           Instant validUntil) {
    }
}
