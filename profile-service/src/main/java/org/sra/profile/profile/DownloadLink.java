package org.sra.profile.profile;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * A profile's current download link. Only the SHA-256 hash of its token is kept (R-PRO-3); the
 * token itself exists only in the sealed URL of the {@code ProfileIssued} event.
 *
 * @param maxDownloads 1–5, or null for unlimited
 * @param remaining    downloads left, or null for unlimited
 * @param revokedAt    set when the admin revoked it or a newer link replaced it
 */
public record DownloadLink(String tokenHash, Instant issuedAt, Instant expiresAt, @Nullable Integer maxDownloads,
                           @Nullable Integer remaining, String recipient, String subject,
                           @Nullable Instant revokedAt) {

    /** Field names, for the conditional updates that claim a download. */
    public static final String TOKEN_HASH = "tokenHash";
    public static final String EXPIRES_AT = "expiresAt";
    public static final String REMAINING = "remaining";
    public static final String MAX_DOWNLOADS = "maxDownloads";
    public static final String REVOKED_AT = "revokedAt";

    DownloadLink revoked(Instant now) {
        return revokedAt != null ? this : new DownloadLink(tokenHash, issuedAt, expiresAt, maxDownloads, remaining,
                recipient, subject, now);
    }

    /** Whether the link would serve a file at {@code now}. */
    public boolean usable(Instant now) {
        return revokedAt == null && now.isBefore(expiresAt) && (remaining == null || remaining > 0);
    }

    public boolean unlimited() {
        return maxDownloads == null;
    }
}
