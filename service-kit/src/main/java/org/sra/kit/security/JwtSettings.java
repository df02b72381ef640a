package org.sra.kit.security;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.core.io.Resource;

/**
 * JWT key material and lifetimes ({@code sra.security.jwt.*}).
 *
 * @param publicKeyLocation  PEM (X.509 SubjectPublicKeyInfo) of the key that signs tokens
 * @param privateKeyLocation PEM (PKCS#8) of the signing key; only directory-service has it
 * @param issuer             expected {@code iss}
 * @param tokenTtl           lifetime of issued tokens
 */
@ConfigurationProperties("sra.security.jwt")
public record JwtSettings(Resource publicKeyLocation, Resource privateKeyLocation, String issuer, Duration tokenTtl) {

    public JwtSettings {
        issuer = issuer == null ? "sra" : issuer;
        tokenTtl = tokenTtl == null ? Duration.ofMinutes(30) : tokenTtl;
    }
}
