package org.sra.events.mail;

/** The mails the platform sends (R-NOT-1). */
public enum MailKind {
    /** Profile download link to an end user (R-PRO-5). */
    PROFILE_DOWNLOAD,
    /** Auto-registration failure to the notification addresses (R-AUT-4). */
    AUTO_REGISTRATION_FAILED,
    /** Client-secret expiry reminder to the notification addresses (R-SET-4). */
    SECRET_EXPIRING,
    /** A serial ID registered by auto-registration, to the notification addresses (R-AUT-4). */
    AUTO_REGISTERED
}
