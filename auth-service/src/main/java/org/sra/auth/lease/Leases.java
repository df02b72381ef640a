package org.sra.auth.lease;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.bson.Document;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;

/**
 * Hands out and takes back pool addresses. A new lease is an insert guarded by the unique
 * (tenant, address) index: of two replicas racing for one address, one insert fails and that
 * replica moves on to the next free address. An expired lease is taken over by a conditional
 * update on that one document, which also only one writer can win.
 *
 * <p>The hot read — "does this holder already have a live lease?", asked on every accept — is
 * <b>batched</b>: a dispatcher thread takes every lookup waiting at that moment and answers them
 * with one query per tenant ({@code holder $in […]}). Idle, a lookup goes out at once; under load
 * the lookups that arrive while a query is running share the next one, and when the last query
 * served several, the dispatcher waits up to 0.7 ms for more before it asks. The query goes
 * through the driver directly (no template mapping). Every answer is still
 * read from the database at the time of the request (no cache), so a lease another replica
 * released is never handed out from memory.
 */
@Component
public class Leases {

    /** How long a lookup may wait for others under load (see {@link #dispatchLookups}). */
    private static final long LOAD_LINGER_NANOS = TimeUnit.MICROSECONDS.toNanos(700);

    private final MongoTemplate mongo;
    private final Clock clock;
    private final Counter exhausted;
    private final BlockingQueue<Lookup> lookups = new LinkedBlockingQueue<>();
    private volatile Thread dispatcher;
    private volatile boolean lookupsRunning;
    private final MongoCollection<Document> leaseCollection;

    /** A waiting "own lease" lookup. */
    private record Lookup(String tenantId, String holder, CompletableFuture<Lease> result) {
    }

    Leases(MongoTemplate mongo, Clock clock, MeterRegistry meters) {
        this.mongo = mongo;
        this.clock = clock;
        this.leaseCollection = mongo.getCollection(mongo.getCollectionName(Lease.class)); // no I/O until used
        this.exhausted = Counter.builder("sra.auth.pool.exhausted")
                .description("accepts refused because the tenant's pool had no free address (alert on any)")
                .register(meters);
    }

    @PostConstruct
    void indexes() {
        var indexes = mongo.indexOps(Lease.class);
        indexes.createIndex(new Index().on("tenantId", Sort.Direction.ASC).on("address", Sort.Direction.ASC)
                .unique().named("tenant_address"));
        indexes.createIndex(new Index().on("tenantId", Sort.Direction.ASC).on("holder", Sort.Direction.ASC)
                .named("tenant_holder"));
    }

    @PostConstruct
    void startLookups() {
        lookupsRunning = true;
        dispatcher = Thread.ofPlatform().name("lease-lookups").daemon().start(this::dispatchLookups);
    }

    @PreDestroy
    void stopLookups() {
        Thread running = dispatcher;
        lookupsRunning = false;
        dispatcher = null;
        if (running != null) {
            running.interrupt();
        }
    }

