package org.sra.directory.account.web;

import java.util.List;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.sra.directory.account.AccountView;
import org.sra.directory.account.AdminView;
import org.sra.directory.account.TenantAdmins;
import org.sra.directory.account.TenantAdmins.Issued;
import org.sra.kit.security.Role;
import org.sra.kit.security.TenantId;
import org.sra.kit.error.DomainException;

/**
 * A tenant's admins and auditors, for its admins (R-ACC-4). Reads are open to auditors, writes
 * only to admins (the kit's rules answer 403). The tenant is the caller's; another tenant's
 * account id answers 404.
 */
@RestController
@RequestMapping("/api/admins")
class AdminController {

    private final TenantAdmins admins;

    AdminController(TenantAdmins admins) {
        this.admins = admins;
    }

    record NewAccount(@NotBlank @Size(max = 64) String loginId, @NotBlank String role) {
    }

    record RoleChange(@NotNull String role) {
    }

    /** Returned once: the initial password is not stored in clear and never shown again. */
    record IssuedView(AccountView account, String initialPassword) {

        static IssuedView of(Issued issued) {
            return new IssuedView(issued.account().view(), issued.initialPassword());
        }
    }

    /** With each account's last login and login delay (管理者 screen). */
    @GetMapping
    List<AdminView> list(TenantId tenant) {
        return admins.overview(tenant.value());
    }

    @GetMapping("/{accountId}")
    AdminView one(TenantId tenant, @PathVariable String accountId) {
        return admins.overview(tenant.value(), accountId);
    }

    /** Lifts a login delay ("ロック解除"): the holder logs in at once with their password. */
    @PostMapping("/{accountId}/unlock")
    AdminView unlock(TenantId tenant, @PathVariable String accountId) {
        return admins.unlock(tenant.value(), accountId);
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    IssuedView create(TenantId tenant, @Valid @RequestBody NewAccount request) {
        return IssuedView.of(admins.add(tenant.value(), request.loginId(), tenantRole(request.role())));
    }

    @PutMapping("/{accountId}/role")
    AccountView changeRole(TenantId tenant, @PathVariable String accountId, @Valid @RequestBody RoleChange change) {
        return admins.changeRole(tenant.value(), accountId, tenantRole(change.role())).view();
    }

    @PostMapping("/{accountId}/password-reset")
    IssuedView resetPassword(TenantId tenant, @PathVariable String accountId) {
        return IssuedView.of(admins.resetPassword(tenant.value(), accountId));
    }

    @DeleteMapping("/{accountId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void remove(TenantId tenant, @PathVariable String accountId) {
        admins.remove(tenant.value(), accountId);
    }

    private static Role tenantRole(String name) {
        if ("ADMIN".equalsIgnoreCase(name)) {
            return Role.ADMIN;
        }
        if ("AUDITOR".equalsIgnoreCase(name)) {
            return Role.AUDITOR;
        }
        throw new DomainException(DomainException.Kind.INVALID, "role-invalid", Map.of("field", "role"), String.valueOf(name));
    }
}
