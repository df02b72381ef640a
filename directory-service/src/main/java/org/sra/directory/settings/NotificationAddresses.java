package org.sra.directory.settings;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The notification mail addresses as typed in the console: one per line (R-SET-6). Blank lines
 * and surrounding spaces are ignored, duplicates (case-insensitive) kept once, every other line
 * must be a mail address; the first bad line is reported with its number.
 */
final class NotificationAddresses {

    static final int MAX = 20;
    // a pragmatic subset of RFC 5321: dot-atom local part, a domain with at least one dot
    private static final Pattern ADDRESS = Pattern.compile(
            "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
                    + "@([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)+[A-Za-z]{2,63}");

    /** A line that is not a mail address. */
    static final class BadLine extends RuntimeException {
        final int line;
        final String text;

        BadLine(int line, String text) {
            super("line " + line);
            this.line = line;
            this.text = text;
        }
    }

    /** Too many addresses. */
    static final class TooMany extends RuntimeException {
    }

    private NotificationAddresses() {
    }

    static List<String> parse(String text) {
        if (text == null) {
            return List.of();
        }
        String[] lines = text.split("\\r?\\n|\\r", -1);
        Set<String> seen = new LinkedHashSet<>();
        List<String> addresses = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty()) {
                continue;
            }
            if (!isValid(line)) {
                throw new BadLine(i + 1, line);
            }
            if (seen.add(line.toLowerCase(Locale.ROOT))) {
                addresses.add(line);
            }
        }
        if (addresses.size() > MAX) {
            throw new TooMany();
        }
        return List.copyOf(addresses);
    }

    static boolean isValid(String address) {
        return address.length() <= 254 && address.indexOf('@') <= 64 && ADDRESS.matcher(address).matches();
    }
}
