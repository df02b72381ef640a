package org.sra.auth.decision;

/** The directory's verdict on the password (R-AUT-2). */
public enum PasswordCheck {
    VALID,
    INVALID,
    /** The directory did not answer in time, or every server of it is down. */
    UNAVAILABLE,
    /** The tenant has not chosen a directory, or its settings are missing. */
    NOT_CONFIGURED,
    /** LOCAL users: no event carries their password hashes, so auth-service cannot check them. */
    UNSUPPORTED
}
