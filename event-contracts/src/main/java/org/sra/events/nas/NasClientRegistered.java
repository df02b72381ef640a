package org.sra.events.nas;

import org.sra.events.EventPayload;

/**
 * The operator registered (or re-registered) a headend for a tenant (R-OPS-2, R-AUT-1). The
 * NAS client maps every RADIUS packet from {@code address} to this tenant.
 *
 * @param address      the headend's IP address or CIDR block the packets come from
 * @param sealedSecret the RADIUS shared secret, sealed (AES-GCM, base64); never in clear
 * @param name         label the operator gave the headend
 */
public record NasClientRegistered(String tenantId, String nasClientId, String address, String sealedSecret,
                                  String name) implements EventPayload {

    @Override
    public String aggregateId() {
        return nasClientId;
    }
}
