package org.sra.local;

import java.security.interfaces.RSAPrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/**
 * Mints bearer tokens in SRA's format for the local stack and its tests, signed with the
 * stack's own JWT key: RS256; {@code iss} "sra"; {@code sub} the account id; {@code name} the
 * login id; {@code roles} a JSON array of OPERATOR, ADMIN or AUDITOR; {@code tenant} the tenant
 * id (absent for operators); {@code iat}; {@code exp}.
 */
public final class DemoTokens {

    public static final String ISSUER = "sra";
    public static final Duration DEFAULT_VALIDITY = Duration.ofHours(12);

    private final RSAPrivateKey signingKey;
    private final Clock clock;

    public DemoTokens(RSAPrivateKey signingKey) {
        this(signingKey, Clock.systemUTC());
    }

    public DemoTokens(RSAPrivateKey signingKey, Clock clock) {
        this.signingKey = signingKey;
        this.clock = clock;
    }

    /** A provider operator's token, valid for 12 hours. */
    public String operator() {
        return mint("local-operator", "operator", List.of("OPERATOR"), null, DEFAULT_VALIDITY);
    }

    /** A tenant administrator's token for {@code tenantId}, valid for 12 hours. */
    public String admin(String tenantId) {
        return mint("local-admin", "admin", List.of("ADMIN"), tenantId, DEFAULT_VALIDITY);
    }

    /** A read-only tenant auditor's token for {@code tenantId}, valid for 12 hours. */
    public String auditor(String tenantId) {
        return mint("local-auditor", "auditor", List.of("AUDITOR"), tenantId, DEFAULT_VALIDITY);
    }

    /**
     * @param tenantId the tenant claim, or null for none (operators)
     */
    public String mint(String accountId, String loginId, List<String> roles, String tenantId, Duration validity) {
        Instant now = clock.instant();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .subject(accountId)
                .claim("name", loginId)
                .claim("roles", List.copyOf(roles))
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(validity)));
        if (tenantId != null) {
            claims.claim("tenant", tenantId);
        }
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT).build(),
                claims.build());
        try {
            jwt.sign(new RSASSASigner(signingKey));
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign a token: " + e.getMessage(), e);
        }
        return jwt.serialize();
    }
}
