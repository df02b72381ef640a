package org.sra.local.mail;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import jakarta.mail.Address;
import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;

/**
 * What the mail page shows of one received mail; {@code copies}: how many times SMTP took a mail
 * of this Message-ID (one per recipient, more when a sender delivered the same message again).
 */
record ReceivedMail(String id, String from, List<String> to, String subject, Instant date, String text, String html,
        List<String> attachments, int copies) {

    static ReceivedMail of(MimeMessage message) throws MessagingException, IOException {
        Body body = new Body();
        body.collect(message);
        Instant date = message.getSentDate() != null ? message.getSentDate().toInstant()
                : message.getReceivedDate() != null ? message.getReceivedDate().toInstant() : Instant.now();
        return new ReceivedMail(id(message), addresses(message.getFrom()).stream().findFirst().orElse(""),
                addresses(message.getRecipients(Message.RecipientType.TO)),
                message.getSubject() == null ? "" : message.getSubject(), date,
                body.text, body.html, List.copyOf(body.attachments), 1);
    }

    /** The Message-ID without its angle brackets; mails to several recipients share it. */
    private static String id(MimeMessage message) throws MessagingException {
        String id = message.getMessageID();
        return id == null ? Integer.toHexString(System.identityHashCode(message)) : id.replaceAll("[<>]", "");
    }

    private static List<String> addresses(Address[] addresses) {
        if (addresses == null) {
            return List.of();
        }
        return Arrays.stream(addresses)
                .map(a -> a instanceof InternetAddress internet ? internet.toUnicodeString() : a.toString())
                .toList();
    }

    /** SMTP carries CRLF; the page and the JSON show plain line breaks. */
    private static String lines(String text) {
        return text.replace("\r\n", "\n");
    }

    private static final class Body {
        private String text;
        private String html;
        private final List<String> attachments = new ArrayList<>();

        void collect(Part part) throws MessagingException, IOException {
            String disposition = part.getDisposition();
            if (part.getFileName() != null && (Part.ATTACHMENT.equalsIgnoreCase(disposition)
                    || !part.isMimeType("text/*"))) {
                attachments.add(MimeUtility.decodeText(part.getFileName()));
            } else if (part.isMimeType("text/plain") && text == null) {
                text = lines(part.getContent().toString());
            } else if (part.isMimeType("text/html") && html == null) {
                html = lines(part.getContent().toString());
            } else if (part.isMimeType("multipart/*")) {
                Multipart multipart = (Multipart) part.getContent();
                for (int i = 0; i < multipart.getCount(); i++) {
                    BodyPart child = multipart.getBodyPart(i);
                    collect(child);
                }
            } else if (part.isMimeType("message/rfc822")) {
                collect((Part) part.getContent());
            }
        }
    }
}
