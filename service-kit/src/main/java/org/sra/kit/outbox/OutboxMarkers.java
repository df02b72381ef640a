package org.sra.kit.outbox;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.bson.Document;
import org.bson.conversions.Bson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.mongodb.MongoDatabaseFactory;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;

/**
 * The outbox's index: one small document per aggregate document that has pending events, in the
 * collection {@value #COLLECTION}, keyed by collection and document id. The relay reads this
 * collection instead of scanning the aggregates' collections (the embedded store uses no
 * secondary index, so "which documents have pending events?" would read every document), and
 * then fetches just those documents by {@code _id}.
 *
 * <p>A marker is written right after the save that appended the events, never before: a marker
 * without events costs the relay one empty look-up, while events without a marker (the process
 * died between the two writes, or the marker write failed) are found by the relay's slower
 * recovery pass over the aggregates' collections. Saves through Spring Data are marked by
 * {@link OutboxMarking}; a writer that appends with its own {@code $push} calls {@link #mark}.
 * {@link #inOneWrite} gathers the markers of a bulk insert into one write.
 */
public class OutboxMarkers {

    /** Collection of the markers, one per aggregate document with pending events. */
    public static final String COLLECTION = "outbox_pending";
    static final String COLLECTION_FIELD = "c";
    static final String DOCUMENT_FIELD = "d";
    static final String TENANT_FIELD = "t";
    static final String EVENTS_FIELD = "n";
    static final String SINCE_FIELD = "at";
    /** Order of marking in this process (milliseconds × 1000, then counting), finer than {@code at}. */
    static final String ORDER_FIELD = "q";

    private static final Logger log = LoggerFactory.getLogger(OutboxMarkers.class);

    private final MongoDatabaseFactory databases;
    private final Clock clock;
    private final ThreadLocal<List<Document>> deferred = new ThreadLocal<>();
    private final List<Consumer<List<Marked>>> listeners =
            new CopyOnWriteArrayList<>();
    private volatile boolean missed;
    private volatile Backlog cached;
    private final AtomicLong order = new AtomicLong();

    public OutboxMarkers(MongoDatabaseFactory databases, Clock clock) {
        this.databases = databases;
        this.clock = clock;
    }

    /**
     * Notes that {@code collection}'s document {@code id} has {@code events} pending events.
     * Call it after the write that appended them. Never throws: a marker that could not be
     * written is left to the relay's recovery pass (the events are safe in their document).
     */
    public void mark(String collection, Object id, String tenantId, int events) {
        List<Document> gathering = deferred.get();
        if (gathering != null) {
            gathering.add(new Document("_id", key(collection, id)).append(COLLECTION_FIELD, collection)
                    .append(DOCUMENT_FIELD, id).append(TENANT_FIELD, tenantId == null ? "" : tenantId)
                    .append(EVENTS_FIELD, events).append(SINCE_FIELD, Date.from(clock.instant()))
                    .append(ORDER_FIELD, nextOrder()));
            return;
        }
        write(List.of(marked(collection, id, tenantId, events)));
    }

    /**
     * A marker as written: what the relay needs to choose it without reading it back.
     *
     * @param order the order of marking ({@link #ORDER_FIELD}); a marker that existed already keeps its own
     */
    record Marked(String key, String collection, Object documentId, String tenant, int events, long order) {
    }

    /** A marker to write for {@code collection}'s document {@code id}. */
    Marked marked(String collection, Object id, String tenantId, int events) {
        return new Marked(key(collection, id), collection, id, tenantId == null ? "" : tenantId, events, nextOrder());
    }

    /**
     * Runs a bulk insert of aggregates and writes all their markers in one write at the end
     * (also when the insert failed part way: the documents it did write are marked).
     */
    public <T> T inOneWrite(Supplier<T> bulkInsert) {
        if (deferred.get() != null) {
            return bulkInsert.get();
        }
        List<Document> gathering = new ArrayList<>();
        deferred.set(gathering);
        try {
            return bulkInsert.get();
        } finally {
            deferred.remove();
            insert(gathering);
        }
    }

