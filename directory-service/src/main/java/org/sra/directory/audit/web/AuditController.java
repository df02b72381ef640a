package org.sra.directory.audit.web;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.sra.directory.audit.AuditQuery;
import org.sra.directory.audit.AuditTrail;
import org.sra.kit.security.TenantId;

/** The caller's tenant's audit trail: list with filters and paging, CSV export. Read-only. */
@RestController
@RequestMapping("/api/audit")
class AuditController {

    private final AuditTrail trail;

    AuditController(AuditTrail trail) {
        this.trail = trail;
    }

    @GetMapping
    AuditTrail.Page list(TenantId tenant,
                         @RequestParam(required = false) String from, @RequestParam(required = false) String to,
                         @RequestParam(required = false) String actor, @RequestParam(required = false) String action,
                         @RequestParam(required = false) String page, @RequestParam(required = false) String size) {
        return trail.search(tenant.value(), AuditTrail.query(from, to, actor, action, page, size));
    }

    /** UTF-8 with a byte-order mark, so a spreadsheet opens Japanese text correctly. */
    @GetMapping("/export.csv")
    void export(TenantId tenant,
                @RequestParam(required = false) String from, @RequestParam(required = false) String to,
                @RequestParam(required = false) String actor, @RequestParam(required = false) String action,
                HttpServletResponse response) throws IOException {
        AuditQuery query = AuditTrail.query(from, to, actor, action, null, null);
        response.setContentType("text/csv;charset=UTF-8");
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"audit-trail.csv\"");
        Writer out = new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8);
        out.write('\uFEFF');
        trail.exportCsv(tenant.value(), query, out);
        out.flush();
    }
}
