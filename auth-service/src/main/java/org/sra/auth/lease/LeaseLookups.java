package org.sra.auth.lease;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.IntStream;

import org.bson.Document;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The lookup batcher for the hot read "which lease does this holder have?", asked on every
 * accept. Two dispatcher threads ({@value #DISPATCHERS}, so one query's round trip does not cap
 * the lookups per second: with one, the benchmark's lookups queued about 20 deep behind it while
 * both cores had time to spare) each take every lookup waiting at that moment and answer them with
 * one query ({@code holderKey $in […]}, served by the unique index, also by the embedded store,
 * which only uses unique single-field indexes for {@code $in}). Idle — nobody waiting and fewer
 * than {@value #DISPATCHERS} queries in flight — a lookup is asked at once <em>by the requesting
 * thread itself</em>, without the hand-off to a dispatcher and back (two thread wake-ups on every
 * accept at low and moderate rates); under load the lookups that arrive while queries are running
 * queue and share the next batch, and when the last batch served several, the dispatcher waits up
 * to 0.7 ms for more before it asks. Lookups asked at once and batches share one limit of
 * {@value #DISPATCHERS} queries in flight. The query
 * goes through the driver directly: the template's query mapping and entity conversion cost more
 * than the query itself. Every answer is read from the database at the time of the request (no
 * cache), so a lease another replica released is never handed out from memory.
 *
 * <p>Lifecycle: a {@link SmartLifecycle} in the same phase as the decision-log writer, so it
 * starts before the RADIUS listeners and stops after them. While stopped (or when a batch does not
 * answer within 2 s) a lookup is a query of its own, so a lookup never fails for want of a
 * dispatcher.
 */
@Component
public class LeaseLookups implements SmartLifecycle {

    /** Dispatcher threads, i.e. batched queries in flight at once. */
    static final int DISPATCHERS = 2;
    /** How long a dispatcher waits for more lookups after a query that served several. */
    private static final long LOAD_LINGER_NANOS = TimeUnit.MICROSECONDS.toNanos(700);
    /** Most lookups one query answers. */
    private static final int MAX_BATCH = 512;
    /** Under load, stop lingering once this many lookups are waiting. */
    private static final int LINGER_UNTIL = 64;

    private final MongoTemplate mongo;
    private final MongoCollection<Document> leaseCollection;
    private final DistributionSummary lookupsPerQuery;
    private final BlockingQueue<Lookup> lookups = new LinkedBlockingQueue<>();
    /** Queries in flight, batched or asked at once by an idle lookup: at most {@value #DISPATCHERS}. */
    private final Semaphore queries = new Semaphore(DISPATCHERS);
    private volatile List<Thread> dispatchers = List.of();
    private volatile boolean running;

    /** A waiting "own lease" lookup. */
    private record Lookup(String holderKey, CompletableFuture<Lease> result) {
    }

    LeaseLookups(MongoTemplate mongo, MeterRegistry meters) {
        this.mongo = mongo;
        this.leaseCollection = mongo.getCollection(mongo.getCollectionName(Lease.class)); // no I/O until used
        this.lookupsPerQuery = DistributionSummary.builder("sra.auth.lease.lookups")
                .description("own-lease lookups answered by one store query (batching under load)").register(meters);
    }

    /**
     * The holder's lease (live or expired), or null: asked at once on this thread when nothing
     * waits and a query slot is free, else batched with the lookups waiting at the same moment.
     */
    Lease ownLease(String holderKey) {
        if (running && lookups.isEmpty() && queries.tryAcquire()) {
            try {
                lookupsPerQuery.record(1);
                return find(List.of(holderKey)).get(holderKey);
            } catch (RuntimeException e) {
                // a query of its own below, as after a failed batch
            } finally {
                queries.release();
            }
        } else if (running) {
            CompletableFuture<Lease> result = new CompletableFuture<>();
            lookups.add(new Lookup(holderKey, result));
            try {
                return result.get(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while looking up a lease", e);
            } catch (ExecutionException | TimeoutException e) {
                // the batch failed or is stuck: a query of its own below
            }
        }
        return mongo.findOne(Query.query(Criteria.where("holderKey").is(holderKey)), Lease.class);
    }

    /** A lease document read through the driver directly (no template mapping). */
    static Lease lease(Document document) {
        return new Lease(String.valueOf(document.get("_id")), document.getString("tenantId"),
                document.getString("address"), document.getString("holder"), document.getString("sessionId"),
                document.getDate("expiresAt").toInstant(), document.getString("holderKey"));
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        dispatchers = IntStream.range(0, DISPATCHERS)
                .mapToObj(i -> Thread.ofPlatform().name("lease-lookups-" + i).daemon().start(this::dispatch))
                .toList();
    }

    @Override
    public synchronized void stop() {
        if (!running) {
            return;
        }
        running = false;
        List<Thread> stopping = dispatchers;
        dispatchers = List.of();
        stopping.forEach(Thread::interrupt);
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Starts before and stops after the RADIUS listeners (default phase), like the decision-log writer. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 1024;
    }

    private void dispatch() {
        List<Lookup> batch = new ArrayList<>();
        int previous = 0;
        while (running) {
            try {
                batch.add(lookups.take());
                lookups.drainTo(batch, MAX_BATCH - 1);
                if (previous > 1) {
                    // under load (the last query served several lookups), wait a moment for more:
                    // a query costs about the same for 1 holder or 50, and idle lookups never wait
                    long until = System.nanoTime() + LOAD_LINGER_NANOS;
                    while (batch.size() < LINGER_UNTIL) {
                        Lookup next = lookups.poll(until - System.nanoTime(), TimeUnit.NANOSECONDS);
                        if (next == null) {
                            break;
                        }
                        batch.add(next);
                        lookups.drainTo(batch, MAX_BATCH - 1 - batch.size());
                    }
                }
                previous = batch.size();
                queries.acquire();
                try {
                    answer(batch);
                } finally {
                    queries.release();
                }
            } catch (InterruptedException e) {
                batch.forEach(l -> l.result().completeExceptionally(e));
                return;
            } finally {
                batch.clear();
            }
        }
    }

    private void answer(List<Lookup> waiting) {
        lookupsPerQuery.record(waiting.size());
        try {
            Map<String, Lease> found = find(waiting.stream().map(Lookup::holderKey).distinct().toList());
            waiting.forEach(l -> l.result().complete(found.get(l.holderKey())));
        } catch (RuntimeException e) {
            waiting.forEach(l -> l.result().completeExceptionally(e));
        }
    }

    /** One query for these holders' leases, by holder key. */
    private Map<String, Lease> find(List<String> keys) {
        Map<String, Lease> found = new HashMap<>();
        for (Document document : leaseCollection.find(keys.size() == 1 ? Filters.eq("holderKey", keys.getFirst())
                : Filters.in("holderKey", keys))) {
            Lease lease = lease(document);
            found.put(lease.holderKey(), lease);
        }
        return found;
    }
}
