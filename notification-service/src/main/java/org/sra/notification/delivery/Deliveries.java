package org.sra.notification.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageImpl;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;
import org.sra.kit.outbox.AggregateDocument;
import org.sra.kit.outbox.OutboxMarkers;
import org.sra.kit.outbox.PendingEvent;

/**
 * The delivery records and the due list beside them ({@link DueDeliveries}). Writes are
 * single-document, partial and conditional on the revision read (a claim, an outcome, an admin's
 * retry each expect the one before), so neither a second dispatcher nor the outbox relay's work
 * on the same document is overwritten. Every read and write on the hot path is by id: the
 * embedded store reads the whole collection for anything else, and the log only grows.
 */
@Component
public class Deliveries {

    private static final Logger log = LoggerFactory.getLogger(Deliveries.class);

    private final MongoTemplate mongo;
    private final OutboxMarkers markers;
    private final DueDeliveries due;

    Deliveries(MongoTemplate mongo, OutboxMarkers markers) {
        this.mongo = mongo;
        this.markers = markers;
        this.due = new DueDeliveries(mongo);
    }

    /** Stores a new delivery and puts it on the due list; false when one with its id exists (the event was handled before). */
    boolean addIfAbsent(Delivery delivery) {
        try {
            mongo.insert(delivery);
        } catch (DuplicateKeyException alreadyThere) {
            // Handled before, perhaps by a process that died before its due entry was written: an
            // entry for a delivery that is already sent costs one look-up, a missing one a mail.
            due.scheduleNoLaterThan(List.of(new DueDeliveries.Due(delivery.id(), Date.from(delivery.createdAt()))));
            return false;
        }
        delivery.dueAt().ifPresent(at -> due.schedule(delivery.id(), at));
        return true;
    }

    /** Runs {@code listener} whenever a delivery was put on the due list here. */
    public void onScheduled(Runnable listener) {
        due.onScheduled(listener);
    }

    /**
     * Up to {@code limit} deliveries that can be claimed now, the longest due first, leaving out
     * {@code inHand}. Reads the due list, fetches those deliveries by id and tidies the list on
     * the way: entries of deliveries sent or given up are removed, entries of deliveries not due
     * yet (another dispatcher's lease, a later attempt) move to their due time. Claims nothing.
     */
    List<Delivery> claimable(Instant now, int limit, Set<String> inHand) {
        List<DueDeliveries.Due> entries = due.dueAt(now, limit, inHand);
        if (entries.isEmpty()) {
            return List.of();
        }
        Map<String, Delivery> found = new HashMap<>();
        for (Delivery delivery : mongo.find(Query.query(Criteria.where("_id")
                .in(entries.stream().map(DueDeliveries.Due::deliveryId).toList())), Delivery.class)) {
            found.put(delivery.id(), delivery);
        }
        List<Delivery> claimable = new ArrayList<>();
        List<DueDeliveries.Due> finished = new ArrayList<>();
        List<DueDeliveries.Due> early = new ArrayList<>();
        Map<String, Instant> later = new HashMap<>();
        for (DueDeliveries.Due entry : entries) {
            Delivery delivery = found.get(entry.deliveryId());
            Optional<Instant> dueAt = delivery == null ? Optional.empty() : delivery.dueAt();
            if (dueAt.isEmpty()) {
                finished.add(entry);
            } else if (delivery.claimableAt(now)) {
                claimable.add(delivery);
            } else {
                early.add(entry);
                later.put(entry.deliveryId(), dueAt.get());
            }
        }
        due.removeUnchanged(finished);
        due.move(early, later);
        return claimable;
    }

    /**
     * Claims a delivery read as claimable: sets a lease and counts the attempt, in one write that
     * only happens if nobody changed the delivery since it was read, so two dispatchers never hold
     * one delivery at the same time. Empty when somebody did (another dispatcher claimed it).
     */
    Optional<Delivery> claim(Delivery read, Instant now, Duration lease) {
        Update claim = new Update().set(Delivery.STATE, DeliveryState.SENDING)
                .set(Delivery.LEASE_UNTIL, now.plus(lease))
                .set(Delivery.UPDATED_AT, now)
                .inc(Delivery.ATTEMPTS, 1)
                .inc(Delivery.REVISION, 1);
        return Optional.ofNullable(mongo.findAndModify(unchanged(read.id(), read.revision()), claim,
                FindAndModifyOptions.options().returnNew(true), Delivery.class));
    }

    /**
     * Writes the outcome of an attempt: the delivery's own fields, plus the events it raised
     * since it was claimed ({@code eventsBefore} were already there), appended to its outbox;
     * then its due entry (removed once sent or dead, moved to the next attempt after a failure).
     * Only while the claim still holds (the revision the claim wrote); false when the lease ran
     * out and another dispatcher took the delivery over.
     */
    boolean recordOutcome(Delivery delivery, int eventsBefore, long claimedRevision) {
        boolean written = mongo.updateFirst(unchanged(delivery.id(), claimedRevision),
                outcome(delivery, eventsBefore), Delivery.class).getMatchedCount() == 1;
        if (written) {
            marked(delivery, eventsBefore);
            delivery.dueAt().ifPresentOrElse(at -> due.schedule(delivery.id(), at), () -> due.remove(delivery.id()));
        }
        return written;
    }

