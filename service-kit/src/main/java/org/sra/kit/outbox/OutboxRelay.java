package org.sra.kit.outbox;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.mapping.MongoPersistentEntity;
import org.sra.events.EventCodec;

import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Publishes the pending events of every {@link AggregateDocument} collection in batches.
 *
 * <p>One pass: read the markers ({@link OutboxMarkers}: which documents have pending events),
 * choose up to {@code batchSize} documents taking the tenants in turn (so one tenant's backlog of
 * thousands never holds back another tenant's single change), remove their markers, fetch the
 * documents by {@code _id}, hand all their events to the broker and wait once for the
 * acknowledgements, then pull the sent events out of their documents in one bulk write. A
 * document the broker did not take in full is marked again and retried whole. The relay wakes as
 * soon as a service writes a marker, and otherwise polls.
 *
 * <p>Only one relay per database publishes at a time: it holds a lease (document
 * {@code outbox_relay/leader}), so replicas never publish the same documents at once; another
 * replica takes over when the lease runs out. Removing the markers before reading the documents
 * means that events appended meanwhile always leave a marker behind. What a crash can leave
 * unmarked (between a save and its marker, or between taking markers and pulling the events) is
 * found by a recovery pass over the collections when a relay takes the lease and every
 * {@code recoveryInterval}. A crash after the broker took an event but before it was pulled
 * publishes it again later under the same id: consumers dedupe, so the effect happens once.
 */
public class OutboxRelay implements SmartLifecycle {

    static final String LEASE_COLLECTION = "outbox_relay";
    private static final String LEASE_ID = "leader";
    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

    private final MongoTemplate mongo;
    private final EventPublisher publisher;
    private final OutboxSettings settings;
    private final Clock clock;
    private final OutboxMarkers markers;
    private final String holder = UUID.randomUUID().toString();
    private final Counter published;
    private final Counter failures;
    private final Timer batches;
    private final Counter paced;
    private final ConsumerLag lag;
    private final Set<String> topicsRelayed = ConcurrentHashMap.newKeySet();
    private final BlockingQueue<Boolean> wakeUp = new ArrayBlockingQueue<>(1);
    private volatile Thread worker;
    private volatile boolean running;
    private Instant leaseUntil = Instant.MIN;
    private volatile Instant nextRecovery = Instant.MIN;
    private Instant holdingSince;
    private long lagWhenHolding;
    /** Set when bulk documents wait only for room on the lag's next reading. */
    private volatile boolean heldForRoom;
    private static final long ROOM_RECHECK_MS = 25;
    /** Which reading of the lag was used last, and the bulk documents let out since it was read. */
    private long lastReading = Long.MIN_VALUE;
    private long bulkSentSinceLag;
    private final AtomicBoolean recovering = new AtomicBoolean();
    /**
     * The markers this relay knows to be waiting, by key: read whole from the store at most every
     * {@code rereadInterval} (markers other replicas wrote), and between those reads kept up to
     * date from what this process marks ({@link #fresh}) and what the relay takes. A backlog of
     * 10,000 documents let out 80 at a time then costs one read of the markers per interval
     * instead of one per batch.
     */
    private final Map<String, Marker> known = new HashMap<>();
    private final ConcurrentLinkedQueue<OutboxMarkers.Marked> fresh =
            new ConcurrentLinkedQueue<>();
    private long knownReadAt;
    private volatile boolean knownRead;

    public OutboxRelay(MongoTemplate mongo, EventPublisher publisher, OutboxSettings settings, Clock clock,
                       MeterRegistry meters) {
        this(mongo, publisher, settings, clock, meters, new OutboxMarkers(mongo.getMongoDatabaseFactory(), clock));
    }

    public OutboxRelay(MongoTemplate mongo, EventPublisher publisher, OutboxSettings settings, Clock clock,
                       MeterRegistry meters, OutboxMarkers markers) {
        this(mongo, publisher, settings, clock, meters, markers, ConsumerLag.NONE);
    }

    public OutboxRelay(MongoTemplate mongo, EventPublisher publisher, OutboxSettings settings, Clock clock,
                       MeterRegistry meters, OutboxMarkers markers, ConsumerLag lag) {
        this.lag = lag;
        this.mongo = mongo;
        this.publisher = publisher;
        this.settings = settings;
        this.clock = clock;
        this.markers = markers;
        markers.onMarked(this::marked);
        this.published = Counter.builder("sra.outbox.published").description("events relayed to the broker")
                .register(meters);
        this.failures = Counter.builder("sra.outbox.failures").description("failed relay attempts")
                .register(meters);
        this.paced = Counter.builder("sra.outbox.paced")
                .description("batches that held back bulk backlogs because consumers were behind").register(meters);
        this.batches = Timer.builder("sra.outbox.batch").description("one relay batch: read, publish, pull")
                .register(meters);
        Duration gaugeAge = Duration.ofSeconds(5);
        Gauge.builder("sra.outbox.backlog.documents", markers, m -> m.backlog(gaugeAge).documents())
                .description("documents with events waiting to be relayed").register(meters);
        Gauge.builder("sra.outbox.backlog.events", markers, m -> m.backlog(gaugeAge).events())
                .description("events waiting to be relayed").register(meters);
        Gauge.builder("sra.outbox.backlog.oldest", markers, m -> m.backlog(gaugeAge).oldestSeconds())
                .baseUnit("seconds").description("age of the oldest document waiting to be relayed")
                .register(meters);
    }

    @Override
    public synchronized void start() {
        if (running || !settings.enabled()) {
            return;
        }
        running = true;
        nextRecovery = Instant.MIN;
        worker = Thread.ofPlatform().name("outbox-relay").daemon().start(this::run);
        log.info("Outbox relay started: batches of {} documents, polling every {}, recovery every {}",
                settings.batchSize(), settings.pollInterval(), settings.recoveryInterval());
    }

    @Override
    public synchronized void stop() {
        Thread running = worker;
        this.running = false;
        worker = null;
        if (running != null) {
            wake();
            try {
                running.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        releaseLease();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stops after the consumers and web server have stopped, so late events still go out. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 2048;
    }

    private void marked(List<OutboxMarkers.Marked> written) {
        fresh.addAll(written);
        wake();
    }

    /** Asks the relay to look for pending events now instead of at its next poll. */
    public void wake() {
        wakeUp.offer(Boolean.TRUE);
    }

    private void run() {
        while (running) {
            boolean more = false;
            try {
                more = pass();
            } catch (RuntimeException e) {
                failures.increment();
                log.warn("Outbox relay pass failed, will retry: {}", e.toString());
            }
            if (!more) {
                try {
                    if (heldForRoom) {
                        awaitRoom();
                    } else {
                        wakeUp.poll(settings.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /**
     * A bulk backlog used up the consumers' room on the lag's last reading: waits until the lag
     * is read anew (consumers that keep up must not wait a whole poll), a write wakes the relay,
     * or a poll interval passed, without reading the markers meanwhile.
     */
    private void awaitRoom() throws InterruptedException {
        long until = System.nanoTime() + settings.pollInterval().toNanos();
        Set<String> topics = Set.copyOf(topicsRelayed);
        while (System.nanoTime() < until) {
            if (wakeUp.poll(ROOM_RECHECK_MS, TimeUnit.MILLISECONDS) != null) {
                return;
            }
            lag.of(topics); // answered from the last reading until that is old
            long reading = lag.readings();
            if (reading < 0 || reading != lastReading) {
                return;
            }
        }
    }

    /**
     * Relays until no marker is left (or the broker stops taking events) and returns how many
     * events went out. A relay that is not started holds the lease only for this call.
     */
    public int relayOnce() {
        int count = 0;
        try {
            if (!holdLease()) {
                return 0;
            }
            knownRead = false; // markers may have been written by anyone meanwhile: read them all first
            recoverIfDue();
            Batch batch;
            do {
                batch = relayBatch();
                count += batch.published();
            } while (batch.more() && batch.failedDocuments() == 0);
        } finally {
            if (!running) {
                releaseLease();
            }
        }
        return count;
    }

    /** One batch while started; true when another should follow at once. */
    private boolean pass() {
        if (!holdLease()) {
            return false;
        }
        recoverBesideIfDue();
        Batch batch = relayBatch();
        return batch.more() && batch.failedDocuments() == 0;
    }

    private record Batch(int published, int failedDocuments, boolean more) {
    }

    private record Marker(String key, String collection, Object documentId, String tenant, long since) {
    }

    private Batch relayBatch() {
        synchronized (known) { // the worker's batches and a caller's relayOnce() take turns
            return relayBatchHeld();
        }
    }

    private Batch relayBatchHeld() {
        long started = System.nanoTime();
        List<Marker> waiting = waitingMarkers();
        if (waiting.isEmpty()) {
            return new Batch(0, 0, false);
        }
        List<Marker> chosen = tenantsInTurn(paced(waiting), settings.batchSize());
        if (chosen.isEmpty()) {
            return new Batch(0, 0, false); // only bulk backlogs, and consumers are behind: wait for them
        }
        chosen.forEach(marker -> known.remove(marker.key()));
        markers.markers().deleteMany(Filters.in("_id", chosen.stream().map(Marker::key).toList()));
        try {
            return relay(chosen, waiting.size(), started);
        } catch (RuntimeException e) {
            // the markers are gone and the events may still be in their documents: look for them
            nextRecovery = Instant.MIN;
            throw e;
        }
    }

    private Batch relay(List<Marker> chosen, int waiting, long started) {

        List<Document> documents = new ArrayList<>(chosen.size());
        List<String> collections = new ArrayList<>(chosen.size());
        Map<String, List<Object>> idsByCollection = new LinkedHashMap<>();
        chosen.forEach(m -> idsByCollection.computeIfAbsent(m.collection(), c -> new ArrayList<>()).add(m.documentId()));
        Map<String, Document> found = new HashMap<>();
        for (Map.Entry<String, List<Object>> entry : idsByCollection.entrySet()) {
            for (Document document : mongo.getCollection(entry.getKey()).find(Filters.in("_id", entry.getValue()))) {
                found.put(OutboxMarkers.key(entry.getKey(), document.get("_id")), document);
            }
        }
        List<List<PendingEvent>> events = new ArrayList<>(chosen.size());
        for (Marker marker : chosen) { // in the tenants' turn, so each tenant's first documents go first
            Document document = found.get(marker.key());
            List<Document> outbox = document == null ? null : document.getList(AggregateDocument.OUTBOX, Document.class);
            if (outbox != null && !outbox.isEmpty()) {
                documents.add(document);
                collections.add(marker.collection());
                List<PendingEvent> pending = outbox.stream().map(OutboxRelay::toPendingEvent).toList();
                pending.forEach(event -> topicsRelayed.add(event.topic()));
                events.add(pending);
            }
        }
        if (documents.isEmpty()) {
            return new Batch(0, 0, waiting > chosen.size());
        }
        boolean[] taken = publisher.publishEach(events);
        int sent = 0;
        int failed = 0;
        Map<String, List<WriteModel<Document>>> pulls = new LinkedHashMap<>();
        List<Integer> tombstones = new ArrayList<>();
        List<OutboxMarkers.Marked> again = new ArrayList<>();
        for (int i = 0; i < documents.size(); i++) {
            Document document = documents.get(i);
            if (!taken[i]) {
                failed++;
                again.add(markers.marked(collections.get(i), document.get("_id"), tenantOf(document),
                        events.get(i).size()));
                continue;
            }
            sent += events.get(i).size();
            pulls.computeIfAbsent(collections.get(i), c -> new ArrayList<>()).add(new UpdateOneModel<>(
                    Filters.eq("_id", document.get("_id")), Updates.pull(AggregateDocument.OUTBOX,
                    new Document("eventId", new Document("$in", events.get(i).stream().map(PendingEvent::eventId).toList())))));
            if (document.getBoolean(AggregateDocument.DELETED, false)) {
                tombstones.add(i);
            }
        }
        published.increment(sent);
        try {
            pulls.forEach((collection, models) ->
                    mongo.getCollection(collection).bulkWrite(models, new BulkWriteOptions().ordered(false)));
            for (int i : tombstones) {
                deleteTombstone(mongo.getCollection(collections.get(i)), collections.get(i), documents.get(i));
            }
        } catch (RuntimeException e) {
            failures.increment(); // the events went out but are still in their documents: sent again (same ids)
            throw e;
        } finally {
            markers.write(again);
        }
        if (failed > 0) {
            failures.increment();
            log.warn("The broker did not take the events of {} of {} documents; they stay pending", failed,
                    documents.size());
        }
        batches.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        if (log.isDebugEnabled()) {
            log.debug("Relayed {} events of {} documents ({} waiting)", sent, documents.size() - failed,
                    waiting - chosen.size());
        }
        return new Batch(sent, failed, waiting > chosen.size() || failed > 0);
    }

    /**
     * The markers waiting, oldest first: documents that share a record key (a tenant's reminders,
     * say) then leave in the order they were written, as the key's partition promises its readers.
     * The store's natural order is not the order of writing (it reuses freed places). Read from
     * the store when the known markers are older than the re-read interval (the poll interval
     * while none are known, at least a second while a backlog is), else the known ones plus
     * those this process marked since.
     */
    private List<Marker> waitingMarkers() {
        long now = System.nanoTime();
        Duration reread = known.isEmpty() ? settings.pollInterval()
                : settings.pollInterval().compareTo(REREAD_WITH_BACKLOG) > 0 ? settings.pollInterval() : REREAD_WITH_BACKLOG;
        if (!knownRead || now - knownReadAt >= reread.toNanos()) {
            fresh.clear(); // what was marked before the read is in it; what is marked after comes in again
            known.clear();
            for (Marker marker : readMarkers()) {
                known.put(marker.key(), marker);
            }
            knownReadAt = now;
            knownRead = true;
        } else {
            for (OutboxMarkers.Marked marked; (marked = fresh.poll()) != null; ) {
                known.putIfAbsent(marked.key(), new Marker(marked.key(), marked.collection(), marked.documentId(),
                        marked.tenant(), marked.order()));
            }
        }
        List<Marker> waiting = new ArrayList<>(known.values());
        waiting.sort(Comparator.comparingLong(Marker::since));
        return waiting;
    }

    /** How often markers are read whole while a backlog is known (other replicas' markers show up by then). */
    private static final Duration REREAD_WITH_BACKLOG = Duration.ofSeconds(1);

    private List<Marker> readMarkers() {
        List<Marker> waiting = new ArrayList<>();
        for (Document marker : markers.markers().find().limit(settings.scanLimit())) {
            Date since = marker.getDate(OutboxMarkers.SINCE_FIELD);
            Object order = marker.get(OutboxMarkers.ORDER_FIELD);
            waiting.add(new Marker(marker.getString("_id"), marker.getString(OutboxMarkers.COLLECTION_FIELD),
                    marker.get(OutboxMarkers.DOCUMENT_FIELD), marker.getString(OutboxMarkers.TENANT_FIELD),
                    order instanceof Number n ? n.longValue() : since == null ? 0 : since.getTime() * 1000));
        }
        waiting.sort(Comparator.comparingLong(Marker::since));
        return waiting;
    }

    /**
     * The markers that may go now. A tenant with more than {@code bulkThreshold} documents waiting
     * (an import, a bulk send) is a bulk backlog: its documents go out only as far as the slowest
     * live consumer group of the topics relayed so far has room below {@code maxLag} records to
     * read, and not at all while it is beyond. The other tenants' events then find short queues in
     * the topics instead of queueing behind thousands of another tenant's: a bulk backlog goes out
     * as fast as the consumers take it, and no faster. Documents let out since the lag was last
     * read count against the room (the lag is read at most every few hundred milliseconds, and
     * several batches may go meanwhile). When the lag cannot be read, nothing is held back.
     */
    private List<Marker> paced(List<Marker> waiting) {
        heldForRoom = false;
        if (waiting.size() <= settings.bulkThreshold()) {
            return waiting;
        }
        Map<String, Integer> perTenant = new HashMap<>();
        waiting.forEach(m -> perTenant.merge(m.tenant(), 1, Integer::sum));
        Set<String> bulk = new HashSet<>();
        perTenant.forEach((tenant, count) -> {
            if (count > settings.bulkThreshold()) {
                bulk.add(tenant);
            }
        });
        if (bulk.isEmpty()) {
            return waiting;
        }
        long behind = lag.of(Set.copyOf(topicsRelayed));
        long reading = lag.readings();
        if (reading < 0 || reading != lastReading) {
            lastReading = reading;
            bulkSentSinceLag = 0;
        }
        if (behind < 0) {
            return waiting;
        }
        List<Marker> others = waiting.stream().filter(m -> !bulk.contains(m.tenant())).toList();
        if (behind > settings.maxLag()) {
            if (consumersStuck(behind)) {
                return waiting;
            }
            paced.increment();
            return others;
        }
        holdingSince = null;
        long room = settings.maxLag() - behind - bulkSentSinceLag;
        if (room <= 0) {
            heldForRoom = true;
            paced.increment();
            return others;
        }
        List<Marker> bulkNow = tenantsInTurn(waiting.stream().filter(m -> bulk.contains(m.tenant())).toList(),
                (int) Math.min(room, settings.batchSize()));
        bulkSentSinceLag += bulkNow.size();
        List<Marker> allowed = new ArrayList<>(others.size() + bulkNow.size());
        allowed.addAll(others);
        allowed.addAll(bulkNow);
        return allowed;
    }

    /**
     * True when the consumers have not caught up at all during {@code maxHold} of holding back: a
     * group that stopped reading (a hung consumer that still holds its partitions) must not stop
     * bulk backlogs for good, so they then go out unpaced until the lag falls again.
     */
    private boolean consumersStuck(long behind) {
        Instant now = clock.instant();
        if (holdingSince == null) {
            holdingSince = now;
            lagWhenHolding = behind;
            return false;
        }
        if (now.isBefore(holdingSince.plus(settings.maxHold()))) {
            return false;
        }
        if (behind < lagWhenHolding) { // catching up: hold on for another while
            holdingSince = now;
            lagWhenHolding = behind;
            return false;
        }
        log.warn("Consumers stayed {} records behind for {}; bulk backlogs go out without waiting for them",
                behind, settings.maxHold());
        return true;
    }

    /**
     * Up to {@code limit} markers, one tenant after the other: each tenant's first marker, then
     * each tenant's second, and so on (the markers' own order within a tenant).
     */
    static <T> List<T> tenantsInTurn(List<T> waiting, int limit, Function<T, String> tenant) {
        Map<String, Deque<T>> byTenant = new LinkedHashMap<>();
        for (T marker : waiting) {
            byTenant.computeIfAbsent(String.valueOf(tenant.apply(marker)), t -> new ArrayDeque<>()).add(marker);
        }
        List<T> chosen = new ArrayList<>(Math.min(limit, waiting.size()));
        while (chosen.size() < limit && !byTenant.isEmpty()) {
            var tenants = byTenant.values().iterator();
            while (tenants.hasNext() && chosen.size() < limit) {
                Deque<T> queue = tenants.next();
                chosen.add(queue.removeFirst());
                if (queue.isEmpty()) {
                    tenants.remove();
                }
            }
        }
        return chosen;
    }

    private static List<Marker> tenantsInTurn(List<Marker> waiting, int limit) {
        return tenantsInTurn(waiting, limit, Marker::tenant);
    }

    /**
     * Deletes a tombstone whose events are out. If a writer appended another event to it while its
     * batch was on the way, the document is put back with just that event, and marked.
     */
    private void deleteTombstone(MongoCollection<Document> collection, String name, Document published) {
        Document deleted = collection.findOneAndDelete(Filters.eq("_id", published.get("_id")));
        if (deleted == null) {
            return;
        }
        List<Document> left = deleted.getList(AggregateDocument.OUTBOX, Document.class);
        if (left != null && !left.isEmpty()) {
            try {
                collection.insertOne(deleted);
            } catch (MongoWriteException raced) {
                log.warn("Tombstone {} {} was written again meanwhile: {}", name, published.get("_id"), raced.toString());
            }
            markers.mark(name, deleted.get("_id"), tenantOf(deleted), left.size());
        }
    }

    private static String tenantOf(Document document) {
        return document.get("tenantId") instanceof String tenant ? tenant : "";
    }

    private boolean recoveryDue() {
        Instant now = clock.instant();
        if (!markers.takeMissed() && now.isBefore(nextRecovery)) {
            return false;
        }
        nextRecovery = now.plus(settings.recoveryInterval());
        return true;
    }

    /**
     * While started, the recovery pass runs beside the batches on a thread of its own: its scan
     * reads every document of every outbox collection (seconds with tens of thousands stored on
     * the embedded store) and must not hold back the batches meanwhile. Both may touch the same
     * document: a marker the pass writes for events a batch is pulling costs one empty look-up.
     */
    private void recoverBesideIfDue() {
        if (recovering.get() || !recoveryDue()) {
            return;
        }
        recovering.set(true);
        Thread.ofPlatform().name("outbox-recovery").daemon().start(() -> {
            try {
                recover();
            } catch (RuntimeException e) {
                nextRecovery = Instant.MIN;
                log.warn("Outbox recovery pass failed, will retry: {}", e.toString());
            } finally {
                recovering.set(false);
            }
        });
    }

    private void recoverIfDue() {
        if (recoveryDue()) {
            recover();
        }
    }

    /**
     * Marks every document that has pending events but perhaps no marker: one scan of each outbox
     * collection. Runs when this relay takes the lease, after a batch whose pull failed, after a
     * marker could not be written, and every {@code recoveryInterval}.
     */
    private void recover() {
        int found = 0;
        for (String collection : outboxCollections()) {
            List<OutboxMarkers.Marked> marks = new ArrayList<>();
            for (Document document : mongo.getCollection(collection).find(Filters.exists(AggregateDocument.OUTBOX + ".0"))
                    .projection(Projections.include("_id", "tenantId", AggregateDocument.OUTBOX + ".eventId"))) {
                List<Document> outbox = document.getList(AggregateDocument.OUTBOX, Document.class);
                marks.add(markers.marked(collection, document.get("_id"), tenantOf(document),
                        outbox == null ? 1 : outbox.size()));
            }
            found += marks.size();
            markers.write(marks);
        }
        if (found > 0) {
            log.info("Outbox recovery pass: {} document(s) with pending events marked", found);
        }
    }

    private List<String> outboxCollections() {
        return mongo.getConverter().getMappingContext().getPersistentEntities().stream()
                .filter(entity -> AggregateDocument.class.isAssignableFrom(entity.getType()))
                .map(MongoPersistentEntity::getCollection)
                .distinct()
                .toList();
    }

    /** Takes or renews the relay lease; false while another relay holds it. */
    private boolean holdLease() {
        Instant now = clock.instant();
        if (now.plus(settings.lease().dividedBy(2)).isBefore(leaseUntil)) {
            return true;
        }
        Instant until = now.plus(settings.lease());
        if (!now.isBefore(leaseUntil)) {
            knownRead = false; // not held until now: another relay may have taken markers meanwhile
        }
        MongoCollection<Document> leases = mongo.getCollection(LEASE_COLLECTION);
        Document renewed = leases.findOneAndUpdate(
                Filters.and(Filters.eq("_id", LEASE_ID),
                        Filters.or(Filters.eq("holder", holder), Filters.lt("until", Date.from(now)))),
                Updates.combine(Updates.set("holder", holder), Updates.set("until", Date.from(until))));
        if (renewed == null) {
            try {
                leases.insertOne(new Document("_id", LEASE_ID).append("holder", holder).append("until", Date.from(until)));
            } catch (MongoWriteException taken) {
                leaseUntil = Instant.MIN;
                return false;
            }
        }
        if (!holder.equals(renewed == null ? holder : renewed.getString("holder"))) {
            nextRecovery = Instant.MIN; // taken over from another relay: look for what it may have left
        }
        leaseUntil = until;
        return true;
    }

    private void releaseLease() {
        if (leaseUntil.equals(Instant.MIN)) {
            return;
        }
        leaseUntil = Instant.MIN;
        try {
            mongo.getCollection(LEASE_COLLECTION).deleteOne(
                    Filters.and(Filters.eq("_id", LEASE_ID), Filters.eq("holder", holder)));
        } catch (RuntimeException e) {
            log.debug("Could not release the relay lease; it runs out by itself: {}", e.toString());
        }
    }

    /**
     * Publishes {@code events} at once and writes them to {@code collection}, as a tombstone for
     * the relay, only when the broker does not take them all — the relay then sends the whole
     * batch again under the same ids (consumers dedupe). For a writer whose own state is written
     * behind, after the events: a crash before the publish loses that state and its events
     * together, so the common case needs no outbox write at all, and a broker outage still loses
     * nothing. The collection must be mapped by an {@link AggregateDocument} subclass so that the
     * relay's recovery pass scans it.
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
        markers.mark(collectionName, id, events.isEmpty() ? "" : tenantOfEnvelope(events.getFirst()), events.size());
        return false;
    }

    private static String tenantOfEnvelope(PendingEvent event) {
        try {
            return EventCodec.decode(event.envelope().getBytes(StandardCharsets.UTF_8))
                    .tenantId();
        } catch (RuntimeException e) {
            return "";
        }
    }

    /** The stored form of a pending event, as the mapping writes {@link PendingEvent} (read back below). */
    private static Document toDocument(PendingEvent event) {
        Document stored = new Document("eventId", event.eventId()).append("type", event.type())
                .append("topic", event.topic()).append("key", event.key()).append("envelope", event.envelope())
                .append("raisedAt", event.raisedAt() == null ? null : Date.from(event.raisedAt()));
        if (event.traceparent() != null) { // as the mapping, which leaves a null field out
            stored.append("traceparent", event.traceparent());
        }
        return stored;
    }

    private static PendingEvent toPendingEvent(Document pending) {
        Date raisedAt = pending.getDate("raisedAt");
        return new PendingEvent(pending.getString("eventId"), pending.getString("type"), pending.getString("topic"),
                pending.getString("key"), pending.getString("envelope"), raisedAt == null ? null : raisedAt.toInstant(),
                pending.getString("traceparent"));
    }

    /**
     * Relay settings.
     *
     * @param enabled          whether the relay runs in this process
     * @param pollInterval     how often it looks for markers when nobody woke it
     * @param lease            how long its lease holds without renewal (another replica takes over after)
     * @param batchSize        documents per batch (one publish wait, one bulk pull)
     * @param recoveryInterval how often it scans the outbox collections for unmarked pending events
     * @param scanLimit        most markers read per batch to choose from
     * @param bulkThreshold    a tenant with more documents than this waiting has a bulk backlog
     * @param maxLag           while the slowest live consumer group of the relayed topics is more
     *                         records behind than this, bulk backlogs wait (other tenants' do not)
     * @param maxHold          how long bulk backlogs wait for consumers that do not catch up at all
     */
    public record OutboxSettings(boolean enabled, Duration pollInterval, Duration lease, int batchSize,
                                 Duration recoveryInterval, int scanLimit, int bulkThreshold, long maxLag,
                                 Duration maxHold) {

        public OutboxSettings(boolean enabled, Duration pollInterval, Duration lease, int batchSize) {
            this(enabled, pollInterval, lease, batchSize, Duration.ofMinutes(5), 50_000, 100, 80,
                    Duration.ofSeconds(30));
        }
    }
}
