package org.sra.device.contract;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A tenant's contract as device-service last heard it.
 *
 * @param tenantId       the tenant
 * @param devicesPerUser how many devices one user may have
 * @param suspended      whether the operator suspended the tenant
 */
@Document("tenant_contracts")
public record TenantContract(@Id String tenantId, int devicesPerUser, boolean suspended) {

    /** The contract a tenant has until its first event arrives (the spec's default). */
    public static final int DEFAULT_DEVICES_PER_USER = 2;
}
