package org.sra.kit.security;

import java.security.interfaces.RSAPrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/** Signs SRA access tokens (RS256). Only the holder of the private key can issue them. */
public final class JwtIssuer {

    private final RSASSASigner signer;
    private final String issuer;
    private final Clock clock;

    public JwtIssuer(RSAPrivateKey key, String issuer, Clock clock) {
        this.signer = new RSASSASigner(key);
        this.issuer = issuer;
        this.clock = clock;
    }

    /** A token for {@code caller}, valid for {@code ttl}. */
    public String issue(Caller caller, Duration ttl) {
        return issue(caller, ttl, Map.of());
    }

    /** A token with extra claims (e.g. a session id, {@link SraClaims#PASSWORD_CHANGE_REQUIRED}). */
    public String issue(Caller caller, Duration ttl, Map<String, Object> extraClaims) {
        Instant now = clock.instant();
        return issue(caller, now, now.plus(ttl), extraClaims);
    }

    /**
     * A token with an explicit issue time and expiry. {@code iat} is in whole seconds (rounded
     * down), so an issuer that must order a token after an instant (a revocation's not-before,
     * {@link TokenRevocations}) passes an issue time of that whole second or later.
     */
    public String issue(Caller caller, Instant issuedAt, Instant expiresAt, Map<String, Object> extraClaims) {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(issuer)
                .jwtID(UUID.randomUUID().toString())
                .subject(caller.accountId())
                .claim(SraClaims.NAME, caller.loginId())
                .claim(SraClaims.ROLES, roleNames(caller.roles()))
                .issueTime(Date.from(issuedAt))
                .expirationTime(Date.from(expiresAt));
        if (caller.tenantId() != null) {
            claims.claim(SraClaims.TENANT, caller.tenantId());
        }
        extraClaims.forEach(claims::claim);
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), claims.build());
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("Cannot sign token", e);
        }
        return jwt.serialize();
    }

    private static List<String> roleNames(Set<Role> roles) {
        return roles.stream().map(Role::name).sorted().toList();
    }
}
