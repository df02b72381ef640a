package org.sra.kit.web;

/**
 * The one rule for a list's {@code page} and {@code size} parameters: a page number of 0 or
 * more and a size from 1 to the list's maximum, or a 400 problem ({@code page-invalid}) that
 * says so. Out-of-range values are refused rather than quietly clamped, so a client that asks
 * for 100,000 rows learns it gets at most the maximum.
 */
public final class Paging {

    private Paging() {
    }

    /** Returns normally when both are in range; throws the problem otherwise. */
    public static void check(int page, int size, int maxSize) {
        if (page < 0 || size < 1 || size > maxSize) {
            throw ProblemException.badRequest("page-invalid", maxSize);
        }
    }
}
