package org.sra.device.device;

import java.time.Instant;
import java.util.Date;
import java.util.Optional;

import org.bson.Document;
import org.jspecify.annotations.Nullable;
import org.sra.kit.outbox.AggregateDocument;

/**
 * What the device list filters and sorts on, for one device: the rest of the row is read from
 * the device document itself once the page is chosen.
 *
 * @param name the name in lower case, as the list sorts and searches it
 * @param type the type's name, as stored
 */
record DeviceListEntry(String id, String name, String type, @Nullable String assignedUserId,
                       @Nullable String assignedUserName, boolean connectionAllowed, Instant createdAt) {

    /** The fields of a device document an entry is made of. */
    static final Document FIELDS = new Document("tenantId", 1).append(AggregateDocument.DELETED, 1)
            .append("nameKey", 1).append("type", 1).append("assignedUserId", 1).append("assignedUserName", 1)
            .append("connectionAllowed", 1).append("createdAt", 1);

    /** The entry of a (projected) device document; empty for a tombstone or another tenant's device. */
    static Optional<DeviceListEntry> of(String tenantId, Document device) {
        String nameKey = device.getString("nameKey");
        String prefix = tenantId + "/";
        boolean deleted = Boolean.TRUE.equals(device.getBoolean(AggregateDocument.DELETED));
        if (deleted || !tenantId.equals(device.getString("tenantId")) || nameKey == null
                || !nameKey.startsWith(prefix)) {
            return Optional.empty();
        }
        Date createdAt = device.getDate("createdAt");
        return Optional.of(new DeviceListEntry(String.valueOf(device.get("_id")), nameKey.substring(prefix.length()),
                String.valueOf(device.get("type")), device.getString("assignedUserId"),
                device.getString("assignedUserName"), Boolean.TRUE.equals(device.getBoolean("connectionAllowed")),
                createdAt == null ? Instant.EPOCH : createdAt.toInstant()));
    }

    boolean assigned() {
        return assignedUserId != null;
    }
}
