package org.sra.events.tenant;

import org.sra.events.EventPayload;

/** The operator changed a tenant's contract: devices per user (R-ASN-2). */
public record TenantContractChanged(String tenantId, int devicesPerUser) implements EventPayload {

    @Override
    public String aggregateId() {
        return tenantId;
    }
}
