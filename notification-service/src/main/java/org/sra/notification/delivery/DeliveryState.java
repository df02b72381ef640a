package org.sra.notification.delivery;

/** Where a delivery stands (R-NOT-2). */
public enum DeliveryState {
    /**
     * To be sent, or being sent: written before any SMTP call, so a redelivered event finds it.
     * Claimable by a dispatcher while it has no lease or its lease has run out.
     */
    SENDING,
    /** SMTP accepted the mail. Final. */
    SENT,
    /** The last attempt failed; the next one is due at {@code nextAttemptAt}. */
    FAILED,
    /**
     * Given up: the input can never be sent (invalid address, missing data) or the retries ran
     * out. The dead letter the admin sees and can retry.
     */
    DEAD
}
