package org.sra.auth.decision;

/** The directory's verdict on the password (R-AUT-2). */
public enum PasswordCheck {
    VALID,
    INVALID,
    /** The directory did not answer in time, or every server of it is down. */
    UNAVAILABLE,
    /** The tenant has not chosen a directory, or its settings are missing. */
    NOT_CONFIGURED,
    /**
     * The directory has no such account although the VPN user list names it (a LOCAL user
     * deleted from the LOCAL directory, or whose password never arrived): the user is unknown.
     */
    UNKNOWN_ACCOUNT,
    /** Too many wrong passwords for the user or through the NAS lately: the directory was not asked. */
    THROTTLED
}
