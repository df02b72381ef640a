package org.sra.directory.connector.ad;

/** A directory operation failed; {@link #failure()} says which step and why. */
public class AdException extends Exception {

    private final AdFailure failure;

    public AdException(AdFailure failure, String message, Throwable cause) {
        super(message, cause);
        this.failure = failure;
    }

    public AdFailure failure() {
        return failure;
    }
}
