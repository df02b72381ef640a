package org.sra.kit.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.sra.events.EventEnvelope;
import org.sra.events.account.AdminTokensRevoked;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The admin tokens this service refuses although their signature and lifetime are fine, because
 * directory-service revoked them ({@link AdminTokensRevoked}): every token of a session that was
 * logged out ({@code sid}), and every token of an account issued before an instant ({@code sub}
 * and {@code iat}: role change, password change or reset, removal).
 *
 * <p>Kept in memory, where the token check reads it on every request without I/O, and in this
 * service's own collection {@value #COLLECTION}: the replica that consumes the event writes it
 * there first (an idempotent upsert), and every replica reads the collection at start and then
 * every {@code refreshInterval}, so a replica that did not get the event (the service's consumer
 * group hands each event to one replica) and a restarted one refuse the token too. An entry is
 * kept until no token it covers can still be valid ({@code until}, a TTL index; the memory drops it
 * then as well), so the set stays as small as the revocations of one token lifetime.
 */
public final class TokenRevocations implements OAuth2TokenValidator<Jwt>, AutoCloseable {

    /** This service's copy of the revocations it consumed. */
    public static final String COLLECTION = "token_revocations";

    private static final Logger log = LoggerFactory.getLogger(TokenRevocations.class);
    private static final OAuth2Error REVOKED = new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN,
            "The token was revoked", null);

    /** A revocation in memory: the instant before which the account's tokens are refused (sessions: none). */
    private record Entry(Instant notBefore, Instant until) {

        Entry merge(Entry other) {
            Instant before = notBefore == null ? other.notBefore
                    : other.notBefore == null || notBefore.isAfter(other.notBefore) ? notBefore : other.notBefore;
            return new Entry(before, until.isAfter(other.until) ? until : other.until);
        }
    }

    private final MongoTemplate mongo;
    private final Clock clock;
    private final Map<String, Entry> accounts = new ConcurrentHashMap<>();
    private final Map<String, Entry> sessions = new ConcurrentHashMap<>();
    private final Counter refused;
    private final ScheduledExecutorService refresher;
    private volatile boolean indexed;

    /**
     * Loads what the collection holds (a store that cannot be read now is read again at the next
     * refresh; until the store answers, the service is not ready anyway) and refreshes from it
     * every {@code refreshInterval}.
     */
    public TokenRevocations(MongoTemplate mongo, Clock clock, MeterRegistry meters, Duration refreshInterval) {
        this.mongo = mongo;
        this.clock = clock;
        this.refused = Counter.builder("sra.security.revoked.refused")
                .description("requests refused because their token was revoked").register(meters);
        refreshQuietly();
        this.refresher = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "token-revocations");
            thread.setDaemon(true);
            return thread;
        });
        refresher.scheduleWithFixedDelay(this::refreshQuietly, refreshInterval.toMillis(), refreshInterval.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** The kit's event route: writes the revocation to the store, then into memory. */
    public void onRevoked(EventEnvelope envelope, AdminTokensRevoked revoked) {
        if (!revoked.until().isAfter(clock.instant())) {
            return; // every token it covers has expired
        }
        ensureIndex();
        MongoCollection<Document> store = mongo.getCollection(COLLECTION);
        if (revoked.notBefore() != null) {
            store.updateOne(Filters.eq("_id", accountKey(revoked.accountId())), Updates.combine(
                            Updates.set("kind", "account"), Updates.set("tenantId", revoked.tenantId()),
                            Updates.max("notBefore", Date.from(revoked.notBefore())),
                            Updates.max("until", Date.from(revoked.until())),
                            Updates.set("reason", revoked.reason())),
                    new UpdateOptions().upsert(true));
            accounts.merge(revoked.accountId(), new Entry(revoked.notBefore(), revoked.until()), Entry::merge);
        }
        if (revoked.sessionId() != null) {
            store.updateOne(Filters.eq("_id", sessionKey(revoked.sessionId())), Updates.combine(
                            Updates.set("kind", "session"), Updates.set("tenantId", revoked.tenantId()),
                            Updates.set("accountId", revoked.accountId()),
                            Updates.max("until", Date.from(revoked.until())),
                            Updates.set("reason", revoked.reason())),
                    new UpdateOptions().upsert(true));
            sessions.merge(revoked.sessionId(), new Entry(null, revoked.until()), Entry::merge);
        }
        log.info("Tokens of admin account {} of tenant {} revoked ({}{})", revoked.accountId(), revoked.tenantId(),
                revoked.reason(), revoked.sessionId() != null ? ", one session" : ", issued before " + revoked.notBefore());
    }

    /** Whether the token was revoked: its session logged out, or issued before its account's revocation. */
    public boolean isRevoked(Jwt token) {
        Instant now = clock.instant();
        String sessionId = token.getClaimAsString(SraClaims.SESSION);
        if (sessionId != null) {
            Entry session = sessions.get(sessionId);
            if (session != null && session.until.isAfter(now)) {
                return true;
            }
        }
        String accountId = token.getSubject();
        if (accountId != null) {
            Entry account = accounts.get(accountId);
            if (account != null && account.until.isAfter(now)) {
                Instant issuedAt = token.getIssuedAt();
                return issuedAt == null || issuedAt.isBefore(account.notBefore);
            }
        }
        return false;
    }

    /** Part of the token check: a revoked token fails like an expired one (401). */
    @Override
    public OAuth2TokenValidatorResult validate(Jwt token) {
        if (isRevoked(token)) {
            refused.increment();
            return OAuth2TokenValidatorResult.failure(REVOKED);
        }
        return OAuth2TokenValidatorResult.success();
    }

    /** Reads the store: adds what other replicas consumed, drops what has expired. */
    void refresh() {
        Instant now = clock.instant();
        ensureIndex();
        for (Document stored : mongo.getCollection(COLLECTION).find(Filters.gt("until", Date.from(now)))) {
            String id = stored.getString("_id");
            Instant until = stored.getDate("until").toInstant();
            if (id.startsWith("account:")) {
                Date notBefore = stored.getDate("notBefore");
                if (notBefore != null) {
                    accounts.merge(id.substring("account:".length()), new Entry(notBefore.toInstant(), until),
                            Entry::merge);
                }
            } else if (id.startsWith("session:")) {
                sessions.merge(id.substring("session:".length()), new Entry(null, until), Entry::merge);
            }
        }
        accounts.values().removeIf(entry -> !entry.until.isAfter(now));
        sessions.values().removeIf(entry -> !entry.until.isAfter(now));
    }

    private void refreshQuietly() {
        try {
            refresh();
        } catch (RuntimeException e) {
            log.warn("Could not read the token revocations from the store (will try again): {}", e.toString());
        }
    }

    private void ensureIndex() {
        if (!indexed) {
            // the store drops an entry once no token it covers can still be valid
            mongo.getCollection(COLLECTION).createIndex(Indexes.ascending("until"),
                    new IndexOptions().expireAfter(0L, TimeUnit.SECONDS));
            indexed = true;
        }
    }

    private static String accountKey(String accountId) {
        return "account:" + accountId;
    }

    private static String sessionKey(String sessionId) {
        return "session:" + sessionId;
    }

    @Override
    public void close() {
        refresher.shutdownNow();
    }
}
