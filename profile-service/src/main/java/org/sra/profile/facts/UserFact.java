package org.sra.profile.facts;

import org.jspecify.annotations.Nullable;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A VPN user as profile-service last heard of them: the mail address a bulk send uses when the
 * admin gives none.
 */
@Document("user_facts")
public record UserFact(@Id String id, String tenantId, String userId, String userName, @Nullable String mail) {

    static String key(String tenantId, String userId) {
        return tenantId + "|" + userId;
    }
}
