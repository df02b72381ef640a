package org.sra.device.device;

import java.time.Instant;
import java.util.List;

import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;
import org.springframework.data.mongodb.core.mapping.Document;
import org.sra.events.device.DeviceChanged;
import org.sra.events.device.DevicesImported;
import org.sra.kit.outbox.AggregateDocument;

/**
 * One part (up to {@link DevicesImported#MAX_DEVICES} devices) of a CSV import, the document that
 * carries the part's events: {@code DevicesImported} with every device's state, and one audit entry
 * for the part. The devices themselves are written without events, so an import of 10,000
 * devices is some twenty events on the bulk topic and twenty audit entries instead of 20,000
 * events queued in front of every other device event.
 *
 * <p>The store has no multi-document transactions, so a part goes through two states:
 * {@code PREPARING} (written before its devices, without events: nothing announced yet) and,
 * once its devices are stored, {@code WRITTEN} with its events and a tombstone flag, so the
 * outbox relay publishes them and deletes the document. A {@code PREPARING} part that stays
 * (the writing replica died between the two writes) is found by {@link ImportRecovery}, which
 * takes the whole import back as a failed import is.
 */
@Document("device_import_parts")
public class ImportPart extends AggregateDocument {

    enum State { PREPARING, WRITTEN }

    @Id
    private String id;
    private String tenantId;
    private String importId;
    private int part;
    private int devices;
    /** The part's device ids, so that a part left {@code PREPARING} can be taken back exactly. */
    private List<String> deviceIds;
    private State state;
    private Instant createdAt;
    @Version
    private Long version;

    ImportPart() {
    }

    static ImportPart preparing(String tenantId, String importId, int part, List<String> deviceIds, Instant now) {
        ImportPart p = new ImportPart();
        p.id = importId + ":" + part;
        p.tenantId = tenantId;
        p.importId = importId;
        p.part = part;
        p.devices = deviceIds.size();
        p.deviceIds = List.copyOf(deviceIds);
        p.state = State.PREPARING;
        p.createdAt = now;
        return p;
    }

    /**
     * The part's devices are stored: announce them in one {@code DevicesImported} and record one
     * audit entry listing them (who, when, the devices as imported), then let the relay delete
     * this document once both are out.
     */
    void written(List<Device> stored) {
        List<DeviceChanged> states = stored.stream().map(Device::state).toList();
        raise(tenantId, new DevicesImported(tenantId, importId, part, states));
        audit(tenantId, "DEVICES_IMPORTED", "device-import", id, null,
                new ImportedDevices(importId, part + 1, stored.stream().map(ImportedDevice::of).toList()));
        state = State.WRITTEN;
        markDeleted();
    }

    /** What the audit trail shows of a part: the import, the part's number (from 1) and its devices. */
    record ImportedDevices(String importId, int part, List<ImportedDevice> devices) {
    }

    /** One device as the audit trail shows it: its id and what was imported. */
    record ImportedDevice(String deviceId, DeviceSpec device) {
        static ImportedDevice of(Device device) {
            return new ImportedDevice(device.id(), device.spec());
        }
    }

    String id() {
        return id;
    }

    String importId() {
        return importId;
    }

    String tenantId() {
        return tenantId;
    }

    List<String> deviceIds() {
        return deviceIds == null ? List.of() : deviceIds;
    }

    State state() {
        return state;
    }

    Instant createdAt() {
        return createdAt;
    }
}