    /** The holder's live lease, or null; batched with the lookups waiting at the same moment. */
    private Lease liveLease(String tenantId, String holder, Instant now) {
        if (lookupsRunning) {
            CompletableFuture<Lease> result = new CompletableFuture<>();
            lookups.add(new Lookup(tenantId, holder, result));
            try {
                return result.get(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while looking up a lease", e);
            } catch (ExecutionException | TimeoutException e) {
                // fall through to a query of its own
            }
        }
        return mongo.findOne(Query.query(Criteria.where("tenantId").is(tenantId).and("holder").is(holder)
                .and("expiresAt").gt(now)), Lease.class);
    }

    private void dispatchLookups() {
        List<Lookup> batch = new ArrayList<>();
        int previous = 0;
        while (lookupsRunning) {
            try {
                batch.add(lookups.take());
                lookups.drainTo(batch, 511);
                if (previous > 1) {
                    // under load (the last query served several lookups), wait a moment for more:
                    // a query costs about the same for 1 holder or 50, and idle lookups never wait
                    long until = System.nanoTime() + LOAD_LINGER_NANOS;
                    while (batch.size() < 64) {
                        Lookup next = lookups.poll(until - System.nanoTime(), TimeUnit.NANOSECONDS);
                        if (next == null) {
                            break;
                        }
                        batch.add(next);
                        lookups.drainTo(batch, 511 - batch.size());
                    }
                }
                previous = batch.size();
                Map<String, List<Lookup>> byTenant = new HashMap<>();
                for (Lookup lookup : batch) {
                    byTenant.computeIfAbsent(lookup.tenantId(), t -> new ArrayList<>()).add(lookup);
                }
                for (Map.Entry<String, List<Lookup>> tenant : byTenant.entrySet()) {
                    answer(tenant.getKey(), tenant.getValue());
                }
            } catch (InterruptedException e) {
                batch.forEach(l -> l.result().completeExceptionally(e));
                return;
            } finally {
                batch.clear();
            }
        }
    }

    private void answer(String tenantId, List<Lookup> waiting) {
        try {
            List<String> holders = waiting.stream().map(Lookup::holder).distinct().toList();
            Map<String, Lease> live = new HashMap<>();
            // the driver directly, not the template: this query runs for every accept under load,
            // and the template's query mapping and entity conversion cost more than the query itself
            for (Document found : leaseCollection.find(Filters.and(Filters.eq("tenantId", tenantId),
                    Filters.in("holder", holders), Filters.gt("expiresAt", Date.from(clock.instant()))))) {
                Lease lease = new Lease(String.valueOf(found.get("_id")), found.getString("tenantId"),
                        found.getString("address"), found.getString("holder"), found.getString("sessionId"),
                        found.getDate("expiresAt").toInstant());
                live.merge(lease.holder(), lease, (a, b) -> a.expiresAt().isAfter(b.expiresAt()) ? a : b);
            }
            waiting.forEach(l -> l.result().complete(live.get(l.holder())));
        } catch (RuntimeException e) {
            waiting.forEach(l -> l.result().completeExceptionally(e));
        }
    }

    /**
     * The holder's live lease, renewed, or a free address of the pool.
     *
     * @return empty when the pool is full
     */
    public Optional<Lease> acquire(String tenantId, AddressPool pool, String holder, Duration ttl) {
        Instant now = clock.instant();
        Lease own = liveLease(tenantId, holder, now);
        if (own != null && pool.contains(own.address())) {
            // a reconnect within the first half of the lease needs no write at all
            // (nanosecond arithmetic: Duration.dividedBy goes through BigDecimal on every accept)
            if (own.expiresAt().isAfter(now.plusNanos(ttl.toNanos() / 2))) {
                return Optional.of(own);
            }
            Query ownQuery = Query.query(Criteria.where("tenantId").is(tenantId).and("holder").is(holder)
                    .and("expiresAt").gt(now));
            Lease renewed = mongo.findAndModify(ownQuery.addCriteria(Criteria.where("address").is(own.address())),
                    new Update().set("expiresAt", now.plus(ttl)), FindAndModifyOptions.options().returnNew(true),
                    Lease.class);
            if (renewed != null) {
                return Optional.of(renewed);
            }
        }
        for (int round = 0; round < 3; round++) {
            Set<String> taken = mongo.find(Query.query(Criteria.where("tenantId").is(tenantId)), Lease.class).stream()
                    .filter(l -> l.expiresAt().isAfter(now)).map(Lease::address).collect(Collectors.toSet());
            // start at a spot derived from the holder, so concurrent requests rarely race for one address
            int start = Math.floorMod(holder.hashCode(), Math.max(1, pool.size()));
            for (int i = 0; i < pool.size(); i++) {
                String address = pool.address((start + i) % pool.size());
                if (taken.contains(address)) {
                    continue;
                }
                Optional<Lease> got = claim(tenantId, address, holder, now, ttl);
                if (got.isPresent()) {
                    return got;
                }
            }
        }
        exhausted.increment();
        return Optional.empty();
    }

    private Optional<Lease> claim(String tenantId, String address, String holder, Instant now, Duration ttl) {
        Lease taken = mongo.findAndModify(Query.query(Criteria.where("tenantId").is(tenantId).and("address").is(address)
                        .and("expiresAt").lte(now)),
                new Update().set("holder", holder).set("sessionId", null).set("expiresAt", now.plus(ttl)),
                FindAndModifyOptions.options().returnNew(true), Lease.class);
        if (taken != null) {
            return Optional.of(taken);
        }
        try {
            return Optional.of(mongo.insert(new Lease(UUID.randomUUID().toString(), tenantId, address, holder, null,
                    now.plus(ttl))));
        } catch (DuplicateKeyException raced) {
            return Optional.empty();
        }
    }

    /**
     * Ties the address's lease to its accounting session and extends it (Start, Interim). An
     * address the headend reports without a lease from us (e.g. after a restore) gets one, so
     * that it is not handed to anybody else while the session lives.
     */
    public void renew(String tenantId, String address, String sessionId, Duration ttl) {
        Query query = Query.query(Criteria.where("tenantId").is(tenantId).and("address").is(address));
        Update update = new Update().set("sessionId", sessionId).set("expiresAt", clock.instant().plus(ttl))
                .setOnInsert("_id", UUID.randomUUID().toString()).setOnInsert("holder", "session:" + sessionId);
        try {
            mongo.upsert(query, update, Lease.class);
        } catch (DuplicateKeyException raced) {
            mongo.updateFirst(query, new Update().set("sessionId", sessionId).set("expiresAt", clock.instant().plus(ttl)),
                    Lease.class);
        }
    }

    /** Frees the address the session held (Stop, disconnect); a lease taken over since is left alone. */
    public void release(String tenantId, String address, String sessionId) {
        mongo.remove(Query.query(Criteria.where("tenantId").is(tenantId).and("address").is(address)
                .orOperator(Criteria.where("sessionId").is(sessionId), Criteria.where("sessionId").is(null))), Lease.class);
    }

    /** Leases whose time ran out (a lost Stop); their sessions are closed by the caller. */
    public List<Lease> expired(int limit) {
        return mongo.find(Query.query(Criteria.where("expiresAt").lte(clock.instant())).limit(limit), Lease.class);
    }

    /** Removes an expired lease unless someone renewed or took it over meanwhile. */
    public boolean removeIfExpired(Lease lease) {
        return mongo.remove(Query.query(Criteria.where("_id").is(lease.id()).and("expiresAt").lte(clock.instant())
                .and("holder").is(lease.holder())), Lease.class).getDeletedCount() == 1;
    }

    public long liveCount(String tenantId) {
        return mongo.count(Query.query(Criteria.where("tenantId").is(tenantId).and("expiresAt").gt(clock.instant())),
                Lease.class);
    }
}
