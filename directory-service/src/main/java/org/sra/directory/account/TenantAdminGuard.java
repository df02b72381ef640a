package org.sra.directory.account;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.function.Supplier;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.mapping.Document;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;
import org.sra.kit.error.DomainException;

/**
 * One change of a tenant's admins at a time, across requests and replicas: a lease document per
 * tenant ({@code tenant_admin_guards}, id = tenant id) taken by an insert or by a conditional
 * write over an expired lease, both single-document writes, and removed by its holder. "Is there
 * another admin?" and the demotion or removal that follows run under it, so two admins demoting
 * (or removing) each other at once cannot leave the tenant without an admin: the second one finds
 * the first one's change. A holder that died leaves a lease that expires after {@link #LEASE}.
 * Wall-clock time, not the service's {@code Clock}: the lease is about this process, not the domain.
 */
@Component
class TenantAdminGuard {

    static final Duration LEASE = Duration.ofSeconds(15);
    private static final Duration WAIT = Duration.ofSeconds(10);

    @Document("tenant_admin_guards")
    record Lease(@Id String tenantId, String holder, Instant until) {
    }

    private final MongoTemplate mongo;

    TenantAdminGuard(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    <T> T exclusively(String tenantId, Supplier<T> change) {
        String holder = UUID.randomUUID().toString();
        Instant giveUp = Instant.now().plus(WAIT);
        while (!take(tenantId, holder)) {
            if (Instant.now().isAfter(giveUp)) {
                throw DomainException.conflict("concurrent-change");
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw DomainException.conflict("concurrent-change");
            }
        }
        try {
            return change.get();
        } finally {
            mongo.remove(Query.query(Criteria.where("_id").is(tenantId).and("holder").is(holder)), Lease.class);
        }
    }

    private boolean take(String tenantId, String holder) {
        Instant now = Instant.now();
        try {
            mongo.insert(new Lease(tenantId, holder, now.plus(LEASE)));
            return true;
        } catch (DuplicateKeyException held) {
            // held by another change, or left behind by a holder that died: take it only when expired
            Lease expired = mongo.findAndModify(Query.query(Criteria.where("_id").is(tenantId).and("until").lt(now)),
                    new Update().set("holder", holder).set("until", now.plus(LEASE)), Lease.class);
            return expired != null;
        }
    }
}
