package org.sra.directory.account;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.sra.kit.security.Role;
import org.sra.kit.web.ProblemException;

/**
 * A tenant's admins and auditors (R-ACC-4), managed by the tenant's admins; the first admin is
 * issued by the operator with the tenant (R-OPS-1). Every lookup is by tenant and id, so
 * another tenant's account is simply not found. A tenant always keeps at least one admin.
 */
@Service
public class TenantAdmins {

    private static final Logger log = LoggerFactory.getLogger(TenantAdmins.class);

    /** A new or reset account with its one-time initial password, shown once and never stored. */
    public record Issued(Account account, String initialPassword) {
    }

    private final Accounts accounts;
    private final Passwords passwords;
    private final AdminSessions sessions;
    private final InitialPasswords initialPasswords = new InitialPasswords();
    private final Clock clock;

    TenantAdmins(Accounts accounts, Passwords passwords, AdminSessions sessions, Clock clock) {
        this.accounts = accounts;
        this.passwords = passwords;
        this.sessions = sessions;
        this.clock = clock;
    }

    /** Refuses a malformed or taken login id before anything is written. */
    public String checkLoginIdAvailable(String loginId) {
        return checkLoginIdAvailable(loginId, "loginId");
    }

    /** The same, naming {@code field} (the request's name for the login id) in the problem. */
    public String checkLoginIdAvailable(String loginId, String field) {
        if (!LoginIds.isValid(loginId == null ? null : loginId.strip())) {
            throw new ProblemException(HttpStatus.BAD_REQUEST, "login-id-invalid", Map.of("field", field),
                    String.valueOf(loginId));
        }
        String normalized = LoginIds.normalize(loginId);
        if (accounts.existsByLoginId(normalized)) {
            throw new ProblemException(HttpStatus.CONFLICT, "login-id-taken", Map.of("field", field), normalized);
        }
        return normalized;
    }

    public Issued create(String tenantId, String loginId, Role role) {
        String normalized = checkLoginIdAvailable(loginId);
        String initialPassword = initialPasswords.next();
        Account account = accounts.save(Account.tenantAccount(UUID.randomUUID().toString(), tenantId, normalized,
                role, passwords.hash(initialPassword), clock.instant()));
        log.info("Created {} account {} of tenant {}", role, normalized, tenantId);
        return new Issued(account, initialPassword);
    }

    public List<Account> list(String tenantId) {
        return accounts.findByTenantIdAndDeletedFalseOrderByCreatedAtAsc(tenantId);
    }

    public Account get(String tenantId, String accountId) {
        return accounts.findByIdAndTenantIdAndDeletedFalse(accountId, tenantId)
                .orElseThrow(() -> ProblemException.notFound("admin-not-found", accountId));
    }

    public Account changeRole(String tenantId, String accountId, Role role) {
        Account account = get(tenantId, accountId);
        if (account.role() == Role.ADMIN && role != Role.ADMIN) {
            requireAnotherAdmin(tenantId);
        }
        account.changeRole(role);
        Account saved = accounts.save(account);
        sessions.endAll(saved.id(), "role-changed");
        return saved;
    }

    public void remove(String tenantId, String accountId) {
        Account account = get(tenantId, accountId);
        if (account.role() == Role.ADMIN) {
            requireAnotherAdmin(tenantId);
        }
        account.remove();
        accounts.save(account);
        sessions.endAll(accountId, "removed");
        log.info("Removed account {} of tenant {}", account.loginId(), tenantId);
    }

    /** A new one-time password; the account must change it at its next login; its sessions end. */
    public Issued resetPassword(String tenantId, String accountId) {
        Account account = get(tenantId, accountId);
        String initialPassword = initialPasswords.next();
        account.resetPassword(passwords.hash(initialPassword), clock.instant());
        Account saved = accounts.save(account);
        sessions.endAll(saved.id(), "password-reset");
        return new Issued(saved, initialPassword);
    }

    private void requireAnotherAdmin(String tenantId) {
        if (accounts.countByTenantIdAndRoleAndDeletedFalse(tenantId, Role.ADMIN) <= 1) {
            throw ProblemException.conflict("last-admin");
        }
    }
}
