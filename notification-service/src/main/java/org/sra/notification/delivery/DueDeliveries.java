package org.sra.notification.delivery;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.mongodb.core.MongoTemplate;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.DeleteOneModel;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;

/**
 * The dispatcher's to-do list: one small document per delivery that still has to be sent, in
 * the collection {@value #COLLECTION}, keyed by delivery id, with the time it is due. The
 * dispatcher reads this list, not the delivery log, which keeps every mail ever sent (the
 * embedded store uses no secondary index, so "which deliveries are due?" asked of the log would
 * read all of it on every poll). The deliveries themselves are then fetched by id.
 *
 * <p>An entry is written after the delivery it points at, never before: an entry whose delivery
 * is sent or gone costs one look-up and is removed, while a delivery without its entry (the
 * process died between the two writes) is found by the dispatcher's recovery pass over the log.
 * An entry may also be early (the dispatcher then moves it to the delivery's own due time), but
 * is never later than the delivery's due time except in that crash window.
 */
class DueDeliveries {

    static final String COLLECTION = "deliveries_due";
    private static final String AT = "at";
    private static final Logger log = LoggerFactory.getLogger(DueDeliveries.class);

    private final MongoTemplate mongo;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

    DueDeliveries(MongoTemplate mongo) {
        this.mongo = mongo;
        // Moving or removing an entry only if it is still the one read filters on exactly
        // {_id, at}; this index lets the embedded store look that up instead of reading the list.
        entries().createIndex(new Document("_id", 1).append(AT, 1), new IndexOptions().name("id_at").unique(true));
    }

    /** An entry as read: the delivery's id and when it is due. */
    record Due(String deliveryId, Date at) {
    }

    /** Called (on the writing thread) after a delivery was put on the list: the dispatcher wakes up. */
    void onScheduled(Runnable listener) {
        listeners.add(listener);
    }

    /**
     * Puts a delivery on the list, due at {@code at} (replacing its entry). Never throws: an entry
     * that could not be written is left to the recovery pass (the delivery itself is stored).
     */
    void schedule(String deliveryId, Instant at) {
        write(List.of(new UpdateOneModel<>(Filters.eq("_id", deliveryId), Updates.set(AT, Date.from(at)),
                new UpdateOptions().upsert(true))), true);
    }

    /** Puts deliveries on the list due no later than the times given (an earlier entry stays). */
    void scheduleNoLaterThan(Collection<Due> entries) {
        List<WriteModel<Document>> upserts = new ArrayList<>(entries.size());
        for (Due entry : entries) {
            upserts.add(new UpdateOneModel<>(Filters.eq("_id", entry.deliveryId()), Updates.min(AT, entry.at()),
                    new UpdateOptions().upsert(true)));
        }
        write(upserts, true);
    }

    /** Moves entries to a later time, each only if it is still the one read. */
    void move(Collection<Due> read, Map<String, Instant> to) {
        List<WriteModel<Document>> moves = new ArrayList<>();
        for (Due entry : read) {
            Instant at = to.get(entry.deliveryId());
            if (at != null) {
                moves.add(new UpdateOneModel<>(unchanged(entry), Updates.set(AT, Date.from(at))));
            }
        }
        write(moves, false);
    }

    /** Removes entries whose deliveries need nothing more, each only if it is still the one read. */
    void removeUnchanged(Collection<Due> read) {
        write(read.stream().<WriteModel<Document>>map(entry -> new DeleteOneModel<>(unchanged(entry))).toList(), false);
    }

    /** Removes a delivery's entry: it was sent or given up. */
    void remove(String deliveryId) {
        write(List.of(new DeleteOneModel<>(Filters.eq("_id", deliveryId))), false);
    }

    /**
     * Up to {@code limit} entries due at {@code now}, the longest due first, leaving out
     * {@code skip} (deliveries this dispatcher holds already). Reads the whole list, which holds
     * only what is still to be sent.
     */
    List<Due> dueAt(Instant now, int limit, Set<String> skip) {
        List<Due> due = new ArrayList<>(limit);
        for (Document entry : entries().find(Filters.lte(AT, Date.from(now))).sort(Sorts.ascending(AT))
                .limit(limit + skip.size())) {
            String id = entry.getString("_id");
            if (!skip.contains(id) && due.size() < limit) {
                due.add(new Due(id, entry.getDate(AT)));
            }
        }
        return due;
    }

    /** How many deliveries are still to be sent (or being sent). */
    long size() {
        return entries().estimatedDocumentCount();
    }

    /** Exactly {@code _id} and {@code at}, as a plain document: the index above answers it. */
    private static Document unchanged(Due entry) {
        return new Document("_id", entry.deliveryId()).append(AT, entry.at());
    }

    private void write(List<WriteModel<Document>> writes, boolean wake) {
        if (writes.isEmpty()) {
            return;
        }
        try {
            entries().bulkWrite(writes, new BulkWriteOptions().ordered(false));
        } catch (RuntimeException e) {
            log.warn("Could not update {} entr(ies) of the due list; the recovery pass will correct them: {}",
                    writes.size(), e.toString());
            return;
        }
        if (wake) {
            listeners.forEach(Runnable::run);
        }
    }

    private MongoCollection<Document> entries() {
        return mongo.getCollection(COLLECTION);
    }
}
