package org.sra.directory.connector.ad;

/** The outcome of verifying a user's password by binding as the user. */
public enum PasswordCheck {
    ACCEPTED,
    /** Wrong password, unknown or disabled user, or an empty password (refused before any bind). */
    REJECTED,
    /** Neither the primary nor the secondary answered. */
    UNAVAILABLE
}
