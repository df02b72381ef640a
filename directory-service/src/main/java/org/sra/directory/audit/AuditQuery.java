package org.sra.directory.audit;

import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Filters and page of an audit trail listing (R-ACC-5): time range {@code [from, to)}, exact
 * actor, action and kind of target, part of the target's name (any case), page (from 0) of
 * {@code size} (1–200, default 50) entries, newest first.
 */
public record AuditQuery(Instant from, Instant to, String actor, String action, String targetType, String target,
                         int page, int size) {

    public static final int DEFAULT_SIZE = 50;
    public static final int MAX_SIZE = 200;

    /** A query parameter that cannot be read. */
    public static final class InvalidParameter extends IllegalArgumentException {

        private final String field;
        private final String value;

        InvalidParameter(String field, String value) {
            super("invalid " + field);
            this.field = field;
            this.value = value;
        }

        public String field() {
            return field;
        }

        public String value() {
            return value;
        }
    }

    /** Reads the query parameters as typed by the caller; blank means "not given". */
    public static AuditQuery parse(String from, String to, String actor, String action, String targetType,
                                   String target, String page, String size) {
        Instant start = instant("from", from);
        Instant end = instant("to", to);
        if (start != null && end != null && !start.isBefore(end)) {
            throw new InvalidParameter("to", to);
        }
        int pageNumber = integer("page", page, 0);
        int pageSize = integer("size", size, DEFAULT_SIZE);
        if (pageNumber < 0 || pageNumber > 100_000) {
            throw new InvalidParameter("page", page);
        }
        if (pageSize < 1 || pageSize > MAX_SIZE) {
            throw new InvalidParameter("size", size);
        }
        String name = blankToNull(target);
        if (name != null && name.length() > 200) {
            throw new InvalidParameter("target", target);
        }
        return new AuditQuery(start, end, blankToNull(actor), blankToNull(action), blankToNull(targetType), name,
                pageNumber, pageSize);
    }

    private static Instant instant(String field, String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(text.strip());
        } catch (DateTimeParseException e) {
            throw new InvalidParameter(field, text);
        }
    }

    private static int integer(String field, String text, int fallback) {
        if (text == null || text.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            throw new InvalidParameter(field, text);
        }
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }
}
