package org.sra.directory.audit.web;

import java.io.IOException;
import java.io.Writer;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.sra.directory.audit.AuditQuery;
import org.sra.directory.audit.AuditTrail;
import org.sra.directory.csv.CsvDownload;
import org.sra.directory.csv.TenantZones;
import org.sra.kit.security.TenantId;

/** The caller's tenant's audit trail: list with filters and paging, CSV export. Read-only. */
@RestController
@RequestMapping("/api/audit")
class AuditController {

    private final AuditTrail trail;
    private final TenantZones zones;

    AuditController(AuditTrail trail, TenantZones zones) {
        this.trail = trail;
        this.zones = zones;
    }

    @GetMapping
    AuditTrail.Page list(TenantId tenant,
                         @RequestParam(required = false) String from, @RequestParam(required = false) String to,
                         @RequestParam(required = false) String actor, @RequestParam(required = false) String action,
                         @RequestParam(required = false) String targetType, @RequestParam(required = false) String target,
                         @RequestParam(required = false) String page, @RequestParam(required = false) String size) {
        return trail.search(tenant.value(), AuditTrail.query(from, to, actor, action, targetType, target, page, size));
    }

    /**
     * UTF-8 with a byte-order mark, so a spreadsheet opens Japanese text correctly; times in the
     * tenant's time zone with their offset ({@code 2026-12-07T16:05:00+09:00}).
     */
    @GetMapping("/export.csv")
    void export(TenantId tenant,
                @RequestParam(required = false) String from, @RequestParam(required = false) String to,
                @RequestParam(required = false) String actor, @RequestParam(required = false) String action,
                @RequestParam(required = false) String targetType, @RequestParam(required = false) String target,
                HttpServletResponse response) throws IOException {
        AuditQuery query = AuditTrail.query(from, to, actor, action, targetType, target, null, null);
        Writer out = CsvDownload.open(response, "audit-trail.csv");
        trail.exportCsv(tenant.value(), query, zones.of(tenant.value()), out);
        out.flush();
    }
}
