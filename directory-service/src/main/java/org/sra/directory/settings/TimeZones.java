package org.sra.directory.settings;

import java.time.ZoneId;
import java.util.List;
import java.util.Set;

/**
 * The time zones a tenant may choose: the region ids of the JVM's time-zone database
 * ({@code Asia/Tokyo}, {@code Europe/Berlin}, {@code America/New_York}, …) — what the console's
 * select offers — and {@code UTC}. Fixed offsets and the old three-letter ids are not offered:
 * they do not follow summer time.
 */
public final class TimeZones {

    private static final Set<String> KNOWN = ZoneId.getAvailableZoneIds();

    private TimeZones() {
    }

    public static boolean isKnown(String id) {
        return id != null && (id.equals("UTC") || id.contains("/") && KNOWN.contains(id) && !id.startsWith("Etc/")
                && !id.startsWith("SystemV/"));
    }

    /** Every choosable id, sorted. */
    public static List<String> all() {
        return KNOWN.stream().filter(TimeZones::isKnown).sorted().toList();
    }
}
