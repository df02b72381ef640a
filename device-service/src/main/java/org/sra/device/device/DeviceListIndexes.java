package org.sra.device.device;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * The device lists of the tenants this replica was asked for, kept in memory and brought up to
 * date from the change journal before every use (see {@link DeviceListChanges}).
 *
 * <p>Why: the embedded store has no secondary indexes, so any query on the tenant reads and
 * decodes every device of every tenant; at 30,000 devices that is seconds per page. Here the
 * hot path is one read of the tenant's journal head by {@code _id}, the changed devices by
 * {@code _id} if there are any, and the chosen page by {@code _id}. Only a tenant's first list
 * on a replica (and a rebuild) reads the collection: after {@code rebuild-after} it is rebuilt
 * in the background to catch anything a writer that died between saving and announcing left
 * out, and when a change stays missing from the journal for {@value #GAP_GRACE_SECONDS} s.
 */
@Component
@EnableConfigurationProperties(DeviceListIndexes.Settings.class)
class DeviceListIndexes {

    static final long GAP_GRACE_SECONDS = 15;

    private static final Logger log = LoggerFactory.getLogger(DeviceListIndexes.class);

    /**
     * {@code sra.device.list.*}.
     *
     * @param maxTenants   how many tenants' lists a replica keeps (least recently listed go first)
     * @param rebuildAfter a list older than this is rebuilt from the store in the background
     */
    @ConfigurationProperties("sra.device.list")
    record Settings(@DefaultValue("200") int maxTenants, @DefaultValue("10m") Duration rebuildAfter) {
    }

    /** One tenant's list and the lock its readers take. */
    private static final class Tenant {
        DeviceListIndex index;
        boolean rebuilding;
    }

    private final MongoTemplate mongo;
    private final DeviceListChanges changes;
    private final Clock clock;
    private final Settings settings;
    private final MeterRegistry meters;
    private final Map<String, Tenant> tenants;

    DeviceListIndexes(MongoTemplate mongo, DeviceListChanges changes, Clock clock, Settings settings,
                      MeterRegistry meters) {
        this.mongo = mongo;
        this.changes = changes;
        this.clock = clock;
        this.settings = settings;
        this.meters = meters;
        this.tenants = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Tenant> eldest) {
                return size() > settings.maxTenants();
            }
        };
    }

    /** {@code limit} device ids from {@code offset} of the tenant's filtered list ({@code limit} < 0: all). */
    DeviceListIndex.Selection select(String tenantId, DeviceFilter filter, long offset, int limit) {
        filter.order(); // an unknown sort is refused before any work
        Tenant tenant;
        synchronized (tenants) {
            tenant = tenants.computeIfAbsent(tenantId, t -> new Tenant());
        }
        synchronized (tenant) {
            DeviceListIndex index = current(tenantId, tenant);
            return index.select(filter, offset, limit);
        }
    }

    private DeviceListIndex current(String tenantId, Tenant tenant) {
        Instant now = clock.instant();
        if (tenant.index == null) {
            tenant.index = build(tenantId, "first-use");
            return tenant.index;
        }
        DeviceListIndex index = tenant.index;
        DeviceListChanges.Since since = changes.since(tenantId, index.revision(), index.gaps());
        if (since.rebuild()) {
            log.info("Device list of tenant {} is behind its journal (at {}, head {}): rebuilding", tenantId,
                    index.revision(), since.revision());
            tenant.index = build(tenantId, "behind-journal");
            return tenant.index;
        }
        index.apply(since.deviceIds(), entries(tenantId, since.deviceIds()));
        index.advance(since.revision(), since.missing(), now);
        if (index.hasGapOlderThan(now.minusSeconds(GAP_GRACE_SECONDS))) {
            log.warn("Device list of tenant {}: change(s) {} never reached the journal: rebuilding", tenantId,
                    index.gaps());
            tenant.index = build(tenantId, "change-lost");
            return tenant.index;
        }
        if (!tenant.rebuilding && index.builtAt().plus(settings.rebuildAfter()).isBefore(now)) {
            tenant.rebuilding = true;
            Thread.ofVirtual().name("device-list-rebuild").start(() -> rebuildInBackground(tenantId, tenant));
        }
        return index;
    }

    private void rebuildInBackground(String tenantId, Tenant tenant) {
        DeviceListIndex rebuilt = null;
        try {
            rebuilt = build(tenantId, "periodic");
        } catch (RuntimeException e) {
            log.warn("Rebuilding the device list of tenant {} failed; the current one stays: {}", tenantId,
                    e.toString());
        } finally {
            synchronized (tenant) {
                if (rebuilt != null) {
                    // changes after the rebuilt revision are applied on its next use, as for any list
                    tenant.index = rebuilt;
                }
                tenant.rebuilding = false;
            }
        }
    }

    /**
     * Reads the tenant's list from the collection. The journal head is read first: a change
     * made during the read is then applied again on top, which is harmless (entries are the
     * devices' current state).
     */
    private DeviceListIndex build(String tenantId, String reason) {
        long started = System.nanoTime();
        long revision = changes.head(tenantId);
        List<DeviceListEntry> entries = new ArrayList<>();
        for (Document device : devices().find(Filters.and(Filters.eq("tenantId", tenantId),
                Filters.eq("deleted", false))).projection(DeviceListEntry.FIELDS)) {
            DeviceListEntry.of(tenantId, device).ifPresent(entries::add);
        }
        long took = System.nanoTime() - started;
        meters.timer("sra.device.list.builds", "reason", reason).record(Duration.ofNanos(took));
        log.info("Device list of tenant {} built from the store ({}): {} devices in {} ms", tenantId, reason,
                entries.size(), took / 1_000_000);
        return new DeviceListIndex(revision, entries, clock.instant());
    }

    /** The current entries of these devices (those still on the list). */
    private List<DeviceListEntry> entries(String tenantId, Collection<String> deviceIds) {
        if (deviceIds.isEmpty()) {
            return List.of();
        }
        List<DeviceListEntry> entries = new ArrayList<>(deviceIds.size());
        for (Document device : devices().find(Filters.in("_id", deviceIds)).projection(DeviceListEntry.FIELDS)) {
            DeviceListEntry.of(tenantId, device).ifPresent(entries::add);
        }
        return entries;
    }

    private MongoCollection<Document> devices() {
        return mongo.getCollection(mongo.getCollectionName(Device.class));
    }
}
