package org.sra.kit.outbox;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.mapping.MongoPersistentEntity;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Publishes the pending events of every {@link AggregateDocument} collection, oldest first per
 * document, then pulls each one out of its document. A document is claimed for a short lease
 * so that several replicas do not publish the same events at once. A crash after the broker
 * took an event but before it was pulled publishes it again later: consumers dedupe on the
 * event id, so the effect still happens once.
 */
public class OutboxRelay implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

    private final MongoTemplate mongo;
    private final EventPublisher publisher;
    private final OutboxSettings settings;
    private final Clock clock;
    private final Counter published;
    private final Counter failures;
    private volatile ScheduledExecutorService executor;

    public OutboxRelay(MongoTemplate mongo, EventPublisher publisher, OutboxSettings settings, Clock clock,
                       MeterRegistry meters) {
        this.mongo = mongo;
        this.publisher = publisher;
        this.settings = settings;
        this.clock = clock;
        this.published = Counter.builder("sra.outbox.published").description("events relayed to the broker")
                .register(meters);
        this.failures = Counter.builder("sra.outbox.failures").description("failed relay attempts")
                .register(meters);
    }

    @Override
    public synchronized void start() {
        if (executor != null || !settings.enabled()) {
            return;
        }
        executor = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("outbox-relay").daemon().factory());
        executor.scheduleWithFixedDelay(this::relaySafely, 0, settings.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
        log.info("Outbox relay started, polling every {}", settings.pollInterval());
    }

    @Override
    public synchronized void stop() {
        ScheduledExecutorService running = executor;
        executor = null;
        if (running != null) {
            running.shutdown();
            try {
                running.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return executor != null;
    }

    /** Stops after the consumers and web server have stopped, so late events still go out. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 2048;
    }

    private void relaySafely() {
        try {
            relayOnce();
        } catch (RuntimeException e) {
            failures.increment();
            log.warn("Outbox relay pass failed, will retry: {}", e.toString());
        }
    }

    /** One pass over every outbox collection; returns how many events went out. */
    public int relayOnce() {
        int count = 0;
        for (String collection : outboxCollections()) {
            count += relayCollection(mongo.getCollection(collection));
        }
        return count;
    }

    private List<String> outboxCollections() {
        return mongo.getConverter().getMappingContext().getPersistentEntities().stream()
                .filter(entity -> AggregateDocument.class.isAssignableFrom(entity.getType()))
                .map(MongoPersistentEntity::getCollection)
                .distinct()
                .toList();
    }

    /**
     * One query finds a batch of documents with pending events; each is then claimed by id, so
     * a pass costs one collection scan rather than one per document (the embedded store has no
     * secondary indexes).
     */
    private int relayCollection(MongoCollection<Document> collection) {
        List<Object> candidates = new java.util.ArrayList<>();
        collection.find(Filters.exists(AggregateDocument.OUTBOX + ".0"))
                .projection(new Document("_id", 1))
                .limit(settings.batchSize())
                .forEach(document -> candidates.add(document.get("_id")));
        int count = 0;
        for (Object id : candidates) {
            Document claimed = claim(collection, id);
            if (claimed != null) {
                count += relayDocument(collection, claimed);
            }
        }
        return count;
    }

    private Document claim(MongoCollection<Document> collection, Object id) {
        Instant now = clock.instant();
        return collection.findOneAndUpdate(
                Filters.and(Filters.eq("_id", id), Filters.exists(AggregateDocument.OUTBOX + ".0"),
                        Filters.or(Filters.exists(AggregateDocument.OUTBOX_LOCKED_UNTIL, false),
                                Filters.eq(AggregateDocument.OUTBOX_LOCKED_UNTIL, null),
                                Filters.lt(AggregateDocument.OUTBOX_LOCKED_UNTIL, Date.from(now)))),
                Updates.set(AggregateDocument.OUTBOX_LOCKED_UNTIL, Date.from(now.plus(settings.lease()))),
                new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER));
    }

    /**
     * Publishes the document's pending events as one batch (the publisher waits for every
     * acknowledgement once), then pulls them all out in one update; a tombstone is then deleted.
     * If any event was not taken, none is pulled: the whole batch is sent again on a later pass
     * (consumers dedupe on the event id).
     */
    private int relayDocument(MongoCollection<Document> collection, Document document) {
        Object id = document.get("_id");
        boolean deleted = false;
        try {
            List<PendingEvent> events = document.getList(AggregateDocument.OUTBOX, Document.class).stream()
                    .map(OutboxRelay::toPendingEvent).toList();
            if (events.isEmpty()) {
                return 0;
            }
            publisher.publishAll(events);
            published.increment(events.size());
            if (log.isDebugEnabled()) {
                events.forEach(event -> log.debug("Relayed {} {} to {}", event.type(), event.eventId(), event.topic()));
            }
            if (document.getBoolean(AggregateDocument.DELETED, false)
                    && deleteIfOnly(collection, id, events)) {
                deleted = true;
                return events.size();
            }
            collection.updateOne(Filters.eq("_id", id), Updates.pull(AggregateDocument.OUTBOX,
                    new Document("eventId", new Document("$in", events.stream().map(PendingEvent::eventId).toList()))));
            if (document.getBoolean(AggregateDocument.DELETED, false)) {
                deleted = collection.deleteOne(Filters.and(Filters.eq("_id", id),
                        Filters.eq(AggregateDocument.DELETED, true), Filters.size(AggregateDocument.OUTBOX, 0)))
                        .getDeletedCount() == 1;
            }
            return events.size();
        } catch (RuntimeException e) {
            failures.increment();
            log.warn("Could not relay events of {} {}; they stay pending: {}", collection.getNamespace(), id, e.toString());
            return 0;
        } finally {
            if (!deleted) {
                collection.updateOne(Filters.eq("_id", id), Updates.unset(AggregateDocument.OUTBOX_LOCKED_UNTIL));
            }
        }
    }

    /**
     * Deletes a tombstone whose pending events are still exactly the ones just published (events
     * are only ever appended, so the same count, first and last id mean the same list): one write
     * instead of a pull and a delete. False when something changed meanwhile.
     */
    private static boolean deleteIfOnly(MongoCollection<Document> collection, Object id, List<PendingEvent> events) {
        return collection.deleteOne(Filters.and(Filters.eq("_id", id), Filters.eq(AggregateDocument.DELETED, true),
                Filters.size(AggregateDocument.OUTBOX, events.size()),
                Filters.eq(AggregateDocument.OUTBOX + ".0.eventId", events.getFirst().eventId()),
                Filters.eq(AggregateDocument.OUTBOX + "." + (events.size() - 1) + ".eventId",
                        events.getLast().eventId()))).getDeletedCount() == 1;
    }

    /**
     * Publishes {@code events} at once and writes them to {@code collection}, as a tombstone for
     * the relay, only when the broker does not take them all — the relay then sends the whole
     * batch again under the same ids (consumers dedupe). For a writer whose own state is written
     * behind, after the events: a crash before the publish loses that state and its events
     * together, so the common case needs no outbox write at all, and a broker outage still loses
     * nothing. The collection must be mapped by an {@link AggregateDocument} subclass so that the
     * relay scans it.
     *
     * @return true when the events went out now, false when they were kept for the relay
     * @throws RuntimeException when the broker refused and the store did too: nothing was kept,
     *                          the caller tries again
     */
    public boolean publishOrKeep(String collectionName, String id, List<PendingEvent> events) {
        try {
            publisher.publishAll(events);
            published.increment(events.size());
            return true;
        } catch (RuntimeException e) {
            failures.increment();
            log.warn("Could not publish {} events now; kept in {} {} for the relay: {}", events.size(), collectionName,
                    id, e.toString());
        }
        mongo.getCollection(collectionName).insertOne(new Document("_id", id)
                .append(AggregateDocument.OUTBOX, events.stream().map(OutboxRelay::toDocument).toList())
                .append(AggregateDocument.DELETED, true));
        return false;
    }

    /** The stored form of a pending event, as the mapping writes {@link PendingEvent} (read back below). */
    private static Document toDocument(PendingEvent event) {
        return new Document("eventId", event.eventId()).append("type", event.type()).append("topic", event.topic())
                .append("key", event.key()).append("envelope", event.envelope())
                .append("raisedAt", event.raisedAt() == null ? null : Date.from(event.raisedAt()));
    }

    private static PendingEvent toPendingEvent(Document pending) {
        Date raisedAt = pending.getDate("raisedAt");
        return new PendingEvent(pending.getString("eventId"), pending.getString("type"), pending.getString("topic"),
                pending.getString("key"), pending.getString("envelope"), raisedAt == null ? null : raisedAt.toInstant());
    }

    /** Relay settings. */
    public record OutboxSettings(boolean enabled, Duration pollInterval, Duration lease, int batchSize) {
    }
}
