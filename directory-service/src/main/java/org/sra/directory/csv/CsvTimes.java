package org.sra.directory.csv;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * How exports write a time: ISO 8601 in the tenant's time zone with its offset,
 * {@code 2026-12-07T16:05:00+09:00} — what the console shows, yet read back by a spreadsheet or an
 * import as exactly one instant. Seconds are the finest part written.
 */
public final class CsvTimes {

    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssxxx");

    private CsvTimes() {
    }

    /** The instant in {@code zone}; empty for none. */
    public static String format(Instant at, ZoneId zone) {
        return at == null ? "" : FORMAT.format(at.atZone(zone));
    }
}
