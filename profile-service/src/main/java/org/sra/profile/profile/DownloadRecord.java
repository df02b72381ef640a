package org.sra.profile.profile;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * One use of a download link (R-PRO-3): when, from where, with which client.
 *
 * @param linkIssuedAt which link of the profile was used
 */
public record DownloadRecord(Instant at, String sourceIp, @Nullable String userAgent, Instant linkIssuedAt) {

    /** User agents are the caller's text: keep them short in the history. */
    static final int MAX_USER_AGENT = 300;

    public static DownloadRecord of(Instant at, String sourceIp, @Nullable String userAgent, Instant linkIssuedAt) {
        String agent = userAgent == null || userAgent.length() <= MAX_USER_AGENT ? userAgent
                : userAgent.substring(0, MAX_USER_AGENT);
        return new DownloadRecord(at, sourceIp, agent, linkIssuedAt);
    }
}
