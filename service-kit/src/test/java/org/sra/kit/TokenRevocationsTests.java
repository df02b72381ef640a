package org.sra.kit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.Map;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.ClassPathResource;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.sra.events.EventEnvelope;
import org.sra.events.account.AdminTokensRevoked;
import org.sra.kit.security.Caller;
import org.sra.kit.security.JwtIssuer;
import org.sra.kit.security.PemKeys;
import org.sra.kit.security.Role;
import org.sra.kit.security.SraClaims;
import org.sra.kit.security.TokenRevocations;
import org.sra.kit.test.EmbeddedMongo;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * The revocation set on its own: which tokens it refuses (a logged-out session's, an account's
 * issued before the whole second of its revocation), when it forgets them, and that a replica
 * that did not consume the event, or a restarted one, refuses them from the store.
 */
class TokenRevocationsTests {

    private static final Instant T0 = Instant.parse("2026-12-07T10:00:00.400Z");

    private final MovableClock clock = new MovableClock(T0);
    private final NimbusJwtDecoder decoder = NimbusJwtDecoder
            .withPublicKey(PemKeys.publicKey(new ClassPathResource("sra-test/jwt-public.pem"))).build();
    private final JwtIssuer issuer = new JwtIssuer(PemKeys.privateKey(new ClassPathResource("sra-test/jwt-private.pem")),
            "sra", clock);
    {
        // the test's clock, not the decoder's, decides what has expired here
        decoder.setJwtValidator(jwt -> OAuth2TokenValidatorResult.success());
    }

    private MongoClient client;
    private MongoTemplate mongo;
    private TokenRevocations revocations;

    @BeforeEach
    void setUp() {
        String database = "revocations-" + UUID.randomUUID().toString().substring(0, 8);
        client = MongoClients.create(EmbeddedMongo.uri(database));
        mongo = new MongoTemplate(client, database);
        revocations = started();
    }

    @AfterEach
    void tearDown() {
        revocations.close();
        client.close();
    }

    @Test
    void aLoggedOutSessionsTokensAreRefusedOthersNot() {
        Jwt session1 = token("a-1", T0.minusSeconds(60), "s-1");
        Jwt session2 = token("a-1", T0.minusSeconds(60), "s-2");
        assertThat(revocations.validate(session1).hasErrors()).isFalse();

        revocations.onRevoked(null, new AdminTokensRevoked("t-1", "a-1", "s-1", null, T0.plusSeconds(900), "LOGOUT"));

        assertThat(revocations.validate(session1).hasErrors()).isTrue();
        assertThat(revocations.validate(session1).getErrors()).extracting(error -> error.getErrorCode())
                .containsExactly("invalid_token");
        assertThat(revocations.isRevoked(session2)).isFalse();
    }

    @Test
    void anAccountsTokensIssuedBeforeTheWholeSecondOfItsRevocationAreRefused() {
        // revoked at 10:00:00.400; the line is drawn at 10:00:01, and the issuer issues later tokens from there
        Instant notBefore = T0.truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
        Jwt sameSecondBefore = token("a-1", T0.minusMillis(300), "s-1");
        Jwt earlier = token("a-1", T0.minusSeconds(600), "s-2");
        Jwt issuedFromTheLine = token("a-1", notBefore, "s-3");
        Jwt otherAccount = token("a-2", T0.minusSeconds(600), "s-4");

        revocations.onRevoked(null, new AdminTokensRevoked("t-1", "a-1", null, notBefore, T0.plusSeconds(900),
                "ROLE_CHANGED"));

        assertThat(revocations.isRevoked(sameSecondBefore)).isTrue();
        assertThat(revocations.isRevoked(earlier)).isTrue();
        assertThat(revocations.isRevoked(issuedFromTheLine)).isFalse();
        assertThat(revocations.isRevoked(otherAccount)).isFalse();
    }

