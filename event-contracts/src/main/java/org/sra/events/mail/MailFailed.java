package org.sra.events.mail;

import java.util.UUID;

import org.sra.events.EventPayload;

/**
 * notification-service gave up on a mail after its retries; it is kept as a dead letter the
 * admin can see (R-NOT-2).
 *
 * @param maskedRecipient the recipient with the local part masked, e.g. {@code t***@example.com}
 * @param reason          the last error, e.g. the SMTP reply; no addresses or secrets in it
 * @param attempts        how many times sending was tried
 */
public record MailFailed(String tenantId, String deliveryId, UUID sourceEventId, MailKind kind,
                         String maskedRecipient, String reason, int attempts) implements EventPayload {

    @Override
    public String aggregateId() {
        return deliveryId;
    }
}
