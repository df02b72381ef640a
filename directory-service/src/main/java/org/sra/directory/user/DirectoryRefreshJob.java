package org.sra.directory.user;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.mapping.Document;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.sra.directory.settings.GlobalSettings;
import org.sra.directory.tenant.Tenant;
import org.sra.directory.tenant.TenantProvisioning;
import org.sra.kit.error.DomainException;

/**
 * The daily directory refresh of every tenant ({@link VpnUserList#refresh}). Each pass (every
 * {@code sra.directory.refresh.interval}, 1 h) takes the tenants not yet refreshed today (in
 * each tenant's own time zone, 全体設定's タイムゾーン): inserting the day's run document {@code <tenantId>:<date>}
 * claims the tenant, and a duplicate key means another pass or replica has it already, so each
 * tenant is refreshed once a day across replicas. A directory that does not answer gives the claim
 * back, so the next pass tries again.
 */
@Component
public class DirectoryRefreshJob {

    private static final Logger log = LoggerFactory.getLogger(DirectoryRefreshJob.class);

    /** One tenant's refresh of one day, claimed by whoever inserted it. */
    @Document("directory_refresh_runs")
    record RefreshRun(@Id String id, String tenantId, LocalDate day, Instant at) {
    }

    private final VpnUserList users;
    private final TenantProvisioning tenants;
    private final MongoTemplate mongo;
    private final Clock clock;
    private final GlobalSettings settings;
    private final boolean enabled;

    DirectoryRefreshJob(VpnUserList users, TenantProvisioning tenants, MongoTemplate mongo, Clock clock,
                        GlobalSettings settings,
                        @Value("${sra.directory.refresh.enabled:true}") boolean enabled) {
        this.enabled = enabled;
        this.users = users;
        this.tenants = tenants;
        this.mongo = mongo;
        this.clock = clock;
        this.settings = settings;
    }

    /** One pass over the tenants; how many tenants this pass refreshed. */
    @Scheduled(initialDelayString = "${sra.directory.refresh.initial-delay:PT10M}",
            fixedDelayString = "${sra.directory.refresh.interval:PT1H}")
    public int run() {
        if (!enabled) {
            return 0; // scheduling may be on for the reminders
        }
        return run(tenantId -> LocalDate.now(clock.withZone(settings.zoneOf(tenantId))));
    }

    /** The pass of {@code day}, for each tenant at most once a day. */
    int run(LocalDate day) {
        return run(tenantId -> day);
    }

    /** One pass; each tenant's "today" as {@code today} says (its own time zone). */
    private int run(Function<String, LocalDate> today) {
        int refreshed = 0;
        for (Tenant tenant : tenants.all()) {
            if (tenant.status() == Tenant.Status.ACTIVE && refresh(tenant.id(), today.apply(tenant.id()))) {
                refreshed++;
            }
        }
        return refreshed;
    }

    private boolean refresh(String tenantId, LocalDate day) {
        RefreshRun run = new RefreshRun(tenantId + ":" + day, tenantId, day, clock.instant());
        try {
            mongo.insert(run);
        } catch (DuplicateKeyException alreadyClaimed) {
            return false;
        }
        try {
            users.refresh(tenantId);
            return true;
        } catch (DomainException e) {
            // directory not selected, not reachable, throttled: nothing changed; the next pass tries again
            log.warn("Directory refresh of tenant {} skipped: {}", tenantId, e.slug());
            mongo.remove(run);
            return false;
        } catch (RuntimeException e) {
            log.warn("Directory refresh of tenant {} failed", tenantId, e);
            mongo.remove(run);
            return false;
        }
    }
}
