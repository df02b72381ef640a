package org.sra.device.device;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.mongodb.MongoDatabaseFactory;
import org.springframework.data.mongodb.core.mapping.event.AfterSaveCallback;
import org.springframework.stereotype.Component;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.DeleteOneModel;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.InsertOneModel;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;

/**
 * Each tenant's journal of device changes, so that every replica's {@link DeviceListIndexes}
 * learns what the others wrote by reading documents by {@code _id} only (the embedded store
 * looks up nothing else without reading the whole collection).
 *
 * <p>After every save of a device, the writer takes the tenant's next revision from
 * {@value #HEADS}{@code /<tenantId>} (one atomic {@code $inc}) and stores the changed device ids
 * as {@value #CHANGES}{@code /<tenantId>#<revision>}. A reader that is at revision r and finds
 * the head at R asks for exactly the ids {@code #r+1 … #R}. A change whose revision is taken but
 * whose document is not there yet (the writer is between its two writes) is asked for again on
 * the next read; if it never comes (the writer died in between) the reader rebuilds. The last
 * {@value #KEPT} changes of a tenant are kept; a reader further behind rebuilds as well.
 *
 * <p>Saves through Spring Data announce themselves ({@link AfterSaveCallback}); a bulk insert
 * is announced as one change with {@link #inOneChange}. Announcing never fails the save: a lost
 * announcement is caught up by the index's periodic rebuild.
 */
@Component
class DeviceListChanges implements AfterSaveCallback<Device> {

    static final String HEADS = "device_list_heads";
    static final String CHANGES = "device_list_changes";
    static final int KEPT = 10_000;

    private static final Logger log = LoggerFactory.getLogger(DeviceListChanges.class);

    private final MongoDatabaseFactory databases;
    private final Clock clock;
    private final ThreadLocal<Map<String, Set<String>>> gathering = new ThreadLocal<>();

    // the raw driver, not MongoTemplate: entity callbacks are created while MongoTemplate is
    DeviceListChanges(MongoDatabaseFactory databases, Clock clock) {
        this.databases = databases;
        this.clock = clock;
    }

    /** What changed in a tenant since a revision. */
    record Since(long revision, Set<String> deviceIds, Set<Long> missing, boolean rebuild) {

        static Since rebuildAt(long revision) {
            return new Since(revision, Set.of(), Set.of(), true);
        }
    }

    @Override
    public Device onAfterSave(Device device, Document document, String collection) {
        Map<String, Set<String>> gathered = gathering.get();
        if (gathered != null) {
            gathered.computeIfAbsent(device.tenantId(), t -> new LinkedHashSet<>()).add(device.id());
        } else {
            announce(device.tenantId(), List.of(device.id()));
        }
        return device;
    }

    /** Runs bulk writes of devices and announces all they saved as one change per tenant. */
    <T> T inOneChange(Supplier<T> writes) {
        if (gathering.get() != null) {
            return writes.get();
        }
        Map<String, Set<String>> gathered = new LinkedHashMap<>();
        gathering.set(gathered);
        try {
            return writes.get();
        } finally {
            gathering.remove();
            gathered.forEach(this::announce);
        }
    }

    /** Announces that these devices of the tenant changed. Never throws. */
    void announce(String tenantId, Collection<String> deviceIds) {
        if (deviceIds.isEmpty()) {
            return;
        }
        try {
            long revision = nextRevision(tenantId);
            List<WriteModel<Document>> writes = new ArrayList<>(2);
            writes.add(new InsertOneModel<>(new Document("_id", key(tenantId, revision))
                    .append("deviceIds", List.copyOf(deviceIds)).append("at", Date.from(clock.instant()))));
            if (revision > KEPT) {
                writes.add(new DeleteOneModel<>(Filters.eq("_id", key(tenantId, revision - KEPT))));
            }
            changes().bulkWrite(writes, new BulkWriteOptions().ordered(false));
        } catch (RuntimeException e) {
            log.warn("Could not announce {} changed device(s) of tenant {} to the other replicas' lists; their next"
                    + " rebuild catches up: {}", deviceIds.size(), tenantId, e.toString());
        }
    }

    private long nextRevision(String tenantId) {
        try {
            return incrementHead(tenantId);
        } catch (MongoException e) {
            if (ErrorCategory.fromErrorCode(e.getCode()) != ErrorCategory.DUPLICATE_KEY) {
                throw e;
            }
            // two first changes of a tenant at once: MongoDB lets one upsert create the head, the other retries
            return incrementHead(tenantId);
        }
    }

    private long incrementHead(String tenantId) {
        return revisionOf(heads().findOneAndUpdate(Filters.eq("_id", tenantId), Updates.inc("revision", 1L),
                new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER)));
    }

    /** The tenant's current revision (0 before its first change). */
    long head(String tenantId) {
        return revisionOf(heads().find(Filters.eq("_id", tenantId)).first());
    }

    /** The devices changed after {@code revision}, and again those of revisions missing last time. */
    Since since(String tenantId, long revision, Set<Long> missingBefore) {
        long head = head(tenantId);
        if (head < revision || head - revision > KEPT) {
            return Since.rebuildAt(head);
        }
        if (head == revision && missingBefore.isEmpty()) {
            return new Since(head, Set.of(), Set.of(), false);
        }
        Set<Long> wanted = new HashSet<>(missingBefore);
        for (long r = revision + 1; r <= head; r++) {
            wanted.add(r);
        }
        Set<String> deviceIds = new HashSet<>();
        Set<Long> missing = new HashSet<>(wanted);
        List<String> keys = wanted.stream().map(r -> key(tenantId, r)).toList();
        for (Document change : changes().find(Filters.in("_id", keys))) {
            String key = change.getString("_id");
            missing.remove(Long.parseLong(key.substring(key.lastIndexOf('#') + 1)));
            deviceIds.addAll(change.getList("deviceIds", String.class));
        }
        return new Since(head, deviceIds, missing, false);
    }

    private static long revisionOf(Document head) {
        return head != null && head.get("revision") instanceof Number n ? n.longValue() : 0;
    }

    private static String key(String tenantId, long revision) {
        return tenantId + "#" + revision;
    }

    private MongoCollection<Document> heads() {
        return databases.getMongoDatabase().getCollection(HEADS);
    }

    private MongoCollection<Document> changes() {
        return databases.getMongoDatabase().getCollection(CHANGES);
    }
}
