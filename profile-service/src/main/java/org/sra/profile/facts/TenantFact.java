package org.sra.profile.facts;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A tenant as profile-service last heard of it.
 *
 * @param suspended no downloads while the operator has suspended the tenant (R-OPS-1)
 * @param language  {@code ja} or {@code en}, from the tenant's settings; the default language of mails
 */
@Document("tenant_facts")
public record TenantFact(@Id String tenantId, boolean suspended, String language) {
}
