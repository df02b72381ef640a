package org.sra.directory.account;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.stereotype.Service;
import org.sra.directory.account.LoginThrottle.Attempts;
import org.sra.directory.account.SessionTokens.IssuedToken;
import org.sra.kit.web.ProblemException;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * Login, refresh, logout and password change of operator and admin accounts (R-ACC-1 …
 * R-ACC-3). A refused login always answers the same {@code login-failed} problem, whether the
 * login id is unknown, the password wrong, or the account or the source locked, and spends the
 * same bcrypt time.
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
    private final LoginThrottle sourceThrottle;
    private final MeterRegistry meters;
    private final Clock clock;

    AdminLogin(Accounts accounts, Passwords passwords, LoginAttemptStore attempts, AdminSessions sessions,
               SessionTokens tokens, AccountSettings settings, MeterRegistry meters, Clock clock) {
        this.accounts = accounts;
        this.passwords = passwords;
        this.attempts = attempts;
        this.sessions = sessions;
        this.tokens = tokens;
        this.accountThrottle = settings.accountThrottle();
        this.sourceThrottle = settings.sourceThrottle();
        this.meters = meters;
        this.clock = clock;
    }

    public SignedIn login(String loginId, String password, String source) {
        Instant now = clock.instant();
        String id = LoginIds.normalize(loginId);
        String accountKey = "account:" + id;
        String sourceKey = "source:" + source;
        Attempts accountAttempts = attempts.get(accountKey);
        Attempts sourceAttempts = attempts.get(sourceKey);
        boolean accountLocked = accountThrottle.isLocked(accountAttempts, now);
        boolean sourceLocked = sourceThrottle.isLocked(sourceAttempts, now);
        Optional<Account> account = accounts.findByLoginIdAndDeletedFalse(id);
        boolean passwordMatches = account.isPresent()
                ? passwords.matches(password, account.get().passwordHash())
                : burn(password);
        if (accountLocked || sourceLocked || !passwordMatches) {
            if (!accountLocked) {
                attempts.failed(accountKey, now, accountThrottle.forgetAfter());
            }
            if (!sourceLocked) {
                attempts.failed(sourceKey, now, sourceThrottle.forgetAfter());
            }
            String outcome = accountLocked ? "account-locked" : sourceLocked ? "source-locked" : "bad-credentials";
            meters.counter("sra.admin.logins", "outcome", outcome).increment();
            log.info("Admin login refused for {} from {}: {}", id, source, outcome);
            throw new ProblemException(HttpStatus.UNAUTHORIZED, "login-failed");
        }
        attempts.clear(accountKey);
        meters.counter("sra.admin.logins", "outcome", "success").increment();
        log.info("Admin {} logged in from {}", id, source);
        return startSession(account.get());
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
        sessions.end(session.id(), "logout");
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
        String accountKey = "account:" + account.loginId();
        Attempts accountAttempts = attempts.get(accountKey);
        boolean locked = accountThrottle.isLocked(accountAttempts, now);
        boolean matches = passwords.matches(currentPassword, account.passwordHash());
        if (locked || !matches) {
            if (!locked) {
                attempts.failed(accountKey, now, accountThrottle.forgetAfter());
            }
            throw new ProblemException(HttpStatus.BAD_REQUEST, "current-password-wrong",
                    Map.of("field", "currentPassword"));
        }
        var violations = PasswordRule.check(account.loginId(), newPassword);
        if (!violations.isEmpty()) {
            throw new ProblemException(HttpStatus.BAD_REQUEST, "password-too-weak",
                    Map.of("field", "newPassword", "violations", violations.stream().map(Enum::name).toList()),
                    PasswordRule.MIN_LENGTH);
        }
        if (currentPassword.equals(newPassword)) {
            throw new ProblemException(HttpStatus.BAD_REQUEST, "password-unchanged", Map.of("field", "newPassword"));
        }
        account.changePassword(passwords.hash(newPassword), now);
        Account saved = accounts.save(account);
        sessions.endAll(saved.id(), "password-changed");
        attempts.clear(accountKey);
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
            throw ProblemException.unauthorized();
        }
        String sessionId = token.getClaimAsString(SessionTokens.SESSION_CLAIM);
        if (sessionId == null) {
            throw new ProblemException(HttpStatus.UNAUTHORIZED, "session-required");
        }
        return sessions.touchIfAlive(sessionId)
                .orElseThrow(() -> new ProblemException(HttpStatus.UNAUTHORIZED, "session-ended"));
    }

    private Account accountOf(Jwt token) {
        return accounts.findByIdAndDeletedFalse(token.getSubject())
                .orElseThrow(() -> new ProblemException(HttpStatus.UNAUTHORIZED, "session-ended"));
    }

    private boolean burn(String password) {
        passwords.burn(password);
        return false;
    }
}
