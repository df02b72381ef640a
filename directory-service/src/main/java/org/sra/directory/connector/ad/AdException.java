package org.sra.directory.connector.ad;

/**
 * A directory operation failed; {@link #failure()} says why and {@link #step()} at which step of
 * the verification. The message may carry the server's own diagnostic text: for logs only, never
 * for an answer to the admin.
 */
public class AdException extends Exception {

    private final AdFailure failure;
    private final AdStep step;

    public AdException(AdFailure failure, String message, Throwable cause) {
        this(failure, null, message, cause);
    }

    public AdException(AdFailure failure, AdStep step, String message, Throwable cause) {
        super(message, cause);
        this.failure = failure;
        this.step = step;
    }

    public AdFailure failure() {
        return failure;
    }

    /** The step that failed; when none was recorded, the step the failure belongs to. */
    public AdStep step() {
        return step != null ? step : AdStep.of(failure);
    }

    /** This failure as having happened at {@code where}, unless a step was already recorded. */
    AdException at(AdStep where) {
        return step != null ? this : new AdException(failure, where, getMessage(), getCause());
    }
}
