package org.sra.events.tenant;

import org.sra.events.EventPayload;

/** The operator suspended a tenant: its admins cannot log in, its users cannot connect (R-OPS-1). */
public record TenantSuspended(String tenantId) implements EventPayload {

    @Override
    public String aggregateId() {
        return tenantId;
    }
}
