package org.sra.events.profile;

import java.time.Instant;

import org.jspecify.annotations.Nullable;
import org.sra.events.EventPayload;

/**
 * A download link for a profile was created and is to be mailed (R-PRO-2, R-PRO-3, R-PRO-5);
 * any earlier link of the profile is revoked.
 *
 * @param recipient         the mail address the admin entered
 * @param sealedDownloadUrl the URL with the token in it, sealed (AES-GCM, base64); the token is never in clear
 * @param maxDownloads      1–5, or null for unlimited
 * @param language          language of the mail: {@code ja} or {@code en}
 * @param profileName       {@code userName:deviceName}, the profile's id as the product guide shows it to admins
 *                          and users (the mail names the profile by it); null in events written before it existed
 */
public record ProfileIssued(String tenantId, String profileId, String userId, String deviceId, String recipient,
                            String subject, String sealedDownloadUrl, Instant expiresAt,
                            @Nullable Integer maxDownloads, String language, @Nullable String profileName)
        implements EventPayload {

    /** The first form, without {@code profileName}. */
    public ProfileIssued(String tenantId, String profileId, String userId, String deviceId, String recipient,
                         String subject, String sealedDownloadUrl, Instant expiresAt, @Nullable Integer maxDownloads,
                         String language) {
        this(tenantId, profileId, userId, deviceId, recipient, subject, sealedDownloadUrl, expiresAt, maxDownloads,
                language, null);
    }

    @Override
    public String aggregateId() {
        return profileId;
    }
}
