package org.sra.auth.readmodel;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/** A validity period [from, until) of a user or device; either end may be open (null). */
final class Validity {

    private Validity() {
    }

    static boolean contains(@Nullable Instant from, @Nullable Instant until, Instant now) {
        return (from == null || !now.isBefore(from)) && (until == null || now.isBefore(until));
    }
}
