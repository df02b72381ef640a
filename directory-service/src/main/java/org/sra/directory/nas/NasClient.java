package org.sra.directory.nas;

import java.time.Instant;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.index.Indexed;
import org.springframework.data.mongodb.core.mapping.Document;
import org.sra.events.nas.NasClientRegistered;
import org.sra.events.nas.NasClientRemoved;
import org.sra.kit.outbox.AggregateDocument;

/**
 * A headend that speaks RADIUS for a tenant (R-OPS-2). The shared secret is kept only sealed
 * (AES-GCM, context {@code nas-secret:<tenantId>}) and travels sealed the same way in
 * {@link NasClientRegistered}, which auth-service opens with the same key.
 */
@Document("nas_clients")
public class NasClient extends AggregateDocument {

    @Id
    private String id;
    @Indexed
    private String tenantId;
    private String name;
    private String address;
    private String sealedSecret;
    private Instant createdAt;

    NasClient() {
    }

    static NasClient register(String id, String tenantId, String name, NasAddress address, String sealedSecret,
                              Instant now) {
        NasClient client = new NasClient();
        client.id = id;
        client.tenantId = tenantId;
        client.name = name;
        client.address = address.text();
        client.sealedSecret = sealedSecret;
        client.createdAt = now;
        client.raise(tenantId, new NasClientRegistered(tenantId, id, client.address, sealedSecret, name));
        client.audit(tenantId, "NAS_CLIENT_REGISTERED", "nas-client", id, null, client.auditView());
        return client;
    }

    void remove() {
        raise(tenantId, new NasClientRemoved(tenantId, id));
        audit(tenantId, "NAS_CLIENT_REMOVED", "nas-client", id, auditView(), null);
        markDeleted();
    }

    /** For the audit trail; the secret field is there to show it was set, and is masked. */
    public record AuditView(String name, String address, String sharedSecret) {
    }

    private AuditView auditView() {
        return new AuditView(name, address, sealedSecret);
    }

    public String id() {
        return id;
    }

    public String tenantId() {
        return tenantId;
    }

    public String name() {
        return name;
    }

    public NasAddress address() {
        return NasAddress.parse(address);
    }

    public Instant createdAt() {
        return createdAt;
    }
}
