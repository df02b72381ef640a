package org.sra.local.bench;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Polling for a condition, with a deadline and a message naming what did not happen. */
public final class Waits {

    private static final long POLL_MILLIS = 100;

    private Waits() {
    }

    /** Polls {@code condition} until it holds and returns how long that took; fails after {@code within}. */
    public static Duration until(String what, Duration within, BooleanSupplier condition) {
        long started = System.nanoTime();
        long deadline = started + within.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + ": not within " + within.toSeconds() + " s");
            }
            pause(POLL_MILLIS);
        }
        return Duration.ofNanos(System.nanoTime() - started);
    }

    /** Polls {@code value} until {@code done} accepts it and returns it; fails after {@code within}. */
    public static <T> T untilValue(Supplier<T> value, Predicate<T> done, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        T last = value.get();
        while (!done.test(last)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + within.toSeconds() + " s: " + last);
            }
            pause(POLL_MILLIS);
            last = value.get();
        }
        return last;
    }

    public static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
