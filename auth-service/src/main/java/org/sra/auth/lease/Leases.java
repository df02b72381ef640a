package org.sra.auth.lease;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Objects;
import java.util.stream.IntStream;

import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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

/**
 * Hands out and takes back pool addresses. A new lease is an insert guarded by the unique
 * (tenant, address) index: of two replicas racing for one address, one insert fails and that
 * replica moves on to the next free address. An expired lease is taken over by a conditional
 * update on that one document, which also only one writer can win. A holder has at most one
 * lease document (unique {@code holderKey}): two replicas answering the same device at the same
 * moment end up with one address, and a device whose lease ran out gets its address back when
 * nobody took it meanwhile.
 *
 * <p>The hot read — "which lease does this holder have?", asked on every accept — goes through
 * the lookup batcher {@link LeaseLookups}, still read from the database at the time of the request.
 *
 * <p>No lease operation reads the whole collection (the embedded store uses only unique indexes,
 * and only for filters of exactly their keys): a lease's id is {@code <tenantId>/<address>}, so a
 * new holder looks for a free address by fetching candidate addresses by {@code _id}, a window
 * at a time; a conditional change of one lease goes through the unique {@code (_id, expiresAt)}
 * index, its expiry time doubling as the version (every renewal and take-over moves it).
 * Leases stored with random ids before keep working: their addresses are found taken by the
 * unique (tenant, address) index when an insert tries them.
 */
@Component
public class Leases {

    private static final Logger log = LoggerFactory.getLogger(Leases.class);
    static final String HOLDER_KEY_INDEX = "holder_key";
    static final String EXPIRY_INDEX = "id_expiry";
    /** Candidate addresses fetched per query while looking for a free one. */
    private static final int CANDIDATES = 64;

    private final MongoTemplate mongo;
    private final Clock clock;
    private final Counter exhausted;
    private final LeaseLookups lookups;
    private final MongoCollection<Document> leaseCollection;

    Leases(MongoTemplate mongo, Clock clock, LeaseLookups lookups, MeterRegistry meters) {
        this.mongo = mongo;
        this.clock = clock;
        this.lookups = lookups;
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
        // sparse: documents written before the key existed are keyed below, or left to expire
        indexes.createIndex(new Index().on("holderKey", Sort.Direction.ASC).unique().sparse().named(HOLDER_KEY_INDEX));
        // unique by construction (it holds _id); it turns "this lease, if nobody changed it
        // meanwhile" ({_id, expiresAt}) into an index lookup on the embedded store
        indexes.createIndex(new Index().on("_id", Sort.Direction.ASC).on("expiresAt", Sort.Direction.ASC).unique()
                .named(EXPIRY_INDEX));
        if (indexes.getIndexInfo().stream().anyMatch(index -> "tenant_holder".equals(index.getName()))) {
            indexes.dropIndex("tenant_holder"); // the earlier, non-unique lookup index: replaced by holder_key
        }
        keyOlderLeases();
    }

    /**
     * Gives leases written before {@code holderKey} existed their key. Where a holder has two of
     * them, the one that expires first is removed once it has expired, and otherwise keeps
     * its address without a key until it expires (it is then swept like any other).
     */
    private void keyOlderLeases() {
        int keyed = 0;
        for (Lease lease : mongo.find(Query.query(Criteria.where("holderKey").exists(false)), Lease.class)) {
            String key = Lease.holderKey(lease.tenantId(), lease.holder());
            try {
                keyed += (int) mongo.updateFirst(Query.query(Criteria.where("_id").is(lease.id())),
                        new Update().set("holderKey", key), Lease.class).getModifiedCount();
            } catch (DuplicateKeyException twoForOneHolder) {
                if (!lease.expiresAt().isAfter(clock.instant())) {
                    removeIfExpired(lease);
                }
            }
        }
        if (keyed > 0) {
            log.info("Keyed {} leases written before holder keys existed", keyed);
        }
    }

