package org.sra.events.mail;

import java.util.UUID;

import org.sra.events.EventPayload;

/**
 * A mail was handed to the SMTP server (R-NOT-1, R-NOT-2).
 *
 * @param deliveryId      one per (source event, recipient); the same delivery is never sent twice
 * @param sourceEventId   id of the event that asked for the mail
 * @param maskedRecipient the recipient with the local part masked, e.g. {@code t***@example.com}
 */
public record MailSent(String tenantId, String deliveryId, UUID sourceEventId, MailKind kind,
                       String maskedRecipient) implements EventPayload {

    @Override
    public String aggregateId() {
        return deliveryId;
    }
}