    @Test
    void aLaterRevocationOfTheAccountMovesTheLineAndAnOlderOneDoesNotMoveItBack() {
        Instant first = Instant.parse("2026-12-07T10:00:01Z");
        Instant second = Instant.parse("2026-12-07T10:00:05Z");
        revocations.onRevoked(null, new AdminTokensRevoked("t-1", "a-1", null, second, T0.plusSeconds(900),
                "PASSWORD_RESET"));
        revocations.onRevoked(null, new AdminTokensRevoked("t-1", "a-1", null, first, T0.plusSeconds(900),
                "ROLE_CHANGED"));

        assertThat(revocations.isRevoked(token("a-1", Instant.parse("2026-12-07T10:00:03Z"), "s-1"))).isTrue();
        try (TokenRevocations restarted = started()) {
            assertThat(restarted.isRevoked(token("a-1", Instant.parse("2026-12-07T10:00:03Z"), "s-1"))).isTrue();
            assertThat(restarted.isRevoked(token("a-1", second, "s-1"))).isFalse();
        }
    }

    @Test
    void aRestartedReplicaAndOneThatDidNotConsumeTheEventRefuseFromTheStore() {
        TokenRevocations otherReplica = started();
        Jwt token = token("a-1", T0.minusSeconds(60), "s-1");
        assertThat(otherReplica.isRevoked(token)).isFalse();

        revocations.onRevoked(null, new AdminTokensRevoked("t-1", "a-1", "s-1", null, T0.plusSeconds(900), "LOGOUT"));

        try (TokenRevocations restarted = started()) {
            assertThat(restarted.isRevoked(token)).as("loaded at start").isTrue();
        }
        // the other replica reads the store every refresh interval (1 s here)
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> otherReplica.isRevoked(token));
        otherReplica.close();
    }

    @Test
    void aRevocationIsForgottenOnceEveryTokenItCoversHasExpired() {
        Jwt token = token("a-1", T0.minusSeconds(60), "s-1");
        revocations.onRevoked(null, new AdminTokensRevoked("t-1", "a-1", "s-1", Instant.parse("2026-12-07T10:00:01Z"),
                T0.plusSeconds(900), "REMOVED"));
        assertThat(revocations.isRevoked(token)).isTrue();

        clock.set(T0.plusSeconds(901));

        assertThat(revocations.isRevoked(token)).isFalse();
        try (TokenRevocations restarted = started()) {
            assertThat(restarted.isRevoked(token)).isFalse();
        }
        // one that arrives after its tokens expired is not even stored
        revocations.onRevoked(null, new AdminTokensRevoked("t-1", "a-9", "s-9", null, T0.plusSeconds(900), "LOGOUT"));
        assertThat(mongo.getCollection(TokenRevocations.COLLECTION).countDocuments(
                new Document("_id", "session:s-9"))).isZero();
    }

    @Test
    void aTokenWithoutSessionIsJudgedByItsAccountAndIssueTime() {
        Jwt noSession = decoder.decode(issuer.issue(new Caller("a-1", "machine", EnumSet.of(Role.ADMIN), "t-1"),
                T0.minusSeconds(5), T0.plusSeconds(300), Map.of()));
        assertThat(revocations.isRevoked(noSession)).isFalse();

        revocations.onRevoked(null, new AdminTokensRevoked("t-1", "a-1", null, Instant.parse("2026-12-07T10:00:01Z"),
                T0.plusSeconds(900), "REMOVED"));

        assertThat(revocations.isRevoked(noSession)).isTrue();
    }

    private TokenRevocations started() {
        return new TokenRevocations(mongo, clock, new SimpleMeterRegistry(), Duration.ofSeconds(1));
    }

    private Jwt token(String accountId, Instant issuedAt, String sessionId) {
        return decoder.decode(issuer.issue(new Caller(accountId, "admin@t-1", EnumSet.of(Role.ADMIN), "t-1"),
                issuedAt, T0.plusSeconds(3600), Map.of(SraClaims.SESSION, sessionId)));
    }

    /** A clock the test moves. */
    static final class MovableClock extends Clock {

        private volatile Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        void set(Instant instant) {
            now = instant;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
