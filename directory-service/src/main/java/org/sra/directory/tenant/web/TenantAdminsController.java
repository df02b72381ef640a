package org.sra.directory.tenant.web;

import java.util.List;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.sra.directory.account.AdminView;
import org.sra.directory.account.TenantAdmins;
import org.sra.directory.tenant.TenantProvisioning;

/**
 * The operator's way back into a tenant (operator console, テナント screen): the tenant's admins
 * with their last login and login delay, a password reset with a new registration notice, and the
 * lifting of a login delay — so a tenant whose only admin is locked out or forgot the password is
 * helped without curl. Operator only (the kit's rules: {@code /api/operator/**}); the tenant is the
 * path's, an account of another tenant is not found. Issuing another admin is
 * {@code POST /api/operator/tenants/{id}/admins} ({@link TenantController}).
 */
@RestController
@RequestMapping("/api/operator/tenants/{tenantId}/admins")
class TenantAdminsController {

    private final TenantProvisioning provisioning;
    private final TenantAdmins admins;

    TenantAdminsController(TenantProvisioning provisioning, TenantAdmins admins) {
        this.provisioning = provisioning;
        this.admins = admins;
    }

    /** A reset account with its registration notice, shown this once. */
    record ResetNotice(AdminView account, String loginUrl, String loginId, String initialPassword) {
    }

    @GetMapping
    List<AdminView> list(@PathVariable String tenantId) {
        provisioning.get(tenantId);
        return admins.overview(tenantId);
    }

    @PostMapping("/{accountId}/password-reset")
    ResetNotice resetPassword(@PathVariable String tenantId, @PathVariable String accountId) {
        provisioning.get(tenantId);
        TenantAdmins.Issued issued = admins.resetPassword(tenantId, accountId);
        return new ResetNotice(admins.overview(tenantId, accountId), provisioning.loginUrl(),
                issued.account().loginId(), issued.initialPassword());
    }

    @PostMapping("/{accountId}/unlock")
    AdminView unlock(@PathVariable String tenantId, @PathVariable String accountId) {
        provisioning.get(tenantId);
        return admins.unlock(tenantId, accountId);
    }
}
