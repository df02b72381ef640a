package org.sra.device.contract;

import java.util.Optional;

import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;
import org.sra.events.EventEnvelope;
import org.sra.events.tenant.TenantContractChanged;
import org.sra.events.tenant.TenantProvisioned;
import org.sra.events.tenant.TenantResumed;
import org.sra.events.tenant.TenantSuspended;
import org.sra.kit.error.DomainException;

/**
 * Keeps tenant contracts from tenant events. Every handler sets absolute values (no
 * increments), so handling an event again changes nothing.
 */
@Component
public class TenantContracts {

    private final MongoTemplate mongo;

    TenantContracts(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    public Optional<TenantContract> of(String tenantId) {
        return Optional.ofNullable(mongo.findById(tenantId, TenantContract.class));
    }

    /** The tenant's contract; 404 {@code tenant-unknown} until its first contract event arrived. */
    public TenantContract required(String tenantId) {
        return of(tenantId).orElseThrow(() -> DomainException.notFound("tenant-unknown"));
    }

    public void onProvisioned(EventEnvelope envelope, TenantProvisioned provisioned) {
        set(provisioned.tenantId(), new Update().set("devicesPerUser", provisioned.devicesPerUser())
                .setOnInsert("suspended", false));
    }

    public void onContractChanged(EventEnvelope envelope, TenantContractChanged changed) {
        set(changed.tenantId(), new Update().set("devicesPerUser", changed.devicesPerUser())
                .setOnInsert("suspended", false));
    }

    public void onSuspended(EventEnvelope envelope, TenantSuspended suspended) {
        set(suspended.tenantId(), new Update().set("suspended", true)
                .setOnInsert("devicesPerUser", TenantContract.DEFAULT_DEVICES_PER_USER));
    }

    public void onResumed(EventEnvelope envelope, TenantResumed resumed) {
        set(resumed.tenantId(), new Update().set("suspended", false)
                .setOnInsert("devicesPerUser", TenantContract.DEFAULT_DEVICES_PER_USER));
    }

    private void set(String tenantId, Update update) {
        mongo.upsert(Query.query(Criteria.where("_id").is(tenantId)), update, TenantContract.class);
    }
}
