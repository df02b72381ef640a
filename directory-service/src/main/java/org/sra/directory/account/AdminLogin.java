package org.sra.directory.account;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.stereotype.Service;
import org.sra.directory.account.LoginAttemptStore.Admission;
import org.sra.directory.account.SessionTokens.IssuedToken;
import org.sra.kit.error.DomainException;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * Login, refresh, logout and password change of operator and admin accounts (R-ACC-1 …
 * R-ACC-3). A refused login always answers the same {@code login-failed} problem, whether the
 * login id is unknown or the password wrong, and spends the same bcrypt time. After
 * {@code account-threshold} failures of a login id (or {@code source-threshold} from one
 * address) every attempt must wait a delay that doubles with every further failure: within it
 * the answer is 429 {@code login-delayed} with {@code Retry-After}, the same for a right or a
 * wrong password and for a known or an unknown login id; after it, the right password logs in.
 */
@Service
public class AdminLogin {

    private static final Logger log = LoggerFactory.getLogger(AdminLogin.class);

    /** A session and its current bearer token. */
    public record SignedIn(IssuedToken token, Account account, AdminSession session, Instant sessionEnd) {
    }

    private final Accounts accounts;
    private final Passwords passwords;
    private final LoginAttemptStore attempts;
    private final AdminSessions sessions;
    private final SessionTokens tokens;
    private final LoginThrottle accountThrottle;
    private final Duration tokenTtl;
    private final LoginThrottle sourceThrottle;
    private final MeterRegistry meters;
    private final Clock clock;
    private final AdminLastLogins lastLogins;

    AdminLogin(Accounts accounts, Passwords passwords, LoginAttemptStore attempts, AdminSessions sessions,
               SessionTokens tokens, AccountSettings settings, MeterRegistry meters, Clock clock,
               AdminLastLogins lastLogins) {
        this.lastLogins = lastLogins;
        this.accounts = accounts;
        this.passwords = passwords;
        this.attempts = attempts;
        this.sessions = sessions;
        this.tokens = tokens;
        this.accountThrottle = settings.accountThrottle();
        this.tokenTtl = settings.tokenTtl();
        this.sourceThrottle = settings.sourceThrottle();
        this.meters = meters;
        this.clock = clock;
    }

    public SignedIn login(String loginId, String password, String source) {
        Instant now = clock.instant();
        String id = LoginIds.normalize(loginId);
        String accountKey = accountKey(id);
        String sourceKey = "source:" + source;
        // the source first: an address that must wait never adds to an account's count
        Admission fromSource = attempts.admit(sourceKey, sourceThrottle, now);
        if (!fromSource.admitted()) {
            throw refused(id, source, "source-delayed", fromSource.waitUntil().get(), now);
        }
        Admission onAccount = attempts.admit(accountKey, accountThrottle, now);
        if (!onAccount.admitted()) {
            attempts.takeBack(sourceKey);
            throw refused(id, source, "account-delayed", onAccount.waitUntil().get(), now);
        }
        // both attempts are counted already; unknown login ids spend the same bcrypt work
        Optional<Account> account = accounts.findByLoginIdAndDeletedFalse(id);
        boolean passwordMatches = account.isPresent()
                ? passwords.matches(password, account.get().passwordHash())
                : burn(password);
        if (!passwordMatches) {
            meters.counter("sra.admin.logins", "outcome", "bad-credentials").increment();
            log.info("Admin login refused for {} from {}: bad-credentials ({} failures)", id, source,
                    onAccount.attempts().failures());
            throw new DomainException(DomainException.Kind.UNAUTHENTICATED, "login-failed");
        }
        attempts.clear(accountKey);
        attempts.takeBack(sourceKey);
        meters.counter("sra.admin.logins", "outcome", "success").increment();
        log.info("Admin {} logged in from {}", id, source);
        lastLogins.record(account.get().id(), now);
        return startSession(account.get());
    }

    /** The back-off record of a login id (kept in lower case). */
    static String accountKey(String normalizedLoginId) {
        return "account:" + normalizedLoginId;
    }

