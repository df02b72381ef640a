package org.sra.directory.audit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Service;
import org.sra.directory.csv.CsvTimes;
import org.sra.events.EventEnvelope;
import org.sra.events.audit.AuditRecorded;
import org.sra.kit.error.DomainException;

/**
 * Keeps every service's {@code AuditRecorded} events as the tenants' audit trails, and reads
 * them back one tenant at a time. There is no way to change or delete an entry.
 */
@Service
public class AuditTrail {

    private static final Logger log = LoggerFactory.getLogger(AuditTrail.class);
    /** An export larger than this is cut; the admin narrows the time range. */
    static final int EXPORT_LIMIT = 50_000;
    private static final String[] HEADER = {"time", "actor", "action", "targetType", "targetId", "before", "after",
            "requestId", "service", "targetName"};

    /** A page of entries, newest first, with the number of entries matching the filters. */
    public record Page(List<AuditEntry> items, int page, int size, long total) {
    }

    private final MongoTemplate mongo;

    AuditTrail(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    /** Idempotent: the entry's id is the event's id. */
    public void record(EventEnvelope envelope, AuditRecorded event) {
        if (!envelope.tenantId().equals(event.tenantId())) {
            log.warn("Dropping audit event {}: envelope tenant and payload tenant differ", envelope.eventId());
            return;
        }
        try {
            mongo.insert(new AuditEntry(envelope.eventId().toString(), event.tenantId(), envelope.occurredAt(),
                    event.actor(), event.action(), event.targetType(), event.targetId(), event.before(), event.after(),
                    event.requestId(), event.service(), event.targetName()));
        } catch (DuplicateKeyException again) {
            log.debug("Audit entry {} already recorded", envelope.eventId());
        }
    }

    public Page search(String tenantId, AuditQuery query) {
        Query filter = filter(tenantId, query);
        long total = mongo.count(filter, AuditEntry.class);
        List<AuditEntry> items = mongo.find(filter.with(newestFirst())
                .skip((long) query.page() * query.size()).limit(query.size()), AuditEntry.class);
        return new Page(items, query.page(), query.size(), total);
    }

    /** Writes the tenant's entries matching the filters (paging ignored) as CSV, formulas neutralised. */
    public void exportCsv(String tenantId, AuditQuery query, ZoneId zone, Writer out) {
        try {
            CSVPrinter csv = CSVFormat.DEFAULT.builder().setHeader(HEADER).get().print(out);
            for (AuditEntry entry : mongo.find(filter(tenantId, query).with(newestFirst()).limit(EXPORT_LIMIT),
                    AuditEntry.class)) {
                csv.printRecord(CsvTimes.format(entry.at(), zone), cell(entry.actor()), cell(entry.action()),
                        cell(entry.targetType()), cell(entry.targetId()), cell(entry.before()), cell(entry.after()),
                        cell(entry.requestId()), cell(entry.service()), cell(entry.targetName()));
            }
            csv.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Turns an unreadable parameter into the problem naming it. */
    public static AuditQuery query(String from, String to, String actor, String action, String targetType,
                                   String target, String page, String size) {
        try {
            return AuditQuery.parse(from, to, actor, action, targetType, target, page, size);
        } catch (AuditQuery.InvalidParameter e) {
            throw new DomainException(DomainException.Kind.INVALID, "audit-parameter-invalid", Map.of("field", e.field()),
                    e.field(), String.valueOf(e.value()));
        }
    }

    private static String cell(String value) {
        return CsvCells.neutralise(value);
    }

    private static Sort newestFirst() {
        return Sort.by(Sort.Order.desc("at"), Sort.Order.desc("_id"));
    }

    private static Query filter(String tenantId, AuditQuery query) {
        Criteria criteria = Criteria.where("tenantId").is(tenantId);
        if (query.from() != null || query.to() != null) {
            Criteria at = Criteria.where("at");
            if (query.from() != null) {
                at = at.gte(query.from());
            }
            if (query.to() != null) {
                at = at.lt(query.to());
            }
            criteria = criteria.andOperator(at);
        }
        if (query.actor() != null) {
            criteria = criteria.and("actor").is(query.actor());
        }
        if (query.action() != null) {
            criteria = criteria.and("action").is(query.action());
        }
        if (query.targetType() != null) {
            criteria = criteria.and("targetType").is(query.targetType());
        }
        if (query.target() != null) {
            // the name as typed, anywhere in the target's name, any case
            criteria = criteria.and("targetName").regex(Pattern.quote(query.target()), "i");
        }
        return Query.query(criteria);
    }
}
