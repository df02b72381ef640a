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
        return tenant;
    }

    void changeContract(int newDevicesPerUser) {
        if (newDevicesPerUser != devicesPerUser) {
            devicesPerUser = newDevicesPerUser;
            raise(id, new TenantContractChanged(id, newDevicesPerUser));
        }
    }

    void suspend() {
        if (status == Status.ACTIVE) {
            status = Status.SUSPENDED;
            raise(id, new TenantSuspended(id));
        }
    }

    void resume() {
        if (status == Status.SUSPENDED) {
            status = Status.ACTIVE;
            raise(id, new TenantResumed(id));
        }
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
