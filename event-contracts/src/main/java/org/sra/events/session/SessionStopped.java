package org.sra.events.session;

import org.sra.events.EventPayload;

/** A session ended and its address went back to the pool (R-AUT-5, R-AUT-6). */
public record SessionStopped(String tenantId, String sessionId, Cause cause) implements EventPayload {

    @Override
    public String aggregateId() {
        return sessionId;
    }

    /** How auth-service learnt that the session ended. */
    public enum Cause {
        /** The headend sent Accounting-Stop. */
        ACCOUNTING_STOP,
        /** An admin disconnected it (RFC 5176 Disconnect-Request). */
        ADMIN_DISCONNECT,
        /** No Stop came and the address lease ran out. */
        LEASE_EXPIRED
    }
}
