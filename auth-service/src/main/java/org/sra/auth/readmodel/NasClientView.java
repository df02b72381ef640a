package org.sra.auth.readmodel;

import java.time.Instant;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A headend allowed to ask (R-AUT-1, R-OPS-2).
 *
 * @param address      IP address or CIDR block its packets come from
 * @param sealedSecret the shared secret as the event carried it (opened only in memory)
 */
@Document("nas_clients")
public record NasClientView(@Id String nasClientId, String tenantId, String address, String sealedSecret, String name,
                            boolean removed, Instant updatedAt) {
}
