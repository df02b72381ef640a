package org.sra.directory.overview.web;

import java.time.LocalDate;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.sra.directory.settings.EntraIdConfig;
import org.sra.directory.settings.GlobalSettings;
import org.sra.directory.settings.TenantSettings;
import org.sra.directory.tenant.Tenant;
import org.sra.directory.tenant.TenantProvisioning;
import org.sra.directory.user.VpnUserList;

/**
 * The operator's view of one tenant's 概要 (operator console, テナント → 概要): this service's part of
 * the figures the tenant's admins see on their overview — VPN users (all, disabled, gone from the
 * directory), the Entra ID client secret's expiry and the tenant's time zone. Operator only (the
 * kit's rules: {@code /api/operator/**}); the tenant is the path's, an unknown one is 404. The other
 * services answer their part under the same path ({@code …/overview/devices}, {@code /profiles},
 * {@code /sessions}, {@code /mails}).
 */
@RestController
class TenantOverviewController {

    private final TenantProvisioning provisioning;
    private final GlobalSettings settings;
    private final VpnUserList users;

    TenantOverviewController(TenantProvisioning provisioning, GlobalSettings settings, VpnUserList users) {
        this.provisioning = provisioning;
        this.settings = settings;
        this.users = users;
    }

    /**
     * @param usersGone            users the directory no longer has; null when the directory cannot be read now
     * @param entraSecretExpiresOn null unless the tenant signs in with Entra ID
     */
    record DirectoryOverview(String tenantId, String name, String status, String timeZone, long users,
                             long usersDisabled, Long usersGone, LocalDate entraSecretExpiresOn) {
    }

    @GetMapping("/api/operator/tenants/{tenantId}/overview")
    DirectoryOverview overview(@PathVariable String tenantId) {
        Tenant tenant = provisioning.get(tenantId);
        TenantSettings current = settings.get(tenantId);
        long all = users.list(tenantId, query(null, null), 0, 1).total();
        long disabled = users.list(tenantId, query(false, null), 0, 1).total();
        Long gone;
        try {
            gone = users.list(tenantId, query(null, false), 0, 1).total();
        } catch (RuntimeException directoryNotReadable) {
            gone = null; // the console says the figure is unavailable; the others still show
        }
        EntraIdConfig entra = current.entraId();
        return new DirectoryOverview(tenantId, tenant.name(), tenant.status().name(), current.timeZone(), all,
                disabled, gone, entra == null ? null : entra.expiresOn());
    }

    private static VpnUserList.ListQuery query(Boolean enabled, Boolean inDirectory) {
        return new VpnUserList.ListQuery(null, null, enabled, inDirectory, null, false);
    }
}
