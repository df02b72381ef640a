package org.sra.directory.account;

import java.time.Duration;
import java.time.Instant;

/**
 * When an admin session ends by itself (R-ACC-3): after {@code idle} without a request or a
 * refresh, and in any case {@code absolute} after login.
 */
public record SessionTimeouts(Duration idle, Duration absolute) {

    public boolean isAlive(Instant createdAt, Instant lastSeenAt, Instant now) {
        return now.isBefore(lastSeenAt.plus(idle)) && now.isBefore(createdAt.plus(absolute));
    }

    /** The latest moment the session can last, whatever the admin does. */
    public Instant absoluteEnd(Instant createdAt) {
        return createdAt.plus(absolute);
    }
}
