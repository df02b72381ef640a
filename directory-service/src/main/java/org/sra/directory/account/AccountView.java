package org.sra.directory.account;

import java.time.Instant;

/** An account as the API and the audit trail show it. */
public record AccountView(String accountId, String loginId, String role, boolean passwordChangeRequired,
                          Instant createdAt, Instant passwordChangedAt) {
}
