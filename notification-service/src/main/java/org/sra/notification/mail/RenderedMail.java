package org.sra.notification.mail;

/** A mail ready for SMTP: subject, plain text and HTML alternatives. */
public record RenderedMail(String subject, String text, String html) {
}
