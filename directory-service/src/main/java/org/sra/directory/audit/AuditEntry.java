package org.sra.directory.audit;

import java.time.Instant;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.index.CompoundIndex;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * One line of a tenant's append-only audit trail (R-ACC-5): who, when, what (the target's kind, id
 * and the name the console shows it by), before/after with secrets masked, request id and the
 * service that made the change. Its id is the id of the
 * {@code AuditRecorded} event, so a redelivered event is written once.
 */
@Document("audit_trail")
@CompoundIndex(name = "tenant_time", def = "{'tenantId': 1, 'at': -1}")
public record AuditEntry(@Id String id, String tenantId, Instant at, String actor, String action, String targetType,
                         String targetId, String before, String after, String requestId, String service,
                         String targetName) {
}
