package org.sra.kit.test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.Map;
import java.util.UUID;

import org.springframework.core.io.ClassPathResource;
import org.sra.kit.security.Caller;
import org.sra.kit.security.JwtIssuer;
import org.sra.kit.security.PemKeys;
import org.sra.kit.security.Role;
import org.sra.kit.security.SraClaims;

/**
 * Mints tokens for tests with the test key pair in {@code sra-test/}. Services under test
 * verify them with {@link #PUBLIC_KEY_PROPERTY}.
 */
public final class TestTokens {

    public static final String PUBLIC_KEY_PROPERTY =
            "sra.security.jwt.public-key-location=classpath:sra-test/jwt-public.pem";
    public static final String PRIVATE_KEY_PROPERTY =
            "sra.security.jwt.private-key-location=classpath:sra-test/jwt-private.pem";

    private static final JwtIssuer ISSUER = new JwtIssuer(
            PemKeys.privateKey(new ClassPathResource("sra-test/jwt-private.pem")), "sra", Clock.systemUTC());
    private static final JwtIssuer FOREIGN = new JwtIssuer(
            PemKeys.privateKey(new ClassPathResource("sra-test/other-private.pem")), "sra", Clock.systemUTC());

    private TestTokens() {
    }

    public static String admin(String tenantId) {
        return token(new Caller("admin-" + tenantId, "admin@" + tenantId, EnumSet.of(Role.ADMIN), tenantId));
    }

    public static String auditor(String tenantId) {
        return token(new Caller("auditor-" + tenantId, "auditor@" + tenantId, EnumSet.of(Role.AUDITOR), tenantId));
    }

    public static String operator() {
        return token(new Caller("operator", "operator", EnumSet.of(Role.OPERATOR), null));
    }

    public static String token(Caller caller) {
        return ISSUER.issue(caller, Duration.ofMinutes(10));
    }

    /** The restricted token of an admin who has not yet changed the initial password: no roles. */
    public static String passwordChangeRequired(String tenantId) {
        return ISSUER.issue(new Caller("new-" + tenantId, "new@" + tenantId, EnumSet.noneOf(Role.class), tenantId),
                Duration.ofMinutes(10), Map.of(SraClaims.PASSWORD_CHANGE_REQUIRED, true));
    }

    /** Signed by a key the services do not trust. */
    public static String foreignSigned(String tenantId) {
        return FOREIGN.issue(new Caller(UUID.randomUUID().toString(), "intruder", EnumSet.of(Role.ADMIN), tenantId),
                Duration.ofMinutes(10));
    }

    /** Signed by the right key but expired an hour ago. */
    public static String expired(String tenantId) {
        JwtIssuer past = new JwtIssuer(PemKeys.privateKey(new ClassPathResource("sra-test/jwt-private.pem")), "sra",
                Clock.fixed(Instant.now().minus(Duration.ofHours(2)), ZoneOffset.UTC));
        return past.issue(new Caller("old", "old", EnumSet.of(Role.ADMIN), tenantId), Duration.ofMinutes(30));
    }
}
