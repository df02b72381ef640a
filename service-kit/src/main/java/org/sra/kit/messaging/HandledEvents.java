package org.sra.kit.messaging;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.mongodb.core.MongoTemplate;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.InsertManyOptions;

/**
 * The ids of the events this service has handled: kept in the store ({@code handled_events},
 * see {@link HandledEvent}) and, for the latest ones, in memory.
 *
 * <p>An id is written to the store in a batch shortly after its handler ran (at most
 * {@code flushEvery} later, one insert for all ids of that time) rather than with one write per
 * event: during a bulk import that write was a third of a consumer's round trips to the store.
 * Until then, and for the latest {@code recentCapacity} ids, the memory answers "handled
 * before?". A crash before the write loses nothing the contract needs: the records whose ids are
 * lost are either delivered again (offsets are committed after handling, usually later than the
 * write) and their handlers, idempotent as every handler is, run again; or they are not
 * delivered again and the id was never needed.
 */
final class HandledEvents implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(HandledEvents.class);
    private static final Document ID_ONLY = new Document("_id", 1);
    private static final int DUPLICATE_KEY = 11000;

    private final MongoCollection<Document> store;
    private final Clock clock;
    private final int recentCapacity;
    private final Map<String, Boolean> recent;
    private List<Document> pending = new ArrayList<>();
    private final ScheduledExecutorService writer;

    HandledEvents(MongoTemplate mongo, Clock clock, Duration flushEvery, int recentCapacity) {
        this.store = mongo.getCollection(mongo.getCollectionName(HandledEvent.class)); // no I/O until used
        this.clock = clock;
        this.recentCapacity = recentCapacity;
        this.recent = new LinkedHashMap<>(1024, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > HandledEvents.this.recentCapacity;
            }
        };
        this.writer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "handled-events-writer");
            thread.setDaemon(true);
            return thread;
        });
        writer.scheduleWithFixedDelay(this::flushQuietly, flushEvery.toMillis(), flushEvery.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** Whether the event was handled before: in memory first, then a find by {@code _id} in the store. */
    boolean seen(String eventId) {
        synchronized (recent) {
            if (recent.containsKey(eventId)) {
                return true;
            }
        }
        return store.find(new Document("_id", eventId)).projection(ID_ONLY).first() != null;
    }

    /** Notes that the event's handler ran; written to the store with the next batch. */
    void record(String eventId, String type, String tenantId) {
        Document handled = new Document("_id", eventId).append("type", type).append("tenantId", tenantId)
                .append("handledAt", Date.from(clock.instant()));
        synchronized (recent) {
            recent.put(eventId, Boolean.TRUE);
            pending.add(handled);
        }
    }

    /** Writes the ids noted since the last write, in one insert; ids already stored are passed over. */
    void flush() {
        List<Document> batch;
        synchronized (recent) {
            if (pending.isEmpty()) {
                return;
            }
            batch = pending;
            pending = new ArrayList<>();
        }
        try {
            store.insertMany(batch, new InsertManyOptions().ordered(false));
        } catch (MongoBulkWriteException e) {
            boolean onlyDuplicates = e.getWriteErrors().stream().allMatch(error -> error.getCode() == DUPLICATE_KEY);
            if (!onlyDuplicates) {
                requeue(batch);
                throw e;
            }
        } catch (RuntimeException e) {
            requeue(batch);
            throw e;
        }
    }

    private void requeue(List<Document> batch) {
        synchronized (recent) {
            batch.addAll(pending);
            pending = batch;
        }
    }

    private void flushQuietly() {
        try {
            flush();
        } catch (RuntimeException e) {
            log.warn("Could not record handled events yet (will try again): {}", e.toString());
        }
    }

    @Override
    public void close() {
        writer.shutdown();
        try {
            writer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        flushQuietly();
    }
}
