package org.sra.directory.settings;

import java.util.UUID;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;
import org.sra.kit.outbox.AggregateDocument;

/**
 * Carries the audit entry of one refused AD settings save through the outbox (a saved one is
 * audited with the settings, {@code SETTINGS_ACTIVE_DIRECTORY_CHANGED}). Nothing else is stored:
 * it is a tombstone from the start, which the relay deletes once the entry is out.
 */
@Document("ad_check_attempts")
class AdCheckAttempt extends AggregateDocument {

    static final String REFUSED = "SETTINGS_ACTIVE_DIRECTORY_REFUSED";

    /**
     * What the audit trail shows of a refused attempt: the outcome, the problem type, the step
     * that failed and the field at fault, and the dialog's values as typed (clipped) — never the
     * admin password, and never the directory's own error text.
     *
     * @param outcome {@code REFUSED} (bad input, address not allowed, the check failed, a conflict)
     *                or {@code RATE_LIMITED} (not checked: too many attempts)
     * @param problem the problem type's slug, e.g. {@code ad-bad-credentials}
     * @param step    the step that failed: {@code ADDRESS}, {@code NAME_RESOLUTION}, or the
     *                connector's {@code CONNECT}, {@code TLS}, {@code SEARCH_BASE}, {@code BIND},
     *                {@code NETBIOS_BIND}; null when no step was reached (bad input, rate limit)
     * @param failure the connector's failure ({@code UNREACHABLE}, {@code BAD_CREDENTIALS}…) or
     *                the reason an address is refused ({@code LOOPBACK}…); null otherwise
     * @param field   the field at fault, when there is one
     * @param caCertificates whether CA certificates were given (never their text: a pasted private
     *                key must not reach the trail)
     */
    record View(String outcome, String problem, String step, String failure, String field, String primaryHost,
                String primaryIp, String secondaryHost, String secondaryIp, String domain, String adminUser,
                String netbiosDomain, String transport, boolean caCertificates) {
    }

    @Id
    private String id;
    private String tenantId;

    AdCheckAttempt() {
    }

    static AdCheckAttempt refused(String tenantId, View view) {
        AdCheckAttempt attempt = new AdCheckAttempt();
        attempt.id = UUID.randomUUID().toString();
        attempt.tenantId = tenantId;
        attempt.audit(tenantId, REFUSED, "settings", tenantId, null, view);
        attempt.markDeleted();
        return attempt;
    }
}