    /**
     * 429 with {@code Retry-After}: the same answer whatever the password and whether the login id
     * exists, without a bcrypt check (nothing is checked, so there is nothing to time).
     */
    private DomainException refused(String id, String source, String outcome, Instant until, Instant now) {
        long millis = Duration.between(now, until).toMillis();
        long seconds = Math.max(1, (millis + 999) / 1000);
        meters.counter("sra.admin.logins", "outcome", outcome).increment();
        log.info("Admin login for {} from {} must wait {} s: {}", id, source, seconds, outcome);
        String slug = outcome.equals("password-change-delayed") ? outcome : "login-delayed";
        return new DomainException(DomainException.Kind.TOO_MANY_REQUESTS, slug, Map.of("retryAfter", seconds),
                String.valueOf(seconds));
    }

    /** A fresh token for a live session; its roles follow the account as it is now. */
    public SignedIn refresh(Jwt token) {
        AdminSession session = liveSession(token);
        Account account = accountOf(token);
        return new SignedIn(tokens.issue(account, session, sessions.absoluteEnd(session)), account, session,
                sessions.absoluteEnd(session));
    }

    public void logout(Jwt token) {
        AdminSession session = liveSession(token);
        sessions.logout(session.id());
        log.info("Admin {} logged out", token.getClaimAsString("name"));
    }

    /**
     * Changes the caller's password (R-ACC-2): the current one must match, the new one pass the
     * rule. Every session of the account ends, and a new one starts with a full token.
     */
    public SignedIn changePassword(Jwt token, String currentPassword, String newPassword) {
        liveSession(token);
        Account account = accountOf(token);
        Instant now = clock.instant();
        String accountKey = accountKey(account.loginId());
        Admission admission = attempts.admit(accountKey, accountThrottle, now);
        if (!admission.admitted()) {
            throw refused(account.loginId(), "a session", "password-change-delayed", admission.waitUntil().get(),
                    now);
        }
        if (!passwords.matches(currentPassword, account.passwordHash())) {
            throw new DomainException(DomainException.Kind.INVALID, "current-password-wrong",
                    Map.of("field", "currentPassword"));
        }
        attempts.clear(accountKey);
        var violations = PasswordRule.check(account.loginId(), newPassword);
        if (!violations.isEmpty()) {
            throw new DomainException(DomainException.Kind.INVALID, "password-too-weak",
                    Map.of("field", "newPassword", "violations", violations.stream().map(Enum::name).toList()),
                    PasswordRule.MIN_LENGTH);
        }
        if (currentPassword.equals(newPassword)) {
            throw new DomainException(DomainException.Kind.INVALID, "password-unchanged", Map.of("field", "newPassword"));
        }
        account.changePassword(passwords.hash(newPassword), now, tokenTtl);
        Account saved = accounts.save(account);
        sessions.endAll(saved.id(), "password-changed");
        log.info("Admin {} changed their password; their other sessions ended", saved.loginId());
        return startSession(saved);
    }

    public Account me(Jwt token) {
        liveSession(token);
        return accountOf(token);
    }

    private SignedIn startSession(Account account) {
        AdminSession session = sessions.start(account);
        Instant end = sessions.absoluteEnd(session);
        return new SignedIn(tokens.issue(account, session, end), account, session, end);
    }

    private AdminSession liveSession(Jwt token) {
        if (token == null) {
            throw DomainException.unauthenticated("unauthenticated");
        }
        String sessionId = token.getClaimAsString(SessionTokens.SESSION_CLAIM);
        if (sessionId == null) {
            throw new DomainException(DomainException.Kind.UNAUTHENTICATED, "session-required");
        }
        return sessions.touchIfAlive(sessionId)
                .orElseThrow(() -> new DomainException(DomainException.Kind.UNAUTHENTICATED, "session-ended"));
    }

    private Account accountOf(Jwt token) {
        return accounts.findByIdAndDeletedFalse(token.getSubject())
                .orElseThrow(() -> new DomainException(DomainException.Kind.UNAUTHENTICATED, "session-ended"));
    }

    private boolean burn(String password) {
        passwords.burn(password);
        return false;
    }
}
