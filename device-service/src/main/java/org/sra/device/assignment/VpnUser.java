package org.sra.device.assignment;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.index.Indexed;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A VPN user as directory-service announced it ({@code VpnUserAdded}); only these users can be
 * given devices.
 *
 * @param id {@code tenantId:userId}
 */
@Document("vpn_users")
public record VpnUser(@Id String id, @Indexed String tenantId, String userId, String userName, String displayName) {

    static String id(String tenantId, String userId) {
        return tenantId + ":" + userId;
    }
}
