package org.sra.device.device;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import org.bson.conversions.Bson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.support.PageableExecutionUtils;
import org.springframework.stereotype.Service;
import org.sra.kit.outbox.OutboxMarkers;
import org.sra.kit.web.ProblemException;

/** The admin's device actions (R-DEV-1, R-DEV-2, R-DEV-4) and the device list (R-DEV-5). */
@Service
public class DeviceCatalog {

    private static final Logger log = LoggerFactory.getLogger(DeviceCatalog.class);

    private final Devices devices;
    private final MongoTemplate mongo;
    private final Clock clock;
    private final OutboxMarkers markers;

    DeviceCatalog(Devices devices, MongoTemplate mongo, Clock clock, OutboxMarkers markers) {
        this.markers = markers;
        this.devices = devices;
        this.mongo = mongo;
        this.clock = clock;
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
            throw ProblemException.conflict("device-assigned", device.name(), device.assignedUserName());
        }
        device.remove();
        devices.save(device);
        log.info("Device {} ({}) deleted", id, device.name());
    }

    public Device get(String tenantId, String id) {
        return devices.findByIdAndTenantIdAndDeletedFalse(id, tenantId)
                .orElseThrow(() -> ProblemException.notFound("device-not-found", id));
    }

    /** One page; the count query is skipped when the page itself tells the total (a short last page). */
    public Page<Device> page(String tenantId, DeviceFilter filter, Pageable pageable) {
        List<Device> content = mongo.find(filter.query(tenantId).with(pageable), Device.class);
        return PageableExecutionUtils.getPage(content, pageable, () -> mongo.count(filter.query(tenantId), Device.class));
    }

    public List<Device> all(String tenantId, DeviceFilter filter) {
        return mongo.find(filter.query(tenantId), Device.class);
    }

    /** The name, serial and MAC keys the tenant's devices hold, to check a CSV against (R-DEV-3). */
    public record TakenKeys(Set<String> names, Set<String> serials, Set<String> macs) {
    }

    public TakenKeys takenKeys(String tenantId) {
        Set<String> names = new HashSet<>();
        Set<String> serials = new HashSet<>();
        Set<String> macs = new HashSet<>();
        String prefix = tenantId + "/";
        Bson filter = Filters.and(Filters.eq("tenantId", tenantId), Filters.eq("deleted", false));
        for (org.bson.Document d : mongo.getCollection(mongo.getCollectionName(Device.class)).find(filter)
                .projection(Projections.include("nameKey", "serialKey", "macKey"))) {
            names.add(d.getString("nameKey").substring(prefix.length()));
            addWithoutPrefix(serials, d.getString("serialKey"), prefix);
            addWithoutPrefix(macs, d.getString("macKey"), prefix);
        }
        return new TakenKeys(names, serials, macs);
    }

    private static void addWithoutPrefix(Set<String> keys, String key, String prefix) {
        if (key != null) {
            keys.add(key.substring(prefix.length()));
        }
    }

    /**
     * Creates all devices of one CSV import, or none (R-DEV-3). The embedded store has no
     * multi-document transactions, so: the caller validated every row first; the devices are
     * written in one ordered bulk insert, each tagged with the import id; if the insert fails
     * part-way (another admin took a name in between), every device this import wrote is
     * deleted again as a tombstone that announces {@code DeviceRemoved}, so consumers that may
     * already have seen its {@code DeviceChanged} forget it too.
     */
    public List<Device> importAll(String tenantId, List<DeviceSpec> specs) {
        String importId = UUID.randomUUID().toString();
        List<Device> created = new ArrayList<>(specs.size());
        for (DeviceSpec spec : specs) {
            created.add(Device.create(UUID.randomUUID().toString(), tenantId, spec, clock.instant(), importId));
        }
        try {
            markers.inOneWrite(() -> mongo.insert(created, Device.class));
        } catch (RuntimeException e) {
            List<Device> written = devices.findByImportIdAndDeletedFalse(importId);
            written.forEach(Device::remove);
            devices.saveAll(written);
            log.warn("Import {} failed after {} of {} devices and was taken back: {}", importId, written.size(),
                    specs.size(), e.toString());
            if (e instanceof DuplicateKeyException) {
                throw ProblemException.conflict("import-conflict");
            }
            throw e;
        }
        log.info("Import {} created {} devices", importId, created.size());
        return created;
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
            throw InvalidInputException.ofForm(checked.violations());
        }
        return checked.spec().orElseThrow();
    }

    private void refuseClashes(String tenantId, String self, DeviceSpec spec) {
        if (taken(tenantId, self, "nameKey", spec.name().toLowerCase(Locale.ROOT))) {
            throw ProblemException.conflict("device-name-taken", spec.name());
        }
        if (spec.serialId() != null && taken(tenantId, self, "serialKey", spec.serialId())) {
            throw ProblemException.conflict("device-serial-taken", spec.serialId());
        }
        if (spec.macAddress() != null && taken(tenantId, self, "macKey", spec.macAddress())) {
            throw ProblemException.conflict("device-mac-taken", spec.macAddress());
        }
    }

    private boolean taken(String tenantId, String self, String keyField, String value) {
        Criteria criteria = Criteria.where(keyField).is(tenantId + "/" + value);
        if (self != null) {
            criteria.and("_id").ne(self);
        }
        return mongo.exists(Query.query(criteria), Device.class);
    }

    static ProblemException clash(DuplicateKeyException e, DeviceSpec spec) {
        String message = String.valueOf(e.getMessage());
        if (message.contains(Device.SERIAL_INDEX)) {
            return ProblemException.conflict("device-serial-taken", spec.serialId());
        }
        if (message.contains(Device.MAC_INDEX)) {
            return ProblemException.conflict("device-mac-taken", spec.macAddress());
        }
        return ProblemException.conflict("device-name-taken", spec.name());
    }
}
