package org.sra.notification.mail;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Identities that depend only on the event and the recipient, so that handling an event again,
 * or sending a delivery again after a crash, produces the same delivery and the same mail.
 */
public final class MessageIds {

    private MessageIds() {
    }

    /** One delivery per (source event, recipient); the recipient is compared case-insensitively. */
    public static String deliveryId(UUID sourceEventId, String recipient) {
        byte[] name = (sourceEventId + "\n" + MailAddresses.normalize(recipient)).getBytes(StandardCharsets.UTF_8);
        return UUID.nameUUIDFromBytes(name).toString();
    }

    /**
     * The RFC 5322 Message-ID of a delivery. A mail re-sent after a crash between "SMTP accepted"
     * and "recorded as sent" carries the same Message-ID, so it is the same message, not a new one.
     */
    public static String messageId(String deliveryId, String domain) {
        return "<" + deliveryId + "@" + domain + ">";
    }
}
