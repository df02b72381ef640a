package org.sra.directory.settings;

import java.time.LocalDate;

/**
 * The Entra ID application as stored (R-SET-3): the client secret only sealed (context
 * {@code entra-secret:<tenantId>}); the admin credentials of the check are never kept.
 * {@code expiresOn} is the client secret's end date (named so the audit trail does not mask it).
 */
public record EntraIdConfig(String domain, String clientId, String sealedClientSecret, LocalDate expiresOn) {
}
