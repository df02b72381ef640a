package org.sra.auth.decisionlog;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.List;

import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

/**
 * Stores decisions and answers the admins' queries, always within one tenant.
 *
 * <p>An ordinary decision goes to the write-behind {@link DecisionLogWriter}, so the request path
 * does no database write for the log, the events need no relay poll, and an ordinary batch costs
 * one store write. A decision that asks device-service to register a serial
 * ({@code DeviceAutoRegistrationRequested}) is written at once, events first, because another
 * service acts on it; so is any decision the writer refuses (queue full: back-pressure, never a
 * silently dropped line; writer stopped). Queries first wait until everything this replica queued
 * before them is written, so an admin sees every decision already answered here. What a crash can
 * lose: the decisions of the last few milliseconds (their log lines and {@code ConnectionDecided}
 * events) — never a registration request.
 */
@Component
public class DecisionLog {

    private final MongoTemplate mongo;
    private final DecisionLogWriter writer;
    private final LastSeen lastSeen;

    DecisionLog(MongoTemplate mongo, DecisionLogWriter writer, LastSeen lastSeen) {
        this.mongo = mongo;
        this.writer = writer;
        this.lastSeen = lastSeen;
    }

    /**
     * @param registrationSerial the presented serial when device-service is asked to register it, else null
     * @param nasName            the name of the headend the attempt came through (told to the admins
     *                           when the serial is registered)
     */
    public void record(DecisionRecord record, String registrationSerial, String platform, String nasName) {
        if (registrationSerial == null && writer.offer(record)) {
            return;
        }
        // events first, then the log entry: a crash in between loses a log line, never the event
        mongo.insert(DecisionEvents.of(record, registrationSerial, platform, nasName));
        mongo.insert(record);
        lastSeen.record(List.of(record));
    }

    /** The last accept and reject of these users and devices of the tenant, as written so far. */
    public LastSeen.Answer lastSeen(String tenantId, List<String> userIds, List<String> deviceIds) {
        writer.flush();
        return lastSeen.find(tenantId, userIds, deviceIds);
    }

    /**
     * @param filter any field may be null: no restriction
     */
    public List<DecisionRecord.DecisionView> find(String tenantId, DecisionFilter filter, int page, int size) {
        writer.flush();
        Query query = Query.query(criteria(tenantId, filter)).with(Sort.by(Sort.Direction.DESC, "decidedAt"))
                .skip((long) page * size).limit(size);
        return mongo.find(query, DecisionRecord.class).stream().map(DecisionRecord::view).toList();
    }

    /**
     * The tenant's rejections since {@code from}, counted by reason in one read of the log: the
     * overview's 「直近24時間の拒否」.
     */
    public Map<String, Long> rejectsByReason(String tenantId, Instant from) {
        writer.flush();
        Query query = Query.query(criteria(tenantId, new DecisionFilter(null, null, null, "REJECT", null, from, null)));
        query.fields().include("reason");
        Map<String, Long> counts = new TreeMap<>();
        for (DecisionRecord decision : mongo.find(query, DecisionRecord.class)) {
            counts.merge(decision.reason() == null ? "UNKNOWN" : decision.reason(), 1L, Long::sum);
        }
        return counts;
    }

    /** How many decisions the filter finds: the console's total and page count. */
    public long count(String tenantId, DecisionFilter filter) {
        writer.flush();
        return mongo.count(Query.query(criteria(tenantId, filter)), DecisionRecord.class);
    }

    private static Criteria criteria(String tenantId, DecisionFilter filter) {
        Criteria criteria = Criteria.where("tenantId").is(tenantId);
        if (filter.userName() != null) {
            criteria.and("userName").is(filter.userName());
        }
        if (filter.deviceId() != null) {
            criteria.and("deviceId").is(filter.deviceId());
        }
        if (filter.nasClientId() != null) {
            criteria.and("nasClientId").is(filter.nasClientId());
        }
        if (filter.result() != null) {
            criteria.and("accepted").is("ACCEPT".equalsIgnoreCase(filter.result()));
        }
        if (filter.reason() != null) {
            criteria.and("reason").is(filter.reason());
        }
        if (filter.from() != null || filter.to() != null) {
            Criteria time = criteria.and("decidedAt");
            if (filter.from() != null) {
                time.gte(filter.from());
            }
            if (filter.to() != null) {
                time.lt(filter.to());
            }
        }
        return criteria;
    }

    /** Query parameters of the decision log. */
    public record DecisionFilter(String userName, String deviceId, String nasClientId, String result, String reason,
                                 Instant from, Instant to) {
    }
}
