package org.sra.directory.account;

import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;

import org.springframework.stereotype.Component;
import org.sra.kit.security.JwtSettings;
import org.sra.kit.security.PemKeys;
import org.sra.kit.security.SraClaims;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/**
 * Bearer tokens of an admin session: the kit's claims ({@code sub}, {@code name},
 * {@code roles}, {@code tenant}) plus {@code sid}, the session they belong to. A token issued
 * while the initial password is still to be changed carries {@code pwd_change_required: true}
 * and <em>no roles</em>: every service (all check roles with the kit's rules) answers 403, and
 * directory-service accepts it only on {@code /api/account/**} (R-ACC-1).
 */
@Component
public class SessionTokens {

    public static final String SESSION_CLAIM = "sid";
    public static final String PASSWORD_CHANGE_CLAIM = "pwd_change_required";

    /** A signed token and when it stops being accepted. */
    public record IssuedToken(String value, Instant expiresAt) {
    }

    private final RSASSASigner signer;
    private final String issuer;
    private final AccountSettings settings;
    private final Clock clock;

    SessionTokens(JwtSettings jwt, AccountSettings settings, Clock clock) {
        if (jwt.privateKeyLocation() == null) {
            throw new IllegalStateException("sra.security.jwt.private-key-location is not set: directory-service "
                    + "signs the admins' tokens (SRA_SECURITY_JWT_PRIVATE_KEY_LOCATION)");
        }
        this.signer = new RSASSASigner(PemKeys.privateKey(jwt.privateKeyLocation()));
        this.issuer = jwt.issuer();
        this.settings = settings;
        this.clock = clock;
    }

    IssuedToken issue(Account account, AdminSession session, Instant sessionEnd) {
        Instant now = clock.instant();
        Instant expiry = now.plus(settings.tokenTtl());
        if (expiry.isAfter(sessionEnd)) {
            expiry = sessionEnd;
        }
        List<String> roles = account.passwordChangeRequired() ? List.of() : List.of(account.role().name());
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(issuer)
                .jwtID(UUID.randomUUID().toString())
                .subject(account.id())
                .claim(SraClaims.NAME, account.loginId())
                .claim(SraClaims.ROLES, roles)
                .claim(SESSION_CLAIM, session.id())
                .issueTime(Date.from(now))
                .expirationTime(Date.from(expiry));
        if (account.tenantId() != null) {
            claims.claim(SraClaims.TENANT, account.tenantId());
        }
        if (account.passwordChangeRequired()) {
            claims.claim(PASSWORD_CHANGE_CLAIM, true);
        }
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), claims.build());
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("Cannot sign token", e);
        }
        return new IssuedToken(jwt.serialize(), expiry);
    }
}
