package org.sra.auth.decisionlog;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;

/**
 * Per user and per device of a tenant: the last accepted connection and the last rejection with
 * its reason, for the console's user and device lists. Written by the decision-log writer once
 * per batch, coalesced (one upsert per user and per device in the batch, whatever the number of
 * attempts), never on the request path. Documents {@code last_seen}, id
 * {@code <tenantId>:user:<userId>} or {@code <tenantId>:device:<deviceId>}, so a lookup is one
 * {@code _id $in} query and a tenant can only ever read its own.
 *
 * <p>Replicas write concurrently, so each time goes in with {@code $max}: the rejection as the
 * sub-document {@code lastReject: {at, reason}}, which compares by {@code at} first, so the reason
 * always belongs to the latest rejection.
 */
@Component
public class LastSeen {

    static final String COLLECTION = "last_seen";

    private final MongoCollection<Document> documents;

    LastSeen(MongoTemplate mongo) {
        this.documents = mongo.getCollection(COLLECTION); // no I/O until used
    }

    /** The last accept and the last reject with its reason; either may be null. */
    public record Seen(Instant lastAcceptAt, Instant lastRejectAt, String lastRejectReason) {
    }

    /** What the lists ask for: by user id and by device id, only those that connected or tried. */
    public record Answer(Map<String, Seen> users, Map<String, Seen> devices) {
    }

    /** Notes one batch of decisions: one upsert per user and per device it names. */
    void record(Collection<DecisionRecord> batch) {
        Map<String, Latest> latest = new HashMap<>();
        for (DecisionRecord record : batch) {
            if (record.userId() != null) {
                latest.computeIfAbsent(id(record.tenantId(), "user", record.userId()), k -> new Latest()).add(record);
            }
            if (record.deviceId() != null) {
                latest.computeIfAbsent(id(record.tenantId(), "device", record.deviceId()), k -> new Latest()).add(record);
            }
        }
        if (latest.isEmpty()) {
            return;
        }
        List<WriteModel<Document>> writes = new ArrayList<>(latest.size());
        latest.forEach((id, seen) -> {
            List<Bson> updates = new ArrayList<>(2);
            if (seen.acceptAt != null) {
                updates.add(Updates.max("lastAcceptAt", Date.from(seen.acceptAt)));
            }
            if (seen.rejectAt != null) {
                updates.add(Updates.max("lastReject", new Document("at", Date.from(seen.rejectAt))
                        .append("reason", seen.rejectReason)));
            }
            writes.add(new UpdateOneModel<>(Filters.eq("_id", id), Updates.combine(updates),
                    new UpdateOptions().upsert(true)));
        });
        documents.bulkWrite(writes, new BulkWriteOptions().ordered(false));
    }

    /** The tenant's users and devices asked for (at most a page of each). */
    public Answer find(String tenantId, Collection<String> userIds, Collection<String> deviceIds) {
        Map<String, String> ids = new LinkedHashMap<>();
        userIds.forEach(u -> ids.put(id(tenantId, "user", u), "user:" + u));
        deviceIds.forEach(d -> ids.put(id(tenantId, "device", d), "device:" + d));
        Map<String, Seen> users = new LinkedHashMap<>();
        Map<String, Seen> devices = new LinkedHashMap<>();
        if (ids.isEmpty()) {
            return new Answer(users, devices);
        }
        for (Document document : documents.find(Filters.in("_id", ids.keySet()))) {
            String key = ids.get(document.getString("_id"));
            Date accept = document.getDate("lastAcceptAt");
            Document reject = document.get("lastReject", Document.class);
            Seen seen = new Seen(accept == null ? null : accept.toInstant(),
                    reject == null ? null : reject.getDate("at").toInstant(),
                    reject == null ? null : reject.getString("reason"));
            if (key.startsWith("user:")) {
                users.put(key.substring("user:".length()), seen);
            } else {
                devices.put(key.substring("device:".length()), seen);
            }
        }
        return new Answer(users, devices);
    }

    private static String id(String tenantId, String kind, String entityId) {
        return tenantId + ":" + kind + ":" + entityId;
    }

    /** The latest accept and reject of one user or device within a batch. */
    private static final class Latest {
        Instant acceptAt;
        Instant rejectAt;
        String rejectReason;

        void add(DecisionRecord record) {
            if (record.accepted()) {
                if (acceptAt == null || record.decidedAt().isAfter(acceptAt)) {
                    acceptAt = record.decidedAt();
                }
            } else if (rejectAt == null || record.decidedAt().isAfter(rejectAt)) {
                rejectAt = record.decidedAt();
                rejectReason = record.reason();
            }
        }
    }
}