    /**
     * The markers of freshly inserted documents: plain inserts (a third of the cost of upserts on
     * the embedded store); a marker that exists already is left as it is, which is all it needs.
     */
    private void insert(List<Document> fresh) {
        if (fresh.isEmpty()) {
            return;
        }
        try {
            markers().insertMany(fresh, new InsertManyOptions().ordered(false));
        } catch (MongoBulkWriteException e) {
            boolean onlyDuplicates = e.getWriteErrors().stream().allMatch(error -> error.getCode() == 11000);
            if (!onlyDuplicates) {
                missed = true;
                log.warn("Could not write {} of {} outbox markers; the relay's recovery pass will find their events: {}",
                        e.getWriteErrors().size(), fresh.size(), e.getMessage());
            }
        } catch (RuntimeException e) {
            missed = true;
            log.warn("Could not write {} outbox marker(s); the relay's recovery pass will find their events: {}",
                    fresh.size(), e.toString());
            return;
        }
        List<Marked> written = fresh.stream().map(marker -> new Marked(marker.getString("_id"),
                marker.getString(COLLECTION_FIELD), marker.get(DOCUMENT_FIELD), marker.getString(TENANT_FIELD),
                marker.getInteger(EVENTS_FIELD, 1), marker.getLong(ORDER_FIELD))).toList();
        listeners.forEach(listener -> listener.accept(written));
    }

    /**
     * Called (on the writing thread) with the markers this process wrote, after they were written:
     * the relay wakes up and adds them to the markers it knows without reading them back.
     */
    void onMarked(Consumer<List<Marked>> listener) {
        listeners.add(listener);
    }

    /** True once a marker could not be written since the last call; the relay then recovers. */
    boolean takeMissed() {
        boolean was = missed;
        missed = false;
        return was;
    }

    /** Writes (upserts) {@code marks}; never throws (what fails is left to the recovery pass). */
    void write(List<Marked> marks) {
        if (marks.isEmpty()) {
            return;
        }
        try {
            markers().bulkWrite(marks.stream().map(this::upsert).toList(), new BulkWriteOptions().ordered(false));
        } catch (RuntimeException e) {
            missed = true;
            log.warn("Could not write {} outbox marker(s); the relay's recovery pass will find their events: {}",
                    marks.size(), e.toString());
            return;
        }
        listeners.forEach(listener -> listener.accept(marks));
    }

    private WriteModel<Document> upsert(Marked marked) {
        Bson update = Updates.combine(
                Updates.set(COLLECTION_FIELD, marked.collection()),
                Updates.set(DOCUMENT_FIELD, marked.documentId()),
                Updates.set(TENANT_FIELD, marked.tenant()),
                Updates.set(EVENTS_FIELD, marked.events()),
                Updates.setOnInsert(SINCE_FIELD, Date.from(clock.instant())),
                Updates.setOnInsert(ORDER_FIELD, marked.order()));
        return new UpdateOneModel<>(Filters.eq("_id", marked.key()), update, new UpdateOptions().upsert(true));
    }

    private long nextOrder() {
        long now = clock.millis() * 1000;
        return order.updateAndGet(last -> Math.max(last + 1, now));
    }

    static String key(String collection, Object id) {
        return collection + ":" + id;
    }

    MongoCollection<Document> markers() {
        return databases.getMongoDatabase().getCollection(COLLECTION);
    }

    /**
     * What waits to be relayed, read from the markers (a small collection) at most every
     * {@code maxAge}: documents, events and the age of the oldest marker.
     */
    Backlog backlog(Duration maxAge) {
        Backlog last = cached;
        Instant now = clock.instant();
        if (last != null && last.readAt().plus(maxAge).isAfter(now)) {
            return last;
        }
        long documents = 0;
        long events = 0;
        Instant oldest = null;
        try {
            for (Document marker : markers().find()
                    .projection(new Document(EVENTS_FIELD, 1).append(SINCE_FIELD, 1))) {
                documents++;
                Object n = marker.get(EVENTS_FIELD);
                events += n instanceof Number number ? number.longValue() : 1;
                Date since = marker.getDate(SINCE_FIELD);
                if (since != null && (oldest == null || since.toInstant().isBefore(oldest))) {
                    oldest = since.toInstant();
                }
            }
        } catch (RuntimeException e) {
            return last == null ? new Backlog(now, -1, -1, -1) : last;
        }
        Backlog read = new Backlog(now, documents, events,
                oldest == null ? 0 : Math.max(0, Duration.between(oldest, now).toMillis() / 1000.0));
        cached = read;
        return read;
    }

    /** The relay's backlog at {@code readAt}; -1 when the store could not be read. */
    record Backlog(Instant readAt, long documents, long events, double oldestSeconds) {
    }
}
