package org.sra.profile.profile.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.sra.profile.profile.ProfileCatalog;

/**
 * The operator's view of one tenant's 概要, this service's part: the tenant's profiles by status —
 * the figures of the admins' own overview. Operator only (the kit's rules: {@code /api/operator/**});
 * the tenant is the path's.
 */
@RestController
class TenantProfileOverviewController {

    /** The statuses the overview shows, in the console's order. */
    static final List<String> STATUSES = List.of("MAIL_NOT_SENT", "WAITING_DOWNLOAD", "WAITING_DOWNLOAD_RESENT",
            "LINK_EXPIRED", "WAITING_DEVICE_REGISTRATION", "READY");

    private final ProfileCatalog catalog;

    TenantProfileOverviewController(ProfileCatalog catalog) {
        this.catalog = catalog;
    }

    record ProfileOverview(String tenantId, long profiles, Map<String, Long> byStatus) {
    }

    @GetMapping("/api/operator/tenants/{tenantId}/overview/profiles")
    ProfileOverview overview(@PathVariable String tenantId) {
        Map<String, Long> byStatus = new LinkedHashMap<>();
        for (String status : STATUSES) {
            byStatus.put(status, catalog.page(tenantId, ProfileCatalog.Filter.of(null, status, null, null, null), 0, 1)
                    .total());
        }
        return new ProfileOverview(tenantId,
                catalog.page(tenantId, ProfileCatalog.Filter.of(null, null, null, null, null), 0, 1).overall(), byStatus);
    }
}
