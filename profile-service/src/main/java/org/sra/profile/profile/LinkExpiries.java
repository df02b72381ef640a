package org.sra.profile.profile;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Map;

import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

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
 * The links to look at for expiry (R-PRO-4): one small document per profile whose link may run
 * out unused, in the collection {@value #COLLECTION}, keyed by the profile's document id, with
 * the time to look. The scheduled expiry reads this list instead of the profiles (the embedded
 * store uses no secondary index, so "which links are past their validity?" asked of the profiles
 * would read every profile every minute), then fetches just those profiles by id.
 *
 * <p>An entry is written before the save that issues the link, and only ever made earlier there
 * ({@code $min}): a save that then fails leaves an early entry, which the expiry moves to the
 * link's real time; a link is never later on the list than its validity.
 */
@Component
public class LinkExpiries {

    static final String COLLECTION = "link_expiries";
    private static final String AT = "at";
    private static final Logger log = LoggerFactory.getLogger(LinkExpiries.class);

    private final MongoTemplate mongo;

    LinkExpiries(MongoTemplate mongo) {
        this.mongo = mongo;
        // Moving or removing an entry only if it is still the one read filters on exactly
        // {_id, at}; this index lets the embedded store look that up instead of reading the list.
        entries().createIndex(new Document("_id", 1).append(AT, 1), new IndexOptions().name("id_at").unique(true));
    }

    /** An entry as read: the profile's document id and when to look at its link. */
    public record Entry(String profile, Date at) {
    }

    /** Puts profiles on the list (document id → link expiry), each no later than the time given. */
    public void scheduleNoLaterThan(Map<String, Instant> expiries) {
        List<WriteModel<Document>> upserts = new ArrayList<>(expiries.size());
        expiries.forEach((profile, at) -> upserts.add(new UpdateOneModel<>(Filters.eq("_id", profile),
                Updates.min(AT, Date.from(at)), new UpdateOptions().upsert(true))));
        if (!upserts.isEmpty()) {
            entries().bulkWrite(upserts, new BulkWriteOptions().ordered(false));
        }
    }

    /** Up to {@code limit} entries due at {@code now}, the earliest first. Reads the whole (small) list. */
    public List<Entry> dueAt(Instant now, int limit) {
        List<Entry> due = new ArrayList<>();
        for (Document entry : entries().find(Filters.lte(AT, Date.from(now))).sort(Sorts.ascending(AT)).limit(limit)) {
            due.add(new Entry(entry.getString("_id"), entry.getDate(AT)));
        }
        return due;
    }

    /** Moves entries read earlier to a later time, each only if it is still the one read. */
    public void move(Map<Entry, Instant> to) {
        List<WriteModel<Document>> moves = new ArrayList<>();
        to.forEach((entry, at) -> moves.add(new UpdateOneModel<>(unchanged(entry), Updates.set(AT, Date.from(at)))));
        write(moves);
    }

    /** Removes entries read earlier whose links need no more looking at, each only if still the one read. */
    public void remove(Collection<Entry> entries) {
        write(entries.stream().<WriteModel<Document>>map(entry -> new DeleteOneModel<>(unchanged(entry))).toList());
    }

    /** Exactly {@code _id} and {@code at}, as a plain document: the index above answers it. */
    private static Document unchanged(Entry entry) {
        return new Document("_id", entry.profile()).append(AT, entry.at());
    }

    private void write(List<WriteModel<Document>> writes) {
        if (writes.isEmpty()) {
            return;
        }
        try {
            entries().bulkWrite(writes, new BulkWriteOptions().ordered(false));
        } catch (RuntimeException e) {
            log.warn("Could not update {} entr(ies) of the link expiry list; the next check sees them again: {}",
                    writes.size(), e.toString());
        }
    }

    private MongoCollection<Document> entries() {
        return mongo.getCollection(COLLECTION);
    }
}
