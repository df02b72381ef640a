package org.sra.directory.tenant;

import java.time.Instant;

import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;
import org.springframework.data.mongodb.core.index.Indexed;
import org.springframework.data.mongodb.core.mapping.Document;
import org.sra.events.tenant.TenantContractChanged;
import org.sra.events.tenant.TenantProvisioned;
import org.sra.events.tenant.TenantResumed;
import org.sra.events.tenant.TenantSuspended;
import org.sra.kit.outbox.AggregateDocument;

/** A customer company and its contract. Every change raises its event through the outbox. */
@Document("tenants")
public class Tenant extends AggregateDocument {

    public enum Status { ACTIVE, SUSPENDED }

    @Id
    private String id;
    @Indexed(unique = true)
    private String name;
    private int devicesPerUser;
    private String vpnPool;
    private Status status;
    private Instant createdAt;
    @Version
    private Long version;

    Tenant() {
    }

    static Tenant provision(String id, String name, int devicesPerUser, VpnPool pool, Instant now) {
        Tenant tenant = new Tenant();
        tenant.id = id;
        tenant.name = name;
        tenant.devicesPerUser = devicesPerUser;
        tenant.vpnPool = pool.cidr();
        tenant.status = Status.ACTIVE;
        tenant.createdAt = now;
        tenant.raise(id, new TenantProvisioned(id, name, devicesPerUser, pool.cidr()));
        tenant.audit(id, "TENANT_PROVISIONED", "tenant", id, null, tenant.snapshot());
        return tenant;
    }

    void changeContract(int newDevicesPerUser) {
        if (newDevicesPerUser != devicesPerUser) {
            Snapshot before = snapshot();
            devicesPerUser = newDevicesPerUser;
            raise(id, new TenantContractChanged(id, newDevicesPerUser));
            audit(id, "TENANT_CONTRACT_CHANGED", "tenant", id, before, snapshot());
        }
    }

    void suspend() {
        if (status == Status.ACTIVE) {
            Snapshot before = snapshot();
            status = Status.SUSPENDED;
            raise(id, new TenantSuspended(id));
            audit(id, "TENANT_SUSPENDED", "tenant", id, before, snapshot());
        }
    }

    void resume() {
        if (status == Status.SUSPENDED) {
            Snapshot before = snapshot();
            status = Status.ACTIVE;
            raise(id, new TenantResumed(id));
            audit(id, "TENANT_RESUMED", "tenant", id, before, snapshot());
        }
    }

    /** The tenant as the audit trail shows it before and after a change. */
    public record Snapshot(String name, int devicesPerUser, String vpnPool, Status status) {
    }

    Snapshot snapshot() {
        return new Snapshot(name, devicesPerUser, vpnPool, status);
    }

    public String id() {
        return id;
    }

    public String name() {
        return name;
    }

    public int devicesPerUser() {
        return devicesPerUser;
    }

    public VpnPool vpnPool() {
        return VpnPool.parse(vpnPool);
    }

    public Status status() {
        return status;
    }

    public Instant createdAt() {
        return createdAt;
    }
}
