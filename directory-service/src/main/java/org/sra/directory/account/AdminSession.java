package org.sra.directory.account;

import java.time.Instant;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.index.Indexed;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * The server side of a login (R-ACC-3). Bearer tokens carry its id as {@code sid};
 * directory-service refuses a token whose session has ended, and refresh extends the idle time.
 */
@Document("admin_sessions")
public class AdminSession {

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

    public String endReason() {
        return endReason;
    }
}
