package org.sra.directory.tenant;

import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.sra.directory.account.ConsoleSettings;
import org.sra.directory.account.TenantAdmins;
import org.sra.kit.error.DomainException;
import org.sra.kit.security.Role;

/** The operator's tenant actions (R-OPS-1). */
@Service
public class TenantProvisioning {

    private static final Logger log = LoggerFactory.getLogger(TenantProvisioning.class);

    private final Tenants tenants;
    private final TenantAdmins admins;
    private final ConsoleSettings console;
    private final Clock clock;

    TenantProvisioning(Tenants tenants, TenantAdmins admins, ConsoleSettings console, Clock clock) {
        this.tenants = tenants;
        this.admins = admins;
        this.console = console;
        this.clock = clock;
    }

    /**
     * What the operator hands to the tenant's first admin, shown once: where to log in, the login
     * id and the one-time initial password (which is stored only as a hash).
     */
    public record RegistrationNotice(String loginUrl, String loginId, String initialPassword) {
    }

    /** A new tenant and its registration notice. */
    public record Provisioned(Tenant tenant, RegistrationNotice notice) {
    }

    /**
     * Creates the tenant and its first admin account (R-OPS-1). Every check (name, pool, login
     * id) runs before the first write, so bad input writes nothing.
     *
     * @param adminLoginId the first admin's login id; null for {@code admin-<first 8 of the tenant id>}
     */
    public Provisioned provision(String name, int devicesPerUser, String vpnPool, String adminLoginId) {
        String tenantId = UUID.randomUUID().toString();
        while (admins.scopeInUse(tenantId)) {
            // the first 8 characters are the tenant's login scope: one tenant each
            tenantId = UUID.randomUUID().toString();
        }
        String loginId = adminLoginId == null || adminLoginId.isBlank()
                ? "admin-" + tenantId.substring(0, 8) : adminLoginId;
        admins.checkLoginIdAvailable(tenantId, loginId, "adminLoginId");
        VpnPool pool = parsePool(vpnPool);
        if (tenants.existsByNameAndDeletedFalse(name)) {
            throw DomainException.conflict("tenant-name-taken", name);
        }
        for (Tenant other : tenants.findByDeletedFalseOrderByCreatedAtAsc()) {
            if (other.vpnPool().overlaps(pool)) {
                throw new DomainException(DomainException.Kind.CONFLICT, "vpn-pool-overlaps",
                        Map.of("conflictingPool", other.vpnPool().cidr(), "conflictingTenant", other.name()),
                        pool.cidr(), other.vpnPool().cidr(), other.name());
            }
        }
        Tenant tenant = tenants.save(Tenant.provision(tenantId, name, devicesPerUser, pool, clock.instant()));
        TenantAdmins.Issued first = admins.create(tenant.id(), loginId, Role.ADMIN);
        log.info("Provisioned tenant {} ({}), pool {}, {} devices per user, first admin {}", tenant.id(), name,
                pool.cidr(), devicesPerUser, first.account().loginId());
        return new Provisioned(tenant, new RegistrationNotice(console.loginUrl(), first.account().loginId(),
                first.initialPassword()));
    }

    /**
     * Issues another admin account for the tenant with a new registration notice, e.g. when its
     * only admin has left or forgotten the password.
     *
     * @param adminLoginId null for {@code admin-<first 8 of the tenant id>-<4 random>}
     */
    public RegistrationNotice issueAdmin(String tenantId, String adminLoginId) {
        Tenant tenant = get(tenantId);
        String loginId = adminLoginId == null || adminLoginId.isBlank()
                ? "admin-" + tenant.id().substring(0, Math.min(8, tenant.id().length())) + "-"
                        + UUID.randomUUID().toString().substring(0, 4)
                : adminLoginId;
        admins.checkLoginIdAvailable(tenant.id(), loginId, "adminLoginId");
        TenantAdmins.Issued issued = admins.create(tenant.id(), loginId, Role.ADMIN);
        log.info("Issued admin {} for tenant {}", issued.account().loginId(), tenant.id());
        return new RegistrationNotice(console.loginUrl(), issued.account().loginId(), issued.initialPassword());
    }

    /** Where the tenant's admins log in, as the registration notice names it. */
    public String loginUrl() {
        return console.loginUrl();
    }

    public List<Tenant> all() {
        return tenants.findByDeletedFalseOrderByCreatedAtAsc();
    }

    /** A page of tenants, sorted by name, and how many match in all. */
    public record TenantPage(List<Tenant> items, int page, int size, long total) {
    }

    /**
     * The operator's tenant list: those whose name contains {@code name} (any case; blank: all)
     * and, when given, in that status, sorted by name, one page of them. A provider's tenants are
     * hundreds to a few thousand: read whole and paged here, as the embedded store would for a
     * pattern query anyway.
     */
    public TenantPage page(String name, Tenant.Status status, int page, int size) {
        String part = name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
        List<Tenant> matching = all().stream()
                .filter(tenant -> tenant.name().toLowerCase(Locale.ROOT).contains(part))
                .filter(tenant -> status == null || tenant.status() == status)
                .sorted(Comparator.comparing(tenant -> tenant.name().toLowerCase(Locale.ROOT)))
                .toList();
        int from = (int) Math.min((long) page * size, matching.size());
        return new TenantPage(matching.subList(from, Math.min(from + size, matching.size())), page, size,
                matching.size());
    }

    public Tenant get(String id) {
        return tenants.findByIdAndDeletedFalse(id).orElseThrow(() -> DomainException.notFound("tenant-not-found", id));
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
        VpnPool pool;
        try {
            pool = VpnPool.parse(text);
        } catch (IllegalArgumentException e) {
            throw DomainException.invalid("vpn-pool-invalid", text);
        }
        if (!pool.isPrivate()) {
            throw DomainException.invalid("vpn-pool-not-private", pool.cidr());
        }
        return pool;
    }
}
