package org.sra.directory.account;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.sra.kit.error.DomainException;
import org.sra.kit.security.Role;

/**
 * A tenant's admins and auditors (R-ACC-4), managed by the tenant's admins; the first admin is
 * issued by the operator with the tenant (R-OPS-1). Every lookup is by tenant and id, so
 * another tenant's account is simply not found. A tenant always keeps at least one admin.
 */
@Service
public class TenantAdmins {

    private static final Logger log = LoggerFactory.getLogger(TenantAdmins.class);
    private static final int MAX_LENGTH = 64;

    /** A new or reset account with its one-time initial password, shown once and never stored. */
    public record Issued(Account account, String initialPassword) {
    }

    private final Accounts accounts;
    private final Passwords passwords;
    private final AdminSessions sessions;
    private final InitialPasswords initialPasswords = new InitialPasswords();
    private final LoginAttemptStore attempts;
    private final Clock clock;
    /** How long the tokens a revocation covers can still be valid. */
    private final Duration tokenTtl;
    private final LoginThrottle accountThrottle;
    private final AdminLastLogins lastLogins;
    private final TenantAdminGuard guard;

    TenantAdmins(Accounts accounts, Passwords passwords, AdminSessions sessions, LoginAttemptStore attempts,
                 AccountSettings settings, Clock clock, AdminLastLogins lastLogins, TenantAdminGuard guard) {
        this.tokenTtl = settings.tokenTtl();
        this.accountThrottle = settings.accountThrottle();
        this.lastLogins = lastLogins;
        this.guard = guard;
        this.accounts = accounts;
        this.passwords = passwords;
        this.sessions = sessions;
        this.attempts = attempts;
        this.clock = clock;
    }

    /**
     * The operator's check of a login id for an account of {@code tenantId} (the first admin of a
     * new tenant, or another admin issued by the operator), before anything is written: it must
     * be well formed and free, and an id of the scoped form ({@code …@} and 8 hexadecimal digits)
     * must be in that tenant's own scope, so that no operator-chosen id ever lands in another
     * tenant's scope. The operator sees every tenant, so "taken" tells them nothing new.
     *
     * @param field the request's name for the login id, named in the problem
     */
    public String checkLoginIdAvailable(String tenantId, String loginId, String field) {
        if (!LoginIds.isValid(loginId == null ? null : loginId.strip())) {
            throw new DomainException(DomainException.Kind.INVALID, "login-id-invalid", Map.of("field", field),
                    String.valueOf(loginId));
        }
        String normalized = LoginIds.normalize(loginId);
        if (LoginIds.looksScoped(normalized) && !LoginIds.inScopeOf(normalized, tenantId)) {
            throw new DomainException(DomainException.Kind.INVALID, "login-id-other-scope", Map.of("field", field),
                    normalized, LoginIds.scopeOf(tenantId));
        }
        if (accounts.existsByLoginId(normalized)) {
            throw new DomainException(DomainException.Kind.CONFLICT, "login-id-taken", Map.of("field", field), normalized);
        }
        return normalized;
    }

    /** Whether a new tenant with this id would share its login scope with an existing tenant. */
    public boolean scopeInUse(String tenantId) {
        return accounts.existsByTenantIdStartingWith(LoginIds.scopeOf(tenantId));
    }

    /** An account the operator issues (its login id checked by {@link #checkLoginIdAvailable}). */
    public Issued create(String tenantId, String loginId, Role role) {
        return save(tenantId, checkLoginIdAvailable(tenantId, loginId, "loginId"), role);
    }

    /**
     * An account a tenant's admin adds: {@code name} is placed in the tenant's login scope
     * ({@code suzuki} becomes {@code suzuki@<scope>}, see {@link LoginIds}), so the answer depends
     * only on the tenant's own accounts: "taken" (409) only when the tenant itself has that id.
     */
    public Issued add(String tenantId, String name, Role role) {
        if (!LoginIds.isValid(name == null ? null : name.strip())) {
            throw new DomainException(DomainException.Kind.INVALID, "login-id-invalid", Map.of("field", "loginId"),
                    String.valueOf(name));
        }
        String loginId = LoginIds.scoped(name, tenantId);
        if (!LoginIds.isValid(loginId)) {
            throw new DomainException(DomainException.Kind.INVALID, "login-id-too-long", Map.of("field", "loginId"),
                    name.strip(), String.valueOf(MAX_LENGTH - 1 - LoginIds.scopeOf(tenantId).length()),
                    LoginIds.scopeOf(tenantId));
        }
        if (accounts.existsByLoginId(loginId)) {
            throw new DomainException(DomainException.Kind.CONFLICT, "login-id-taken", Map.of("field", "loginId"), loginId);
        }
        try {
            return save(tenantId, loginId, role);
        } catch (DuplicateKeyException raced) {
            throw new DomainException(DomainException.Kind.CONFLICT, "login-id-taken", Map.of("field", "loginId"), loginId);
        }
    }

