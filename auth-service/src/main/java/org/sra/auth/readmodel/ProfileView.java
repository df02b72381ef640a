package org.sra.auth.readmodel;

import java.time.Instant;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/** A profile's switches (R-PRO-1, R-PXY-2, R-LSG-1); id {@code tenantId:profileId}. */
@Document("profiles")
public record ProfileView(@Id String id, String tenantId, String profileId, String userId, String deviceId,
                          boolean connectionAllowed, boolean proxyApplied, boolean localSegment, boolean removed,
                          Instant updatedAt) {
}
