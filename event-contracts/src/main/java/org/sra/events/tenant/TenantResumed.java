package org.sra.events.tenant;

import org.sra.events.EventPayload;

/** The operator lifted a tenant's suspension (R-OPS-1). */
public record TenantResumed(String tenantId) implements EventPayload {

    @Override
    public String aggregateId() {
        return tenantId;
    }
}