    /**
     * The holder's live lease, renewed; its expired lease when nobody took the address meanwhile;
     * or a free address of the pool.
     *
     * @return empty when the pool is full
     */
    public Optional<Lease> acquire(String tenantId, AddressPool pool, String holder, Duration ttl) {
        Instant now = clock.instant();
        String key = Lease.holderKey(tenantId, holder);
        Optional<Lease> kept = keep(lookups.ownLease(key), key, pool, now, ttl);
        if (kept.isPresent()) {
            return kept;
        }
        int size = pool.size();
        // start at a spot derived from the holder, so concurrent requests rarely race for one address
        int start = Math.floorMod(holder.hashCode(), Math.max(1, size));
        for (int round = 0; round < 3; round++) {
            boolean raced = false;
            for (int from = 0; from < size; from += CANDIDATES) {
                List<String> candidates = IntStream.range(from, Math.min(size, from + CANDIDATES))
                        .mapToObj(i -> pool.address((start + i) % size)).toList();
                Map<String, Lease> held = held(tenantId, candidates);
                for (String address : candidates) {
                    Lease current = held.get(address);
                    if (current != null && current.expiresAt().isAfter(now)) {
                        continue;
                    }
                    try {
                        Optional<Lease> got = claim(tenantId, address, current, holder, key, now, ttl);
                        if (got.isPresent()) {
                            return got;
                        }
                        raced = true;
                    } catch (DuplicateKeyException holderRaced) {
                        // the same holder got an address meanwhile (another request, maybe on another replica)
                        kept = keep(mongo.findOne(Query.query(Criteria.where("holderKey").is(key)), Lease.class), key,
                                pool, now, ttl);
                        if (kept.isPresent()) {
                            return kept;
                        }
                    }
                }
            }
            if (!raced) {
                break; // every address was held: another round would only read the same
            }
        }
        exhausted.increment();
        return Optional.empty();
    }

    /**
     * The holder's own lease document, if it can be kept: as it is until its renewal is due
     * (between a half and a quarter of its time left), else renewed (an expired one too, unless its address was taken over meanwhile). One
     * whose address is no longer in the pool is given up.
     */
    private Optional<Lease> keep(Lease own, String key, AddressPool pool, Instant now, Duration ttl) {
        if (own == null) {
            return Optional.empty();
        }
        // by the holder's unique key alone: a taken-over lease carries its new holder's key, and the
        // holder has at most this one document
        Query mine = Query.query(Criteria.where("holderKey").is(key));
        if (!pool.contains(own.address())) {
            mongo.remove(mine, Lease.class); // the pool was changed: an address inside it instead
            return Optional.empty();
        }
        // A reconnect early in the lease needs no write at all; the renewal is due once between a
        // half and a quarter of its time is left, the point fixed per lease by its id, so that the
        // leases of a mass reconnect (a headend restarted: thousands at once) are not all renewed
        // in one burst of writes half a lease later.
        // (nanosecond arithmetic: Duration.dividedBy goes through BigDecimal on every accept)
        long ttlNanos = ttl.toNanos();
        if (own.expiresAt().isAfter(now.plusNanos(ttlNanos / 2 - (long) (ttlNanos / 4 * renewalSpread(own.id()))))) {
            return Optional.of(own);
        }
        Update renewal = new Update().set("expiresAt", now.plus(ttl));
        if (!own.expiresAt().isAfter(now)) {
            renewal.set("sessionId", null); // the session that had it ended with the lease
        }
        // conditional on the holder: had the address been taken over meanwhile, the key moved with it
        return Optional.ofNullable(mongo.findAndModify(mine, renewal, FindAndModifyOptions.options().returnNew(true),
                Lease.class));
    }

    /**
     * Where in [0, 1) a lease's renewal falls within its renewal window: the top ten bits of a
     * Fibonacci hash of its id, so that ids differing only in their last characters (addresses of
     * one pool) spread evenly.
     */
    static double renewalSpread(String leaseId) {
        return ((leaseId.hashCode() * 0x9E3779B9) >>> 22) / 1024.0;
    }

    /** The leases of these addresses that have the {@code <tenantId>/<address>} id, by address. */
    private Map<String, Lease> held(String tenantId, List<String> addresses) {
        List<String> ids = addresses.stream().map(address -> Lease.id(tenantId, address)).toList();
        Map<String, Lease> held = new HashMap<>();
        for (Document document : leaseCollection.find(Filters.in("_id", ids))) {
            Lease lease = LeaseLookups.lease(document);
            held.put(lease.address(), lease);
        }
        return held;
    }

