package org.sra.device.device;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageImpl;
import org.springframework.data.domain.Pageable;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Service;
import org.sra.events.device.DevicesImported;
import org.sra.kit.error.DomainException;

/** The admin's device actions (R-DEV-1, R-DEV-2, R-DEV-4) and the device list (R-DEV-5). */
@Service
public class DeviceCatalog {

    private static final Logger log = LoggerFactory.getLogger(DeviceCatalog.class);

    /** Devices read by {@code _id} in one query at most (the export reads a whole list). */
    private static final int READ_BATCH = 1_000;

    private final Devices devices;
    private final MongoTemplate mongo;
    private final Clock clock;
    private final DeviceListIndexes lists;
    private final DeviceListChanges changes;

    DeviceCatalog(Devices devices, MongoTemplate mongo, Clock clock, DeviceListIndexes lists,
                  DeviceListChanges changes) {
        this.devices = devices;
        this.mongo = mongo;
        this.clock = clock;
        this.lists = lists;
        this.changes = changes;
    }

    public Device create(String tenantId, DeviceDraft draft) {
        DeviceSpec spec = checked(draft);
        refuseClashes(tenantId, null, spec);
        Device device = save(Device.create(UUID.randomUUID().toString(), tenantId, spec, clock.instant(), null));
        log.info("Device {} ({}) created", device.id(), device.name());
        return device;
    }

    public Device edit(String tenantId, String id, DeviceDraft draft) {
        DeviceSpec spec = checked(draft);
        Device device = get(tenantId, id);
        refuseClashes(tenantId, id, spec);
        device.edit(spec);
        return save(device);
    }

    /** R-DEV-4: an assigned device stays until it is unassigned. */
    public void delete(String tenantId, String id) {
        Device device = get(tenantId, id);
        if (device.isAssigned()) {
            throw DomainException.conflict("device-assigned", device.name(), device.assignedUserName());
        }
        device.remove();
        devices.save(device);
        log.info("Device {} ({}) deleted", id, device.name());
    }

    /**
     * The tenant's devices among {@code ids}, read by {@code _id} (other tenants' ids, unknown ids
     * and tombstones are left out): names for lists other services keep by device id.
     */
    public List<Device> named(String tenantId, Collection<String> ids) {
        return devices.findAllById(new LinkedHashSet<>(ids)).stream()
                .filter(device -> tenantId.equals(device.tenantId()) && !device.isDeleted()).toList();
    }

    public Device get(String tenantId, String id) {
        return devices.findInTenant(id, tenantId)
                .orElseThrow(() -> DomainException.notFound("device-not-found", id));
    }

    /**
     * One page of the list: chosen from the tenant's list in memory ({@link DeviceListIndexes}),
     * then read by {@code _id}. A device deleted in the meantime is left out.
     */
    public Page<Device> page(String tenantId, DeviceFilter filter, Pageable pageable) {
        DeviceListIndex.Selection selection = lists.select(tenantId, filter, pageable.getOffset(),
                pageable.getPageSize());
        return new PageImpl<>(byIds(tenantId, selection.ids()), pageable, selection.total());
    }

    /** Every device on the filtered list, in its order (the export). */
    public List<Device> all(String tenantId, DeviceFilter filter) {
        List<String> ids = lists.select(tenantId, filter, 0, -1).ids();
        List<Device> all = new ArrayList<>(ids.size());
        for (int from = 0; from < ids.size(); from += READ_BATCH) {
            all.addAll(byIds(tenantId, ids.subList(from, Math.min(ids.size(), from + READ_BATCH))));
        }
        return all;
    }

    /** These devices in this order, without those that are gone or not the tenant's. */
    private List<Device> byIds(String tenantId, List<String> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        Map<String, Device> found = new HashMap<>();
        for (Device device : mongo.find(Query.query(Criteria.where("_id").in(ids)), Device.class)) {
            if (tenantId.equals(device.tenantId()) && !device.isDeleted()) {
                found.put(device.id(), device);
            }
        }
        return ids.stream().map(found::get).filter(Objects::nonNull).toList();
    }

    /** Which devices of the tenant hold these names (lower case), serials and MACs: key → device id (R-DEV-3). */
    public record KeyOwners(Map<String, String> names, Map<String, String> serials, Map<String, String> macs) {
    }

    /**
     * Looks the keys up in the unique indexes ({@code $in} on one indexed field), so the cost
     * follows the file, not the collection.
     */
    public KeyOwners ownersOf(String tenantId, Collection<String> names, Collection<String> serials,
                              Collection<String> macs) {
        return new KeyOwners(owners(tenantId, "nameKey", names), owners(tenantId, "serialKey", serials),
                owners(tenantId, "macKey", macs));
    }

