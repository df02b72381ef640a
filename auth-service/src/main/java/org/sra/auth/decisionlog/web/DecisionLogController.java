package org.sra.auth.decisionlog.web;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.sra.auth.decisionlog.DecisionLog;
import org.sra.auth.decisionlog.DecisionRecord;
import org.sra.kit.security.TenantId;
import org.sra.kit.web.Paging;

/** The tenant's decision log, newest first (R-AUT-7). Admins and auditors. */
@RestController
@RequestMapping("/api/auth/decisions")
class DecisionLogController {

    private final DecisionLog log;

    DecisionLogController(DecisionLog log) {
        this.log = log;
    }

    @GetMapping
    List<DecisionRecord.DecisionView> list(TenantId tenant,
                                           @RequestParam(required = false) String user,
                                           @RequestParam(required = false) String device,
                                           @RequestParam(required = false) String nas,
                                           @RequestParam(required = false) String result,
                                           @RequestParam(required = false) String reason,
                                           @RequestParam(required = false) Instant from,
                                           @RequestParam(required = false) Instant to,
                                           @RequestParam(defaultValue = "0") int page,
                                           @RequestParam(defaultValue = "50") int size) {
        Paging.check(page, size, 500);
        return log.find(tenant.value(), new DecisionLog.DecisionFilter(user, device, nas, result, reason, from, to),
                page, size);
    }

    /** Rejections since {@code from} by reason (the overview; at most the last 31 days). */
    record RejectSummary(Instant from, long total, Map<String, Long> byReason) {
    }

    @GetMapping("/rejects")
    RejectSummary rejects(TenantId tenant, @RequestParam Instant from) {
        Instant earliest = Instant.now().minus(Duration.ofDays(31));
        Instant since = from.isBefore(earliest) ? earliest : from;
        Map<String, Long> byReason = log.rejectsByReason(tenant.value(), since);
        return new RejectSummary(since, byReason.values().stream().mapToLong(Long::longValue).sum(), byReason);
    }

    /** How many decisions the list's filter finds (the console's total and page count). */
    record Count(long total) {
    }

    @GetMapping("/count")
    Count count(TenantId tenant, @RequestParam(required = false) String user,
                @RequestParam(required = false) String device, @RequestParam(required = false) String nas,
                @RequestParam(required = false) String result, @RequestParam(required = false) String reason,
                @RequestParam(required = false) Instant from, @RequestParam(required = false) Instant to) {
        return new Count(log.count(tenant.value(),
                new DecisionLog.DecisionFilter(user, device, nas, result, reason, from, to)));
    }
}
