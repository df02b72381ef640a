package org.sra.kit.messaging;

import org.sra.events.MalformedEventException;

/**
 * An event the consumer will not handle because it does not come from where it must: its
 * envelope names a producer that does not own its type, names none while producers are required,
 * or it arrived on a topic its type's owners do not write. Treated as poison (a
 * {@link MalformedEventException}): not retried, dead-lettered at once. The message names the
 * type, event id, topic and claimed producer, never the payload.
 */
public class RefusedEventException extends MalformedEventException {

    /** Why: {@code producer}, {@code no-producer} or {@code topic} (the metric's {@code reason} tag). */
    private final String reason;

    public RefusedEventException(String reason, String message) {
        super(message);
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }
}
