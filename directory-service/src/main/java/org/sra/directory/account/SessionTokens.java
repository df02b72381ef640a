package org.sra.directory.account;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import org.sra.kit.security.Caller;
import org.sra.kit.security.JwtIssuer;
import org.sra.kit.security.SraClaims;

/**
 * Bearer tokens of an admin session, signed by the kit's {@link JwtIssuer}: the kit's claims
 * ({@code sub}, {@code name}, {@code roles}, {@code tenant}) plus {@code sid}, the session they
 * belong to. A token issued while the initial password is still to be changed carries
 * {@code pwd_change_required: true} and <em>no roles</em>: every service (all check roles with the
 * kit's rules) answers 403, and directory-service accepts it only on {@code /api/account/**}
 * (R-ACC-1).
 */
@Component
public class SessionTokens {

    public static final String SESSION_CLAIM = SraClaims.SESSION;

    /** A signed token and when it stops being accepted. */
    public record IssuedToken(String value, Instant expiresAt) {
    }

    private final JwtIssuer issuer;
    private final AccountSettings settings;
    private final Clock clock;

    SessionTokens(ObjectProvider<JwtIssuer> issuer, AccountSettings settings, Clock clock) {
        this.issuer = issuer.getIfAvailable(() -> {
            // the kit creates the issuer only when the private key is configured
            throw new IllegalStateException("sra.security.jwt.private-key-location is not set: directory-service "
                    + "signs the admins' tokens (SRA_SECURITY_JWT_PRIVATE_KEY_LOCATION)");
        });
        this.settings = settings;
        this.clock = clock;
    }

    IssuedToken issue(Account account, AdminSession session, Instant sessionEnd) {
        Instant now = clock.instant();
        Instant expiry = now.plus(settings.tokenTtl());
        if (expiry.isAfter(sessionEnd)) {
            expiry = sessionEnd;
        }
        // exp is in whole seconds: rounding down here keeps it within the session even though
        // the issuer reads the clock a moment later, and expiresAt then equals the token's exp
        expiry = expiry.truncatedTo(ChronoUnit.SECONDS);
        boolean restricted = account.passwordChangeRequired();
        Caller caller = new Caller(account.id(), account.loginId(),
                restricted ? Set.of() : Set.of(account.role()), account.tenantId());
        Map<String, Object> extra = new HashMap<>();
        extra.put(SESSION_CLAIM, session.id());
        if (restricted) {
            extra.put(SraClaims.PASSWORD_CHANGE_REQUIRED, true);
        }
        // not issued before the account's latest revocation (by under a second at most): every
        // service refuses the account's tokens issued before it
        return new IssuedToken(issuer.issue(caller, account.tokensIssuedAt(now), expiry, extra), expiry);
    }
}