    private Issued save(String tenantId, String normalized, Role role) {
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
                .orElseThrow(() -> DomainException.notFound("admin-not-found", accountId));
    }

    /** The tenant's accounts with their last login and login delay, oldest first. */
    public List<AdminView> overview(String tenantId) {
        List<Account> all = list(tenantId);
        Map<String, Instant> last = lastLogins.of(all.stream().map(Account::id).toList());
        Instant now = clock.instant();
        return all.stream().map(a -> overview(a, last.get(a.id()), now)).toList();
    }

    public AdminView overview(String tenantId, String accountId) {
        Account account = get(tenantId, accountId);
        return overview(account, lastLogins.of(List.of(account.id())).get(account.id()), clock.instant());
    }

    private AdminView overview(Account account, Instant lastLoginAt, Instant now) {
        LoginThrottle.Attempts failed = attempts.get(AdminLogin.accountKey(account.loginId()));
        if (failed.lastFailure() != null && !now.isBefore(failed.lastFailure().plus(accountThrottle.forgetAfter()))) {
            failed = LoginThrottle.Attempts.NONE; // forgotten: the next failure counts from 1
        }
        return AdminView.of(account, lastLoginAt, failed, accountThrottle.waitUntil(failed, now).orElse(null));
    }

    /**
     * Lifts the account's login delay (R-ACC-3): its failed logins are forgotten, so its holder logs
     * in at once with the password they have. Nothing else of the account changes (no session ends;
     * the holder still knows the password: a reset is the way when they do not). Audited. Failures
     * counted per source address are not the account's and stay.
     */
    public AdminView unlock(String tenantId, String accountId) {
        Account account = get(tenantId, accountId);
        Instant now = clock.instant();
        AdminView before = overview(account, null, now);
        attempts.clear(AdminLogin.accountKey(account.loginId()));
        account.unlocked(before.failedLogins(), before.lockedUntil());
        accounts.save(account);
        log.info("Login delay of account {} of tenant {} lifted ({} failed logins)", account.loginId(), tenantId,
                before.failedLogins());
        return overview(tenantId, accountId);
    }

    /**
     * The last admin stays: a demotion of an admin runs under the tenant's guard, so two demotions
     * (or removals) at once cannot both pass the check.
     */
    public Account changeRole(String tenantId, String accountId, Role role) {
        return guard.exclusively(tenantId, () -> {
            Account account = get(tenantId, accountId);
            if (account.role() == Role.ADMIN && role != Role.ADMIN) {
                requireAnotherAdmin(tenantId);
            }
            account.changeRole(role, clock.instant(), tokenTtl);
            Account saved = accounts.save(account);
            sessions.endAll(saved.id(), "role-changed");
            return saved;
        });
    }

    public void remove(String tenantId, String accountId) {
        guard.exclusively(tenantId, () -> {
            Account account = get(tenantId, accountId);
            if (account.role() == Role.ADMIN) {
                requireAnotherAdmin(tenantId);
            }
            account.remove(clock.instant(), tokenTtl);
            accounts.save(account);
            sessions.endAll(accountId, "removed");
            log.info("Removed account {} of tenant {}", account.loginId(), tenantId);
            return account;
        });
    }

    /**
     * A new one-time password; the account must change it at its next login; its sessions end and
     * its failed logins are forgotten.
     */
    public Issued resetPassword(String tenantId, String accountId) {
        Account account = get(tenantId, accountId);
        String initialPassword = initialPasswords.next();
        account.resetPassword(passwords.hash(initialPassword), clock.instant(), tokenTtl);
        Account saved = accounts.save(account);
        sessions.endAll(saved.id(), "password-reset");
        // the reset also ends any login delay of the account ("unlock"): with a password nobody
        // but the new holder knows, it can log in at once
        attempts.clear(AdminLogin.accountKey(saved.loginId()));
        return new Issued(saved, initialPassword);
    }

    private void requireAnotherAdmin(String tenantId) {
        if (accounts.countByTenantIdAndRoleAndDeletedFalse(tenantId, Role.ADMIN) <= 1) {
            throw DomainException.conflict("last-admin");
        }
    }
}
