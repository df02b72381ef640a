package org.sra.device.assignment;

import java.util.List;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/**
 * The per-user device limit under concurrency, without transactions (R-ASN-2). A slot is taken
 * with one conditional update: "add this device if the user's list does not hold it and has no
 * element at index N-1", i.e. holds fewer than N. The store applies single-document updates
 * atomically, so of 20 parallel requests for a user with N = 2 exactly two match.
 *
 * <p>The slot is taken before the device is claimed and given back if the claim fails. If the
 * process dies between the two, the slot stays taken for a device the user does not have; the
 * admin frees it by unassigning that device (which releases the slot) — a documented limit of
 * not having transactions.
 */
@Component
class AssignmentSlots {

    enum Outcome { RESERVED, ALREADY_HELD, FULL }

    private final MongoTemplate mongo;

    AssignmentSlots(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    Outcome reserve(String tenantId, String userId, String deviceId, int limit) {
        String id = VpnUser.id(tenantId, userId);
        ensureExists(id, tenantId, userId);
        Query fewerThanLimit = Query.query(Criteria.where("_id").is(id).and("deviceIds").ne(deviceId)
                .and("deviceIds." + (limit - 1)).exists(false));
        if (mongo.updateFirst(fewerThanLimit, new Update().push("deviceIds", deviceId), UserSlots.class)
                .getModifiedCount() == 1) {
            return Outcome.RESERVED;
        }
        boolean held = mongo.exists(Query.query(Criteria.where("_id").is(id).and("deviceIds").is(deviceId)),
                UserSlots.class);
        return held ? Outcome.ALREADY_HELD : Outcome.FULL;
    }

    void release(String tenantId, String userId, String deviceId) {
        mongo.updateFirst(Query.query(Criteria.where("_id").is(VpnUser.id(tenantId, userId))),
                new Update().pull("deviceIds", deviceId), UserSlots.class);
    }

    /** The devices held in the user's slots, by one look-up by {@code _id}; empty when the user holds none. */
    List<String> held(String tenantId, String userId) {
        UserSlots slots = mongo.findById(VpnUser.id(tenantId, userId), UserSlots.class);
        return slots == null || slots.deviceIds() == null ? List.of() : slots.deviceIds();
    }

    void releaseAll(String tenantId, String userId) {
        mongo.remove(Query.query(Criteria.where("_id").is(VpnUser.id(tenantId, userId))), UserSlots.class);
    }

    private void ensureExists(String id, String tenantId, String userId) {
        try {
            mongo.upsert(Query.query(Criteria.where("_id").is(id)), new Update().setOnInsert("tenantId", tenantId)
                    .setOnInsert("userId", userId).setOnInsert("deviceIds", List.of()), UserSlots.class);
        } catch (DuplicateKeyException raced) {
            // another request created it at the same moment: it exists, which is all we need
        }
    }
}
