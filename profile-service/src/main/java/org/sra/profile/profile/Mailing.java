package org.sra.profile.profile;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * What the admin entered to send a profile (R-PRO-2): any address, any subject, a validity of
 * 1–30 days and 1–5 downloads or unlimited. Checked at the web edge; the ranges are repeated
 * here so no other caller can go around them.
 *
 * @param maxDownloads 1–5, or null for unlimited
 * @param language     language of the mail, {@code ja} or {@code en}
 */
public record Mailing(String recipient, String subject, int validityDays, @Nullable Integer maxDownloads,
                      String language) {

    public static final int MIN_DAYS = 1;
    public static final int MAX_DAYS = 30;
    public static final int MIN_DOWNLOADS = 1;
    public static final int MAX_DOWNLOADS = 5;

    public Mailing {
        if (validityDays < MIN_DAYS || validityDays > MAX_DAYS) {
            throw new IllegalArgumentException("validity must be 1–30 days");
        }
        if (maxDownloads != null && (maxDownloads < MIN_DOWNLOADS || maxDownloads > MAX_DOWNLOADS)) {
            throw new IllegalArgumentException("downloads must be 1–5 or unlimited");
        }
    }

    Duration validity() {
        return Duration.ofDays(validityDays);
    }
}
