package org.sra.events.tenant;

import org.sra.events.EventPayload;

/**
 * The operator created a tenant (R-OPS-1).
 *
 * @param tenantId       the new tenant
 * @param name           company name
 * @param devicesPerUser contract: how many devices one user may have (R-ASN-2)
 * @param vpnPool        the tenant's VPN address pool, CIDR (R-SET-8)
 */
public record TenantProvisioned(String tenantId, String name, int devicesPerUser, String vpnPool)
        implements EventPayload {

    @Override
    public String aggregateId() {
        return tenantId;
    }
}
