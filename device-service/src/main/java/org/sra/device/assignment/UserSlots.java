package org.sra.device.assignment;

import java.util.List;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * The devices a user holds, kept in one document per user so that "fewer than N" can be checked
 * and changed in one atomic single-document update (R-ASN-2).
 *
 * @param id {@code tenantId:userId}
 */
@Document("user_slots")
record UserSlots(@Id String id, String tenantId, String userId, List<String> deviceIds) {
}
