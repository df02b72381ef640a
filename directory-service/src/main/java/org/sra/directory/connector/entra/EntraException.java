package org.sra.directory.connector.entra;

/**
 * Entra ID or Graph refused or could not be asked.
 *
 * @see EntraFailure
 */
public class EntraException extends RuntimeException {

    private final EntraFailure failure;
    private final long retryAfterSeconds;

    public EntraException(EntraFailure failure, String message, Throwable cause) {
        this(failure, message, 0, cause);
    }

    public EntraException(EntraFailure failure, String message, long retryAfterSeconds, Throwable cause) {
        super(message, cause);
        this.failure = failure;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public EntraFailure failure() {
        return failure;
    }

    /** For {@link EntraFailure#THROTTLED}: how long Graph asked to wait. */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
