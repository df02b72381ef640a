package org.sra.directory.account;

import java.time.Duration;
import java.time.Instant;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.index.Indexed;
import org.springframework.data.mongodb.core.mapping.Document;
import org.sra.events.account.AdminTokensRevoked;
import org.sra.kit.outbox.AggregateDocument;

/**
 * The server side of a login (R-ACC-3). Bearer tokens carry its id as {@code sid};
 * directory-service refuses a token whose session has ended, and refresh extends the idle time.
 * A logout also tells every other service to refuse the session's tokens
 * ({@link AdminTokensRevoked}, raised in the same write that ends the session).
 */
@Document("admin_sessions")
public class AdminSession extends AggregateDocument {

    @Id
    private String id;
    @Indexed
    private String accountId;
    private String tenantId;
    private Instant createdAt;
    private Instant lastSeenAt;
    private Instant endedAt;
    private String endReason;

    AdminSession() {
    }

    static AdminSession start(String id, Account account, Instant now) {
        AdminSession session = new AdminSession();
        session.id = id;
        session.accountId = account.id();
        session.tenantId = account.tenantId();
        session.createdAt = now;
        session.lastSeenAt = now;
        return session;
    }

    /**
     * Ends the session by logout: its tokens (all of them, also those refreshed away that have not
     * expired yet, {@code tokenTtl} the longest) stop working at every service.
     */
    void logout(Instant now, Duration tokenTtl) {
        endedAt = now;
        endReason = "logout";
        if (tenantId != null) {
            raise(tenantId, new AdminTokensRevoked(tenantId, accountId, id, null, now.plus(tokenTtl), "LOGOUT"));
        }
    }

    boolean isAlive(SessionTimeouts timeouts, Instant now) {
        return endedAt == null && timeouts.isAlive(createdAt, lastSeenAt, now);
    }

    public String id() {
        return id;
    }

    public String accountId() {
        return accountId;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant lastSeenAt() {
        return lastSeenAt;
    }

    public Instant endedAt() {
        return endedAt;
    }
}
