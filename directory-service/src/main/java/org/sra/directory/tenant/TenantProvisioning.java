package org.sra.directory.tenant;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.sra.kit.web.ProblemException;

/** The operator's tenant actions (R-OPS-1). */
@Service
public class TenantProvisioning {

    private static final Logger log = LoggerFactory.getLogger(TenantProvisioning.class);

    private final Tenants tenants;
    private final Clock clock;

    TenantProvisioning(Tenants tenants, Clock clock) {
        this.tenants = tenants;
        this.clock = clock;
    }

    public Tenant provision(String name, int devicesPerUser, String vpnPool) {
        VpnPool pool = parsePool(vpnPool);
        if (tenants.existsByNameAndDeletedFalse(name)) {
            throw ProblemException.conflict("tenant-name-taken", name);
        }
        for (Tenant other : tenants.findByDeletedFalseOrderByCreatedAtAsc()) {
            if (other.vpnPool().overlaps(pool)) {
                throw new ProblemException(HttpStatus.CONFLICT, "vpn-pool-overlaps",
                        Map.of("conflictingPool", other.vpnPool().cidr(), "conflictingTenant", other.name()),
                        pool.cidr(), other.vpnPool().cidr(), other.name());
            }
        }
        Tenant tenant = tenants.save(Tenant.provision(UUID.randomUUID().toString(), name, devicesPerUser, pool,
                clock.instant()));
        log.info("Provisioned tenant {} ({}), pool {}, {} devices per user", tenant.id(), name, pool.cidr(), devicesPerUser);
        return tenant;
    }

    public List<Tenant> all() {
        return tenants.findByDeletedFalseOrderByCreatedAtAsc();
    }

    public Tenant get(String id) {
        return tenants.findByIdAndDeletedFalse(id).orElseThrow(() -> ProblemException.notFound("tenant-not-found", id));
    }

    public Tenant changeContract(String id, int devicesPerUser) {
        Tenant tenant = get(id);
        tenant.changeContract(devicesPerUser);
        return tenants.save(tenant);
    }

    public Tenant suspend(String id) {
        Tenant tenant = get(id);
        tenant.suspend();
        return tenants.save(tenant);
    }

    public Tenant resume(String id) {
        Tenant tenant = get(id);
        tenant.resume();
        return tenants.save(tenant);
    }

    private static VpnPool parsePool(String text) {
        try {
            return VpnPool.parse(text);
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("vpn-pool-invalid", text);
        }
    }
}