    /**
     * Writes a change made on a delivery read earlier, only if nobody changed it since (the
     * revision read), and puts it on the due list when it is to be sent; false when somebody did.
     */
    boolean recordIfUnchanged(Delivery delivery, int eventsBefore, long readRevision) {
        boolean written = mongo.updateFirst(unchanged(delivery.id(), readRevision), outcome(delivery, eventsBefore),
                Delivery.class).getMatchedCount() == 1;
        if (written) {
            marked(delivery, eventsBefore);
            delivery.dueAt().ifPresent(at -> due.schedule(delivery.id(), at));
        }
        return written;
    }

    /**
     * Puts every delivery still to be sent on the due list, no later than it is due. Reads the
     * whole delivery log: this is for what a crash between a delivery's write and its due entry's
     * can leave, run at start and now and then, never on the way of a mail. Leaves out deliveries
     * under a live lease: they were claimed from their entry, which stays until their outcome is
     * written. Also gives a revision to deliveries written before revisions were kept, so they can
     * be claimed.
     */
    int recoverDueList(Instant now, boolean first) {
        if (first) {
            long updated = mongo.updateMulti(Query.query(Criteria.where(Delivery.REVISION).exists(false)),
                    new Update().set(Delivery.REVISION, 0L), Delivery.class).getModifiedCount();
            if (updated > 0) {
                log.info("{} deliveries written before revisions were kept got revision 0", updated);
            }
        }
        Query unfinished = Query.query(Criteria.where(Delivery.STATE).in(DeliveryState.SENDING, DeliveryState.FAILED));
        unfinished.fields().include(Delivery.STATE, Delivery.LEASE_UNTIL, Delivery.NEXT_ATTEMPT_AT,
                Delivery.CREATED_AT, Delivery.UPDATED_AT);
        List<DueDeliveries.Due> entries = new ArrayList<>();
        for (Delivery delivery : mongo.find(unfinished, Delivery.class)) {
            boolean beingSent = delivery.state() == DeliveryState.SENDING && !delivery.claimableAt(now);
            if (!beingSent) {
                delivery.dueAt().ifPresent(at -> entries.add(new DueDeliveries.Due(delivery.id(), Date.from(at))));
            }
        }
        due.scheduleNoLaterThan(entries);
        return entries.size();
    }

    /** How many deliveries are on the due list. */
    public long dueCount() {
        return due.size();
    }

    /** Exactly {@code _id} and {@code revision}: the embedded store answers it from the {@code id_revision} index. */
    private static Query unchanged(String id, long revision) {
        return Query.query(Criteria.where("_id").is(id).and(Delivery.REVISION).is(revision));
    }

    /** Marks the delivery for the outbox relay when the write appended events. */
    private void marked(Delivery delivery, int eventsBefore) {
        if (delivery.pendingEvents().size() > eventsBefore) {
            markers.mark(mongo.getCollectionName(Delivery.class), delivery.id(), delivery.tenantId(),
                    delivery.pendingEvents().size());
        }
    }

    private Update outcome(Delivery delivery, int eventsBefore) {
        Update update = new Update().set(Delivery.STATE, delivery.state())
                .set(Delivery.ATTEMPTS, delivery.attempts())
                .set("lastError", delivery.lastError())
                .set(Delivery.NEXT_ATTEMPT_AT, delivery.nextAttemptAt())
                .set(Delivery.LEASE_UNTIL, delivery.leaseUntil())
                .set("sentAt", delivery.sentAt())
                .set(Delivery.UPDATED_AT, delivery.updatedAt())
                .inc(Delivery.REVISION, 1);
        List<PendingEvent> raised = delivery.pendingEvents().subList(eventsBefore, delivery.pendingEvents().size());
        if (!raised.isEmpty()) {
            update.push(AggregateDocument.OUTBOX).each(raised.stream()
                    .map(event -> mongo.getConverter().convertToMongoType(event)).toArray());
        }
        return update;
    }

    /** One of the tenant's deliveries; another tenant's id is "not found". */
    public Optional<Delivery> find(String tenantId, String id) {
        // by id alone, the tenant checked here: a second condition would read the whole log
        return Optional.ofNullable(mongo.findById(id, Delivery.class)).filter(d -> tenantId.equals(d.tenantId()));
    }

    /** The deliveries with these ids (those that exist), looked up by id. */
    public List<Delivery> byIds(Collection<String> ids) {
        return mongo.find(Query.query(Criteria.where("_id").in(ids)), Delivery.class);
    }

    /** The tenant's delivery log, newest first, optionally of one state. */
    public Page<Delivery> log(String tenantId, @Nullable DeliveryState state, Pageable page) {
        Criteria criteria = Criteria.where(Delivery.TENANT_ID).is(tenantId);
        if (state != null) {
            criteria = criteria.and(Delivery.STATE).is(state);
        }
        long total = mongo.count(Query.query(criteria), Delivery.class);
        Query query = Query.query(criteria).with(Sort.by(Sort.Order.desc(Delivery.CREATED_AT), Sort.Order.asc("_id")))
                .skip(page.getOffset()).limit(page.getPageSize());
        return new PageImpl<>(mongo.find(query, Delivery.class), page, total);
    }

    /**
     * All deliveries of one source event, for tests and diagnostics: reads the whole log (a
     * delivery's id is derived from the event id and the recipient; with the recipients at hand,
     * use {@link #byIds}).
     */
    public List<Delivery> ofEvent(String sourceEventId) {
        return mongo.find(Query.query(Criteria.where("sourceEventId").is(sourceEventId)), Delivery.class);
    }
}
