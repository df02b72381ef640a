package org.sra.events.profile;

import java.time.Instant;

import org.jspecify.annotations.Nullable;
import org.sra.events.EventPayload;

/**
 * A profile file was served through its link (R-PRO-3, R-PRO-4).
 *
 * @param remaining        downloads left on the link, or null when unlimited
 * @param deviceRegistered whether the device already has its device ID ({@code READY}) or not
 *                         ({@code WAITING_DEVICE_REGISTRATION})
 */
public record ProfileDownloaded(String tenantId, String profileId, Instant downloadedAt,
                                @Nullable Integer remaining, boolean deviceRegistered) implements EventPayload {

    @Override
    public String aggregateId() {
        return profileId;
    }
}
