package org.sra.auth.readmodel;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.UUID;

import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;

/**
 * The read model's change feed: one tiny record per view document written in the last few
 * minutes, in the collection {@value #COLLECTION}, keyed {@code <collection>:<document id>}.
 * Other replicas poll this small collection and fetch just the documents it names by
 * {@code _id}: the embedded store uses no secondary index, so "which views changed since …?"
 * asked of the views themselves would read every device, user and profile each second.
 *
 * <p>A record is written after its view document, so whoever reads the record finds the change
 * in the document. Its time comes from the store ({@code $currentDate}), so replicas' clocks do
 * not matter, and a counter tells two writes within one millisecond apart. Records older than
 * {@code sra.auth.read-model.change-retention} are deleted; what a lost record could hide (the
 * writer died between the two writes and the event was never redelivered) is found by the read
 * model's periodic full reload.
 */
@Component
class ReadModelChanges {

    static final String COLLECTION = "read_model_changes";
    private static final String VIEW_COLLECTION = "c";
    private static final String VIEW_ID = "d";
    private static final String AT = "at";
    private static final String WRITES = "n";
    /** Token of the bulk write that wrote the record last ({@link #notedAll}); absent after {@link #noted}. */
    private static final String WRITER = "w";

    private final MongoCollection<Document> records;

    ReadModelChanges(MongoTemplate mongo) {
        this.records = mongo.getCollection(COLLECTION); // no I/O until used
    }

    /**
     * Notes that the view document {@code id} of {@code collection} was just written, and returns
     * the record as written (the writer's replica then need not fetch the document it wrote).
     */
    Change noted(String collection, String id) {
        Document record = records.findOneAndUpdate(Filters.eq("_id", collection + ":" + id),
                Updates.combine(Updates.set(VIEW_COLLECTION, collection), Updates.set(VIEW_ID, id),
                        Updates.currentDate(AT), Updates.inc(WRITES, 1L), Updates.unset(WRITER)),
                new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER));
        return record == null || record.getDate(AT) == null ? null : change(record);
    }

    /**
     * Notes that the view documents {@code ids} of {@code collection} were just written: one
     * unordered bulk write of the records, then one read of them by {@code _id}, instead of a round
     * trip per document. Returns the records as this call wrote them; a record another writer
     * wrote again between the two (its token {@code w} is no longer this call's) is left out, so
     * that the poll still fetches that writer's document.
     */
    List<Change> notedAll(String collection, List<String> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        String token = UUID.randomUUID().toString();
        List<WriteModel<Document>> upserts = new ArrayList<>(ids.size());
        List<String> keys = new ArrayList<>(ids.size());
        for (String id : ids) {
            String key = collection + ":" + id;
            keys.add(key);
            upserts.add(new UpdateOneModel<>(Filters.eq("_id", key),
                    Updates.combine(Updates.set(VIEW_COLLECTION, collection), Updates.set(VIEW_ID, id),
                            Updates.currentDate(AT), Updates.inc(WRITES, 1L), Updates.set(WRITER, token)),
                    new UpdateOptions().upsert(true)));
        }
        records.bulkWrite(upserts, new BulkWriteOptions().ordered(false));
        List<Change> written = new ArrayList<>(ids.size());
        for (Document record : records.find(Filters.in("_id", keys))) {
            if (token.equals(record.getString(WRITER)) && record.getDate(AT) != null) {
                written.add(change(record));
            }
        }
        return written;
    }

    /** The records of these keys ({@code <collection>:<id>}) that exist: a lookup by {@code _id}. */
    List<Change> of(Collection<String> keys) {
        List<Change> changes = new ArrayList<>();
        for (Document record : records.find(Filters.in("_id", keys))) {
            if (record.getDate(AT) != null) {
                changes.add(change(record));
            }
        }
        return changes;
    }

    /** The records written at or after {@code from} (store time); a scan, but of a small collection. */
    List<Change> since(Instant from) {
        List<Change> changes = new ArrayList<>();
        for (Document record : records.find(Filters.gte(AT, Date.from(from)))) {
            changes.add(change(record));
        }
        return changes;
    }

    private static Change change(Document record) {
        Object writes = record.get(WRITES);
        return new Change(record.getString(VIEW_COLLECTION), record.getString(VIEW_ID),
                record.getDate(AT).toInstant(), writes instanceof Number n ? n.longValue() : 0);
    }

    /** Deletes the records written before {@code before} (store time). */
    long forget(Instant before) {
        return records.deleteMany(Filters.lt(AT, Date.from(before))).getDeletedCount();
    }

    /**
     * One view document's latest write.
     *
     * @param at     store time of the write
     * @param writes how often the document was written while this record lived: with {@code at},
     *               tells one write from the next
     */
    record Change(String collection, String id, Instant at, long writes) {

        String key() {
            return collection + ":" + id;
        }
    }
}