    private Map<String, String> owners(String tenantId, String keyField, Collection<String> values) {
        Map<String, String> owners = new HashMap<>();
        if (values.isEmpty()) {
            return owners;
        }
        String prefix = tenantId + "/";
        List<String> keys = values.stream().map(v -> prefix + v).toList();
        for (Document d : mongo.getCollection(mongo.getCollectionName(Device.class))
                .find(Filters.in(keyField, keys)).projection(Projections.include(keyField))) {
            owners.put(d.getString(keyField).substring(prefix.length()), String.valueOf(d.get("_id")));
        }
        return owners;
    }

    /** The tenant's devices with these names (lower case), by name, read through the unique name index. */
    public Map<String, Device> byNames(String tenantId, Collection<String> lowerCaseNames) {
        Map<String, Device> found = new HashMap<>();
        if (lowerCaseNames.isEmpty()) {
            return found;
        }
        List<String> keys = lowerCaseNames.stream().map(n -> tenantId + "/" + n).toList();
        for (Device device : mongo.find(Query.query(Criteria.where("nameKey").in(keys)), Device.class)) {
            if (tenantId.equals(device.tenantId()) && !device.isDeleted()) {
                found.put(device.name().toLowerCase(Locale.ROOT), device);
            }
        }
        return found;
    }

    /** The ids of every device on the filtered list, in its order (the list's "select all"). */
    public List<String> ids(String tenantId, DeviceFilter filter) {
        return lists.select(tenantId, filter, 0, -1).ids();
    }

    /** Allows or blocks connections of one device through the normal edit path (DeviceChanged, audit). */
    public Device allowConnection(String tenantId, String id, boolean allowed) {
        Device device = get(tenantId, id);
        DeviceSpec spec = device.spec();
        device.edit(new DeviceSpec(spec.name(), allowed, spec.type(), spec.deviceAuth(), spec.method(),
                spec.serialId(), spec.macAddress()));
        return save(device);
    }

    /**
     * Takes back devices an import created and announced when a later step of the same import
     * failed: each leaves as a tombstone that announces {@code DeviceRemoved}, in one change of
     * the list. Devices assigned meanwhile are left alone (the caller unassigned its own first).
     */
    public void withdraw(String tenantId, Collection<String> ids) {
        if (ids.isEmpty()) {
            return;
        }
        List<Device> gone = byIds(tenantId, List.copyOf(ids)).stream().filter(d -> !d.isAssigned()).toList();
        gone.forEach(Device::remove);
        changes.inOneChange(() -> devices.saveAll(gone));
    }

    /**
     * Creates all devices of one CSV import, or none (R-DEV-3). The caller validated every row
     * first. The devices are written part by part ({@link DevicesImported#MAX_DEVICES} each), each
     * part in three writes: its {@link ImportPart} as {@code PREPARING}, the part's devices in one
     * ordered bulk insert (without events, tagged with the import id), then the part as
     * {@code WRITTEN}, carrying one {@code DevicesImported} and one audit entry for the relay. In
     * parts because the embedded store locks a collection for a whole write (other tenants' device
     * writes go through between parts) and the relay starts on the first part while the next is
     * written. The store has no multi-document transactions; if a part fails (another admin took a
     * name in between), the devices of the parts already announced are taken back as tombstones
     * that announce {@code DeviceRemoved}, and those of the failing part, never announced, are
     * deleted outright. A part left {@code PREPARING} by a replica that died is taken back the same
     * way by {@link ImportRecovery}.
     */
    public List<Device> importAll(String tenantId, List<DeviceSpec> specs) {
        String importId = UUID.randomUUID().toString();
        Instant now = clock.instant();
        List<Device> created = new ArrayList<>(specs.size());
        for (DeviceSpec spec : specs) {
            created.add(Device.imported(UUID.randomUUID().toString(), tenantId, spec, now, importId));
        }
        int announced = 0;
        String partId = null;
        List<String> unannounced = List.of();
        try {
            for (int from = 0, part = 0; from < created.size(); from += DevicesImported.MAX_DEVICES, part++) {
                List<Device> devicesOfPart = created.subList(from,
                        Math.min(created.size(), from + DevicesImported.MAX_DEVICES));
                unannounced = devicesOfPart.stream().map(Device::id).toList();
                partId = null;
                ImportPart carrier = mongo.insert(ImportPart.preparing(tenantId, importId, part, unannounced,
                        clock.instant()));
                partId = carrier.id();
                changes.inOneChange(() -> mongo.insert(devicesOfPart, Device.class));
                carrier.written(devicesOfPart);
                mongo.save(carrier); // marked for the relay by the kit's save callback
                unannounced = List.of();
                announced += devicesOfPart.size();
            }
        } catch (RuntimeException e) {
            try {
                takeBack(tenantId, importId, unannounced, partId);
            } catch (RuntimeException failed) {
                e.addSuppressed(failed);
                log.error("Import {} failed and could not be taken back; a part left preparing is taken back by the"
                        + " recovery pass: {}", importId, failed.toString());
            }
            log.warn("Import {} failed after {} of {} devices and was taken back: {}", importId, announced,
                    specs.size(), e.toString());
            if (e instanceof DuplicateKeyException) {
                throw DomainException.conflict("import-conflict");
            }
            throw e;
        }
        log.info("Import {} created {} devices", importId, created.size());
        return created;
    }