    /**
     * Takes an expired lease's address over, or inserts a new lease for a free one.
     *
     * @param current the address's expired lease, or null when none was seen
     * @return empty when someone else holds the address now
     * @throws DuplicateKeyException when the holder has a lease document already
     */
    private Optional<Lease> claim(String tenantId, String address, Lease current, String holder, String key,
                                  Instant now, Duration ttl) {
        if (current != null) {
            return takeOver(current, holder, key, now, ttl);
        }
        try {
            return Optional.of(mongo.insert(new Lease(Lease.id(tenantId, address), tenantId, address, holder, null,
                    now.plus(ttl), key)));
        } catch (DuplicateKeyException raced) {
            Lease atAddress = mongo.findOne(Query.query(Criteria.where("tenantId").is(tenantId).and("address").is(address)),
                    Lease.class);
            if (atAddress != null && Objects.equals(atAddress.holderKey(), key)) {
                return Optional.of(atAddress);
            }
            if (atAddress != null && !atAddress.expiresAt().isAfter(now)) {
                return takeOver(atAddress, holder, key, now, ttl); // an expired lease stored with a random id
            }
            // the address went to someone else — or the holder has another lease: let the caller look
            if (mongo.exists(Query.query(Criteria.where("holderKey").is(key)), Lease.class)) {
                throw raced;
            }
            return Optional.empty();
        }
    }

    /** Gives an expired lease to the holder, unless it was renewed or taken over since it was read. */
    private Optional<Lease> takeOver(Lease expired, String holder, String key, Instant now, Duration ttl) {
        return Optional.ofNullable(mongo.findAndModify(unchanged(expired),
                new Update().set("holder", holder).set("holderKey", key).set("sessionId", null)
                        .set("expiresAt", now.plus(ttl)),
                FindAndModifyOptions.options().returnNew(true), Lease.class));
    }

    /** This lease as it was read: every renewal and take-over moves {@code expiresAt} (index {@value #EXPIRY_INDEX}). */
    private static Query unchanged(Lease lease) {
        return Query.query(Criteria.where("_id").is(lease.id()).and("expiresAt").is(lease.expiresAt()));
    }

    /**
     * Ties the address's lease to its accounting session and extends it (Start, Interim). An
     * address the headend reports without a lease from us (e.g. after a restore) gets one, so
     * that it is not handed to anybody else while the session lives.
     */
    public void renew(String tenantId, String address, String sessionId, Duration ttl) {
        Query query = Query.query(Criteria.where("tenantId").is(tenantId).and("address").is(address));
        Update update = new Update().set("sessionId", sessionId).set("expiresAt", clock.instant().plus(ttl))
                .setOnInsert("_id", Lease.id(tenantId, address)).setOnInsert("holder", "session:" + sessionId)
                .setOnInsert("holderKey", Lease.holderKey(tenantId, "session:" + sessionId));
        try {
            mongo.upsert(query, update, Lease.class);
        } catch (DuplicateKeyException raced) {
            mongo.updateFirst(query, new Update().set("sessionId", sessionId).set("expiresAt", clock.instant().plus(ttl)),
                    Lease.class);
        }
    }

    /** Frees the address the session held (Stop, disconnect); a lease taken over since is left alone. */
    public void release(String tenantId, String address, String sessionId) {
        for (int attempt = 0; attempt < 3; attempt++) {
            Lease lease = mongo.findOne(Query.query(Criteria.where("tenantId").is(tenantId).and("address").is(address)),
                    Lease.class);
            if (lease == null || (lease.sessionId() != null && !lease.sessionId().equals(sessionId))) {
                return;
            }
            if (mongo.remove(unchanged(lease), Lease.class).getDeletedCount() == 1) {
                return;
            }
            // renewed or taken over between the read and the removal: look again
        }
    }

    /** Leases whose time ran out (a lost Stop); their sessions are closed by the caller. */
    public List<Lease> expired(int limit) {
        return mongo.find(Query.query(Criteria.where("expiresAt").lte(clock.instant())).limit(limit), Lease.class);
    }

    /** Removes an expired lease unless someone renewed or took it over meanwhile. */
    public boolean removeIfExpired(Lease lease) {
        return !lease.expiresAt().isAfter(clock.instant())
                && mongo.remove(unchanged(lease), Lease.class).getDeletedCount() == 1;
    }
}
