package org.sra.notification.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
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
 * The delivery records. Writes are single-document, partial and conditional (on the lease held,
 * or on the state read), so neither a second dispatcher nor the outbox relay's work on the same
 * document is overwritten.
 */
@Component
public class Deliveries {

    private final MongoTemplate mongo;

    private final OutboxMarkers markers;

    Deliveries(MongoTemplate mongo, OutboxMarkers markers) {
        this.markers = markers;
        this.mongo = mongo;
    }

    /** Stores a new delivery; false when one with its id exists (the event was handled before). */
    boolean addIfAbsent(Delivery delivery) {
        try {
            mongo.insert(delivery);
            return true;
        } catch (DuplicateKeyException alreadyThere) {
            return false;
        }
    }

    /**
     * Claims the oldest delivery that is due: {@code SENDING} without a live lease (new, or left
     * by a dispatcher that died), or {@code FAILED} whose next attempt is due. The claim sets a
     * lease and counts the attempt in one atomic update, so two dispatchers never hold one
     * delivery at the same time.
     */
    Optional<Delivery> claimNext(Instant now, Duration lease) {
        Criteria unleased = new Criteria().orOperator(Criteria.where(Delivery.LEASE_UNTIL).is(null),
                Criteria.where(Delivery.LEASE_UNTIL).lt(now));
        Criteria due = new Criteria().orOperator(
                new Criteria().andOperator(Criteria.where(Delivery.STATE).is(DeliveryState.SENDING), unleased),
                new Criteria().andOperator(Criteria.where(Delivery.STATE).is(DeliveryState.FAILED),
                        Criteria.where(Delivery.NEXT_ATTEMPT_AT).lte(now)));
        Query query = Query.query(due).with(Sort.by(Delivery.CREATED_AT));
        Update update = new Update().set(Delivery.STATE, DeliveryState.SENDING)
                .set(Delivery.LEASE_UNTIL, now.plus(lease))
                .set(Delivery.UPDATED_AT, now)
                .inc(Delivery.ATTEMPTS, 1);
        return Optional.ofNullable(mongo.findAndModify(query, update,
                FindAndModifyOptions.options().returnNew(true), Delivery.class));
    }

    /**
     * Writes the outcome of an attempt: the delivery's own fields, plus the events it raised
     * since it was claimed ({@code eventsBefore} were already there), appended to its outbox.
     * Only while the claim still holds ({@code SENDING} under the lease it was claimed with);
     * false when the lease ran out and another dispatcher took the delivery over.
     */
    boolean recordOutcome(Delivery delivery, int eventsBefore, Instant claimedLease) {
        Query stillOurs = Query.query(Criteria.where("_id").is(delivery.id()).and(Delivery.STATE)
                .is(DeliveryState.SENDING).and(Delivery.LEASE_UNTIL).is(claimedLease));
        return marked(delivery, eventsBefore,
                mongo.updateFirst(stillOurs, outcome(delivery, eventsBefore), Delivery.class).getMatchedCount() == 1);
    }

    /** Marks the delivery for the outbox relay when the write appended events. */
    private boolean marked(Delivery delivery, int eventsBefore, boolean written) {
        if (written && delivery.pendingEvents().size() > eventsBefore) {
            markers.mark(mongo.getCollectionName(Delivery.class), delivery.id(), delivery.tenantId(),
                    delivery.pendingEvents().size());
        }
        return written;
    }

    private Update outcome(Delivery delivery, int eventsBefore) {
        Update update = new Update().set(Delivery.STATE, delivery.state())
                .set(Delivery.ATTEMPTS, delivery.attempts())
                .set("lastError", delivery.lastError())
                .set(Delivery.NEXT_ATTEMPT_AT, delivery.nextAttemptAt())
                .set(Delivery.LEASE_UNTIL, delivery.leaseUntil())
                .set("sentAt", delivery.sentAt())
                .set(Delivery.UPDATED_AT, delivery.updatedAt());
        List<PendingEvent> raised = delivery.pendingEvents().subList(eventsBefore, delivery.pendingEvents().size());
        if (!raised.isEmpty()) {
            update.push(AggregateDocument.OUTBOX).each(raised.stream()
                    .map(event -> mongo.getConverter().convertToMongoType(event)).toArray());
        }
        return update;
    }

    /**
     * Writes a change made on a delivery read earlier, only if nobody changed it since (same
     * state, same {@code updatedAt}); false when somebody did.
     */
    boolean recordIfUnchanged(Delivery delivery, int eventsBefore, DeliveryState readState, Instant readUpdatedAt) {
        Query unchanged = Query.query(Criteria.where("_id").is(delivery.id()).and(Delivery.STATE).is(readState)
                .and(Delivery.UPDATED_AT).is(readUpdatedAt));
        return marked(delivery, eventsBefore,
                mongo.updateFirst(unchanged, outcome(delivery, eventsBefore), Delivery.class).getMatchedCount() == 1);
    }

    /** One of the tenant's deliveries; another tenant's id is "not found". */
    public Optional<Delivery> find(String tenantId, String id) {
        return Optional.ofNullable(mongo.findOne(
                Query.query(Criteria.where("_id").is(id).and(Delivery.TENANT_ID).is(tenantId)), Delivery.class));
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

    /** All deliveries of one source event, for tests and diagnostics. */
    public List<Delivery> ofEvent(String sourceEventId) {
        return mongo.find(Query.query(Criteria.where("sourceEventId").is(sourceEventId)), Delivery.class);
    }
}
