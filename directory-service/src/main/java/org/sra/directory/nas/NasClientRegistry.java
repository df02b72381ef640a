package org.sra.directory.nas;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.sra.directory.tenant.TenantProvisioning;
import org.sra.events.secrets.SealContext;
import org.sra.kit.error.DomainException;
import org.sra.kit.secrets.SecretSealer;

/**
 * The operator registers and removes a tenant's headends (R-OPS-2). An address may belong to
 * one headend only, across all tenants: auth-service maps each packet to a tenant by it.
 */
@Service
public class NasClientRegistry {

    private static final Logger log = LoggerFactory.getLogger(NasClientRegistry.class);

    private final NasClients clients;
    private final TenantProvisioning tenants;
    private final SecretSealer sealer;
    private final Clock clock;

    NasClientRegistry(NasClients clients, TenantProvisioning tenants, SecretSealer sealer, Clock clock) {
        this.clients = clients;
        this.tenants = tenants;
        this.sealer = sealer;
        this.clock = clock;
    }

    public NasClient register(String tenantId, String name, String address, String sharedSecret) {
        tenants.get(tenantId);
        NasAddress parsed = parse(address);
        for (NasClient other : clients.findByDeletedFalse()) {
            if (other.address().overlaps(parsed)) {
                throw new DomainException(DomainException.Kind.CONFLICT, "nas-address-taken",
                        Map.of("field", "address", "conflictingAddress", other.address().text()),
                        parsed.text(), other.address().text());
            }
        }
        String sealed = sealer.seal(sharedSecret, SealContext.NAS_SECRET.of(tenantId));
        NasClient client = clients.save(NasClient.register(UUID.randomUUID().toString(), tenantId, name, parsed,
                sealed, clock.instant()));
        log.info("Registered NAS client {} ({}) at {} for tenant {}", client.id(), name, parsed.text(), tenantId);
        return client;
    }

    public List<NasClient> list(String tenantId) {
        tenants.get(tenantId);
        return clients.findByTenantIdAndDeletedFalseOrderByCreatedAtAsc(tenantId);
    }

    public void remove(String tenantId, String nasClientId) {
        tenants.get(tenantId);
        NasClient client = clients.findByIdAndTenantIdAndDeletedFalse(nasClientId, tenantId)
                .orElseThrow(() -> DomainException.notFound("nas-client-not-found", nasClientId));
        client.remove();
        clients.save(client);
        log.info("Removed NAS client {} of tenant {}", nasClientId, tenantId);
    }

    private static NasAddress parse(String address) {
        try {
            return NasAddress.parse(address);
        } catch (IllegalArgumentException e) {
            throw new DomainException(DomainException.Kind.INVALID, "nas-address-invalid", Map.of("field", "address"),
                    String.valueOf(address));
        }
    }
}