    /**
     * Takes back an import that failed or was abandoned. The devices {@code unannounced} (those of
     * the part that was being written, perhaps partly stored) are deleted outright while their
     * part is still {@code PREPARING}, since no event named them; every other device of the
     * import was announced by its part (or may have been: a part found {@code WRITTEN} or already
     * relayed) and leaves as a tombstone that announces {@code DeviceRemoved}. Then the part is
     * deleted. Reads the import's devices by its id: a scan on the embedded store, on this
     * failure path only.
     */
    void takeBack(String tenantId, String importId, Collection<String> unannounced, String partId) {
        ImportPart part = partId == null ? null : mongo.findById(partId, ImportPart.class);
        Set<String> silent = part != null && part.state() == ImportPart.State.PREPARING
                ? new HashSet<>(unannounced) : Set.of();
        if (!silent.isEmpty()) {
            mongo.remove(Query.query(Criteria.where("_id").in(silent)), Device.class);
            changes.announce(tenantId, silent);
        }
        List<Device> announcedDevices = devices.findByImportIdAndDeletedFalse(importId).stream()
                .filter(device -> !silent.contains(device.id())).toList();
        announcedDevices.forEach(Device::remove);
        changes.inOneChange(() -> devices.saveAll(announcedDevices));
        if (part != null && part.state() == ImportPart.State.PREPARING) {
            mongo.remove(Query.query(Criteria.where("_id").is(partId)), ImportPart.class);
        }
    }

    /** Saves, turning a unique-index clash that raced past the checks into the same 409. */
    public Device save(Device device) {
        try {
            return devices.save(device);
        } catch (DuplicateKeyException e) {
            throw clash(e, device.spec());
        }
    }

    private static DeviceSpec checked(DeviceDraft draft) {
        DeviceRules.Checked checked = DeviceRules.check(draft);
        if (!checked.valid()) {
            throw Violations.invalidForm(checked.violations());
        }
        return checked.spec().orElseThrow();
    }

    private void refuseClashes(String tenantId, String self, DeviceSpec spec) {
        if (taken(tenantId, self, "nameKey", spec.name().toLowerCase(Locale.ROOT))) {
            throw DomainException.conflict("device-name-taken", spec.name());
        }
        if (spec.serialId() != null && taken(tenantId, self, "serialKey", spec.serialId())) {
            throw DomainException.conflict("device-serial-taken", spec.serialId());
        }
        if (spec.macAddress() != null && taken(tenantId, self, "macKey", spec.macAddress())) {
            throw DomainException.conflict("device-mac-taken", spec.macAddress());
        }
    }

    /** Asked by the unique key alone, which the store looks up; whether it is {@code self} is checked here. */
    private boolean taken(String tenantId, String self, String keyField, String value) {
        Query byKey = Query.query(Criteria.where(keyField).is(tenantId + "/" + value));
        byKey.fields().include("_id");
        return mongo.find(byKey, Document.class, mongo.getCollectionName(Device.class)).stream()
                .anyMatch(d -> !String.valueOf(d.get("_id")).equals(self));
    }

    static DomainException clash(DuplicateKeyException e, DeviceSpec spec) {
        String message = String.valueOf(e.getMessage());
        if (message.contains(Device.SERIAL_INDEX)) {
            return DomainException.conflict("device-serial-taken", spec.serialId());
        }
        if (message.contains(Device.MAC_INDEX)) {
            return DomainException.conflict("device-mac-taken", spec.macAddress());
        }
        return DomainException.conflict("device-name-taken", spec.name());
    }
}
