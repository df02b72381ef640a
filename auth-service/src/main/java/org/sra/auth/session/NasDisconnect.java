package org.sra.auth.session;

/**
 * Asks the headend that carries a session to end it. The RADIUS package implements it (RFC 5176
 * Disconnect-Request); the session list only needs to know whether the headend acknowledged, so
 * it does not depend on the RADIUS package, which depends on it for accounting.
 */
public interface NasDisconnect {

    /** @return true when the headend acknowledged the disconnect */
    boolean disconnect(String nasAddress, byte[] secret, String userName, String acctSessionId, String framedIp);
}
