package org.sra.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DemoTokensTests {

    private static final Instant NOW = Instant.parse("2026-11-22T09:00:00Z");
    private static KeyPair keys;

    @BeforeAll
    static void keys() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        keys = generator.generateKeyPair();
    }

    @Test
    void anOperatorTokenIsAnRs256JwtWithoutTenantValidForTwelveHours() throws Exception {
        SignedJWT jwt = SignedJWT.parse(tokens().operator());

        assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.RS256);
        assertThat(jwt.verify(new RSASSAVerifier((RSAPublicKey) keys.getPublic()))).isTrue();
        var claims = jwt.getJWTClaimsSet();
        assertThat(claims.getIssuer()).isEqualTo("sra");
        assertThat(claims.getSubject()).isNotBlank();
        assertThat(claims.getStringClaim("name")).isEqualTo("operator");
        assertThat(claims.getStringListClaim("roles")).containsExactly("OPERATOR");
        assertThat(claims.getClaims()).doesNotContainKey("tenant");
        assertThat(claims.getIssueTime().toInstant()).isEqualTo(NOW);
        assertThat(claims.getExpirationTime().toInstant()).isEqualTo(NOW.plusSeconds(12 * 3600));
    }

    @Test
    void anAdminTokenCarriesItsTenant() throws Exception {
        var claims = SignedJWT.parse(tokens().admin("t-42")).getJWTClaimsSet();

        assertThat(claims.getStringListClaim("roles")).containsExactly("ADMIN");
        assertThat(claims.getStringClaim("tenant")).isEqualTo("t-42");
    }

    private static DemoTokens tokens() {
        return new DemoTokens((RSAPrivateKey) keys.getPrivate(), Clock.fixed(NOW, ZoneOffset.UTC));
    }
}
