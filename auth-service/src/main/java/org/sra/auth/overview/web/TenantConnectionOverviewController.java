package org.sra.auth.overview.web;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.sra.auth.decisionlog.DecisionLog;
import org.sra.auth.session.Sessions;

/**
 * The operator's view of one tenant's 概要, this service's part: live VPN sessions and the
 * rejections of the last 24 hours by reason — the figures of the admins' own overview. Operator
 * only (the kit's rules: {@code /api/operator/**}); the tenant is the path's.
 */
@RestController
class TenantConnectionOverviewController {

    private static final Duration REJECTS_WITHIN = Duration.ofHours(24);

    private final Sessions sessions;
    private final DecisionLog decisions;
    private final Clock clock;

    TenantConnectionOverviewController(Sessions sessions, DecisionLog decisions, Clock clock) {
        this.sessions = sessions;
        this.decisions = decisions;
        this.clock = clock;
    }

    /** Rejections since {@code from} by reason, as {@code GET /api/auth/decisions/rejects} answers them. */
    record Rejects(Instant from, long total, Map<String, Long> byReason) {
    }

    record ConnectionOverview(String tenantId, long sessionsLive, Rejects rejects) {
    }

    @GetMapping("/api/operator/tenants/{tenantId}/overview/sessions")
    ConnectionOverview overview(@PathVariable String tenantId) {
        Instant since = clock.instant().minus(REJECTS_WITHIN);
        Map<String, Long> byReason = decisions.rejectsByReason(tenantId, since);
        return new ConnectionOverview(tenantId, sessions.count(tenantId, true, null),
                new Rejects(since, byReason.values().stream().mapToLong(Long::longValue).sum(), byReason));
    }
}
