package org.sra.device.device;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.index.Indexed;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * What profile-service last said about the profile of one (user, device): whether the proxy
 * setting and local-segment access were applied to it (R-DEV-5, R-PXY-2, R-LSG-1).
 *
 * @param profileId {@code userId:deviceId} ({@link #idOf}), which is also profile-service's
 *                  profile id; the list finds a page's states by it
 */
@Document("profile_states")
public record ProfileState(@Id String profileId, String tenantId, String userId, @Indexed String deviceId,
                           boolean proxyApplied, boolean localSegment) {

    static String idOf(String userId, String deviceId) {
        return userId + ":" + deviceId;
    }
}
