package org.sra.auth.lease;

import java.time.Instant;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.index.CompoundIndex;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * One address held by one device (or user, when no device was matched) until {@code expiresAt}.
 * The unique (tenantId, address) index is what prevents double allocation across replicas.
 *
 * @param holder    {@code device:<id>} or {@code user:<id>}
 * @param sessionId the accounting session using it, once Accounting-Start arrived
 */
@Document("leases")
@CompoundIndex(name = "tenant_address", def = "{'tenantId': 1, 'address': 1}", unique = true)
@CompoundIndex(name = "tenant_holder", def = "{'tenantId': 1, 'holder': 1}")
public record Lease(@Id String id, String tenantId, String address, String holder, String sessionId,
                    Instant expiresAt) {
}
