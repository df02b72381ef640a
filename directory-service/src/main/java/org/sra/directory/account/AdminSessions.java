package org.sra.directory.account;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/** Starts, checks, touches and ends admin sessions. */
@Component
public class AdminSessions {

    /** Touching on every request would write on every request; a minute is precise enough. */
    private static final Duration TOUCH_GRANULARITY = Duration.ofSeconds(30);

    private final MongoTemplate mongo;
    private final SessionTimeouts timeouts;
    private final Duration tokenTtl;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    AdminSessions(MongoTemplate mongo, AccountSettings settings, Clock clock) {
        this.mongo = mongo;
        this.tokenTtl = settings.tokenTtl();
        this.timeouts = settings.timeouts();
        this.clock = clock;
    }

    AdminSession start(Account account) {
        byte[] id = new byte[24];
        random.nextBytes(id);
        return mongo.insert(AdminSession.start(Base64.getUrlEncoder().withoutPadding().encodeToString(id), account,
                clock.instant()));
    }

    /** The session, when it has not ended; counts as activity (idle timeout starts again). */
    public Optional<AdminSession> touchIfAlive(String sessionId) {
        Instant now = clock.instant();
        AdminSession session = mongo.findById(sessionId, AdminSession.class);
        if (session == null || !session.isAlive(timeouts, now)) {
            return Optional.empty();
        }
        if (session.lastSeenAt().plus(TOUCH_GRANULARITY).isBefore(now)) {
            mongo.updateFirst(Query.query(Criteria.where("_id").is(sessionId).and("endedAt").isNull()),
                    Update.update("lastSeenAt", now), AdminSession.class);
        }
        return Optional.of(session);
    }

    Instant absoluteEnd(AdminSession session) {
        return timeouts.absoluteEnd(session.createdAt());
    }

    /**
     * Ends the session by logout and, in the same write, revokes its tokens at every service
     * (the outbox carries {@code AdminTokensRevoked}). A session that has ended already is left.
     */
    void logout(String sessionId) {
        AdminSession session = mongo.findById(sessionId, AdminSession.class);
        if (session == null || session.endedAt() != null) {
            return;
        }
        session.logout(clock.instant(), tokenTtl);
        mongo.save(session);
    }

    /** Ends every open session of the account (password change, reset, removal). */
    void endAll(String accountId, String reason) {
        mongo.updateMulti(Query.query(Criteria.where("accountId").is(accountId).and("endedAt").isNull()),
                new Update().set("endedAt", clock.instant()).set("endReason", reason), AdminSession.class);
    }
}
