package org.sra.auth.decisionlog;

import java.time.Instant;
import java.util.List;

import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

/** Stores decisions and answers the admins' queries, always within one tenant. */
@Component
public class DecisionLog {

    private final MongoTemplate mongo;

    DecisionLog(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    /**
     * Writes the events first, then the log entry: two single-document writes. A crash in
     * between loses a log line of an answered request, never the event another service acts on
     * (the registration request).
     *
     * @param registrationSerial the presented serial when device-service is asked to register it, else null
     */
    public void record(DecisionRecord record, String registrationSerial, String platform) {
        mongo.insert(DecisionEvents.of(record, registrationSerial, platform));
        mongo.insert(record);
    }

    /**
     * @param filter any field may be null: no restriction
     */
    public List<DecisionRecord.DecisionView> find(String tenantId, DecisionFilter filter, int page, int size) {
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
        Query query = Query.query(criteria).with(Sort.by(Sort.Direction.DESC, "decidedAt"))
                .skip((long) page * size).limit(size);
        return mongo.find(query, DecisionRecord.class).stream().map(DecisionRecord::view).toList();
    }

    /** Query parameters of the decision log. */
    public record DecisionFilter(String userName, String deviceId, String nasClientId, String result, String reason,
                                 Instant from, Instant to) {
    }
}
