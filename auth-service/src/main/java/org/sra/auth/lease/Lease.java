package org.sra.auth.lease;

import java.time.Instant;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.index.CompoundIndex;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * One address held by one device (or user, when no device was matched) until {@code expiresAt}.
 * The unique (tenantId, address) index is what prevents double allocation across replicas; the
 * unique {@code holderKey} index keeps one lease document per holder, so a device never holds two
 * addresses, and makes the "own lease" lookup an index lookup.
 *
 * @param id        {@code <tenantId>/<address>} (see {@link #id}); leases stored before that are random
 * @param holder    {@code device:<id>} or {@code user:<id>} ({@code session:<id>} for an address a
 *                  headend reported without a lease from us)
 * @param sessionId the accounting session using it, once Accounting-Start arrived
 * @param holderKey {@code <tenantId>/<holder>}, see {@link #holderKey(String, String)}
 */
@Document("leases")
@CompoundIndex(name = "tenant_address", def = "{'tenantId': 1, 'address': 1}", unique = true)
public record Lease(@Id String id, String tenantId, String address, String holder, String sessionId,
                    Instant expiresAt, String holderKey) {

    /** The id of the lease of a tenant's address: one lease per address, found by {@code _id}. */
    public static String id(String tenantId, String address) {
        return tenantId + "/" + address;
    }

    /** The stored key of a tenant's holder: one field, so that a batch of holders is one {@code $in} on its index. */
    public static String holderKey(String tenantId, String holder) {
        return tenantId + "/" + holder;
    }
}
