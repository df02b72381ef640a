package org.sra.notification.mail;

/**
 * Sending cannot succeed however often it is tried (the server refused the recipient, the
 * message cannot be built). Not retried; the delivery becomes a dead letter at once. The message
 * holds no address in clear.
 */
public class PermanentMailFailure extends RuntimeException {

    public PermanentMailFailure(String reason) {
        super(reason);
    }
}
