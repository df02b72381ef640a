package org.sra.kit.testapp;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.MDC;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.sra.events.tenant.TenantContractChanged;
import org.sra.events.tenant.TenantProvisioned;
import org.sra.kit.audit.Actor;
import org.sra.kit.messaging.EventRoutes;

/**
 * A minimal service for the kit's tests: widgets raise events through the outbox, and the
 * consumer counts effects with a deliberately non-idempotent {@code $inc}, so a duplicate
 * delivery that slipped through would show as a count of 2.
 */
@SpringBootApplication
public class KitTestApplication {

    /** Attempts per tenant id of a handler that always fails, to observe bounded retries. */
    public static final ConcurrentHashMap<String, AtomicInteger> FAILING_ATTEMPTS = new ConcurrentHashMap<>();

    /**
     * What the handler of {@link TenantProvisioned} saw of the trace, per tenant id: the MDC's trace
     * id and span id (as its log lines carry them) and the request id an audit entry it wrote would
     * carry.
     */
    public static final ConcurrentHashMap<String, HandledTrace> HANDLED_TRACES = new ConcurrentHashMap<>();

    public record HandledTrace(String traceId, String spanId, String auditRequestId) {
    }

    @Bean
    EventRoutes eventRoutes(MongoTemplate mongo) {
        return EventRoutes.builder()
                .on(TenantProvisioned.class, (envelope, provisioned) -> {
                    HANDLED_TRACES.put(provisioned.tenantId(),
                            new HandledTrace(MDC.get("traceId"), MDC.get("spanId"), Actor.requestId()));
                    if (provisioned.name().startsWith("poison")) {
                        FAILING_ATTEMPTS.computeIfAbsent(provisioned.tenantId(), id -> new AtomicInteger()).incrementAndGet();
                        throw new IllegalStateException("cannot handle " + provisioned.name());
                    }
                    mongo.upsert(Query.query(Criteria.where("_id").is(provisioned.tenantId())),
                            new Update().inc("count", 1), "effects");
                })
                .on(TenantContractChanged.class, (envelope, changed) ->
                        mongo.upsert(Query.query(Criteria.where("_id").is(changed.tenantId())),
                                new Update().inc("count", 1), "effects"))
                .build();
    }
}
