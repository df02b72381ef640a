package org.sra.notification.mail;

/**
 * Sending failed but may work later (server down, timeout, 4xx). Retried with back-off; counted
 * by the circuit breaker. The message holds no address in clear.
 */
public class TransientMailFailure extends RuntimeException {

    public TransientMailFailure(String reason) {
        super(reason);
    }
}
