package org.sra.events.device;

import java.util.List;

import org.sra.events.EventPayload;

/**
 * Devices a CSV import created (R-DEV-3), one part of the import at a time (up to 500 devices):
 * their full state as {@code DeviceChanged} would carry it, in one record instead of one per
 * device, so a 10,000-row import is some twenty records on its own topic ({@code
 * sra.device-imports}) rather than 10,000 in front of every other tenant's device events.
 *
 * <p>It travels on another topic and key than the devices' own events, so a consumer may see a
 * device's later {@code DeviceChanged}, {@code DeviceAssigned} or {@code DeviceRemoved} before
 * this record: the state here is where each device started, and a consumer keeps it only for a
 * device it has no later state of (an edit, an auto-registration and a removal always come with
 * their own {@code DeviceChanged} or {@code DeviceRemoved}).
 *
 * @param importId the import, the same for all its parts
 * @param part     0-based number of this part within the import
 * @param devices  each device's state; every one of the payload's tenant
 */
public record DevicesImported(String tenantId, String importId, int part, List<DeviceChanged> devices)
        implements EventPayload {

    /** Devices per record at most: about 150 KB of JSON, well below Kafka's 1 MB default limit. */
    public static final int MAX_DEVICES = 500;

    public DevicesImported {
        devices = devices == null ? null : List.copyOf(devices);
        if (devices != null) {
            if (devices.isEmpty() || devices.size() > MAX_DEVICES) {
                throw new IllegalArgumentException("a part holds 1 to " + MAX_DEVICES + " devices, not " + devices.size());
            }
            for (DeviceChanged device : devices) {
                if (!device.tenantId().equals(tenantId)) {
                    throw new IllegalArgumentException("device " + device.deviceId() + " is not of tenant " + tenantId);
                }
            }
        }
    }

    @Override
    public String aggregateId() {
        return importId + ":" + part;
    }
}
