package org.sra.auth.session;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import org.bson.Document;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.sra.auth.lease.AddressPool;
import org.sra.auth.lease.Lease;
import org.sra.auth.readmodel.ReadModel;
import org.sra.auth.readmodel.TenantView;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;

/**
 * How full each tenant's address pool is, for the dashboard and the "pool use above 90 %" alert:
 * {@code sra.auth.pool.used.ratio{tenant}} (live leases ÷ the pool's client addresses) and
 * {@code sra.auth.pool.used{tenant}} (live leases). The {@code tenant} label is bounded: only the
 * {@code sra.auth.pool-use.tenants} (20) tenants whose pools are fullest get their own series; the
 * other tenants with leases are summed into {@code tenant="other"} (their live leases over their
 * pools' addresses together), so a platform of thousands of tenants still exports at most N + 1
 * series. A tenant at 90 % is among the fullest unless N others are fuller — and then the alert
 * fires for those.
 *
 * <p>Measured every {@code sra.auth.pool-use.interval} (1 min) from the store, so every replica
 * reports the same values (the dashboard takes the maximum per tenant): one read of the live
 * leases' tenant ids, never on the decision path.
 */
@Component
public class PoolUse {

    static final String RATIO = "sra.auth.pool.used.ratio";
    static final String USED = "sra.auth.pool.used";
    static final String OTHER = "other";

    private final MongoTemplate mongo;
    private final Clock clock;
    private final Function<String, Optional<AddressPool>> poolOf;
    private final int limit;
    private final MultiGauge ratios;
    private final MultiGauge used;

    @Autowired
    PoolUse(MongoTemplate mongo, Clock clock, ReadModel model, MeterRegistry meters,
            @Value("${sra.auth.pool-use.tenants:20}") int limit) {
        this(mongo, clock, tenant -> model.tenant(tenant).map(TenantView::vpnPool).flatMap(PoolUse::parse),
                meters, limit);
    }

    /**
     * @param poolOf a tenant's pool, empty when it has none (yet)
     * @param limit  how many tenants get a series of their own
     */
    public PoolUse(MongoTemplate mongo, Clock clock, Function<String, Optional<AddressPool>> poolOf,
                   MeterRegistry meters, int limit) {
        this.mongo = mongo;
        this.clock = clock;
        this.poolOf = poolOf;
        this.limit = Math.max(0, limit);
        this.ratios = MultiGauge.builder("sra.auth.pool.used.ratio")
                .description("live leases over the pool's client addresses, for the fullest tenants (the rest as other)")
                .register(meters);
        this.used = MultiGauge.builder("sra.auth.pool.used")
                .description("live leases, for the tenants with the fullest pools (the rest as other)")
                .register(meters);
    }

    /** One tenant's (or the others') use of its pool. */
    record Use(String tenant, long leases, long addresses) {
        double ratio() {
            return addresses == 0 ? 0 : (double) leases / addresses;
        }
    }

    /** Reads the live leases and sets the gauges; returns what it set, fullest first, {@code other} last. */
    @Scheduled(initialDelayString = "${sra.auth.pool-use.initial-delay:10s}",
            fixedDelayString = "${sra.auth.pool-use.interval:1m}")
    public List<Use> measure() {
        Instant now = clock.instant();
        Map<String, Long> leases = new HashMap<>();
        for (Document lease : mongo.getCollection(mongo.getCollectionName(Lease.class))
                .find(Filters.gt("expiresAt", Date.from(now))).projection(Projections.include("tenantId"))) {
            String tenant = lease.getString("tenantId");
            if (tenant != null) {
                leases.merge(tenant, 1L, Long::sum);
            }
        }
        List<Use> uses = new ArrayList<>();
        leases.forEach((tenant, count) -> poolOf.apply(tenant)
                .filter(pool -> pool.size() > 0)
                .ifPresent(pool -> uses.add(new Use(tenant, count, pool.size()))));
        uses.sort(Comparator.comparingDouble(Use::ratio).reversed().thenComparing(Use::tenant));
        List<Use> shown = new ArrayList<>(uses.subList(0, Math.min(limit, uses.size())));
        List<Use> rest = uses.subList(shown.size(), uses.size());
        if (!rest.isEmpty()) {
            shown.add(new Use(OTHER, rest.stream().mapToLong(Use::leases).sum(),
                    rest.stream().mapToLong(Use::addresses).sum()));
        }
        ratios.register(shown.stream().map(use -> MultiGauge.Row.of(Tags.of("tenant", use.tenant()), use.ratio()))
                .toList(), true);
        used.register(shown.stream().map(use -> MultiGauge.Row.of(Tags.of("tenant", use.tenant()), use.leases()))
                .toList(), true);
        return shown;
    }

    private static Optional<AddressPool> parse(String cidr) {
        if (cidr == null || cidr.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(AddressPool.parse(cidr));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
