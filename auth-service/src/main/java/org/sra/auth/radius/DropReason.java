package org.sra.auth.radius;

/** Why a packet got no answer at all (counted in {@code sra.radius.dropped}). */
enum DropReason {
    /** The source address is no registered NAS client. */
    UNKNOWN_CLIENT,
    /** Not a RADIUS packet this port serves, or it does not parse. */
    MALFORMED,
    /** The authenticator or Message-Authenticator does not match the shared secret. */
    BAD_AUTHENTICATOR,
    /** An Access-Request without Message-Authenticator (BlastRADIUS). */
    MISSING_MESSAGE_AUTHENTICATOR,
    /** A retransmission of a request still being decided; the first answer will serve it. */
    DUPLICATE_IN_PROGRESS,
    /** The decision failed unexpectedly; the NAS will retry. */
    INTERNAL_ERROR
}
