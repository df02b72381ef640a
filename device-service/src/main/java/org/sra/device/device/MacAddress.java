package org.sra.device.device;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A MAC address in the one form SRA stores and shows: lower case, colon separated
 * ({@code 12:34:56:78:90:ab}). Admins type the colon form; VPN clients send the dash form
 * ({@code 12-34-56-78-90-AB}); both mean the same adapter (R-DEV-1).
 */
public final class MacAddress {

    /** Six hex pairs with one separator, the same throughout: {@code :} or {@code -}. */
    private static final Pattern ACCEPTED = Pattern.compile("\\p{XDigit}{2}([:-])\\p{XDigit}{2}(\\1\\p{XDigit}{2}){4}");

    private MacAddress() {
    }

    /** The stored form of {@code text}, or empty when it is not a MAC address in either form. */
    public static Optional<String> normalize(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String trimmed = text.strip();
        if (!ACCEPTED.matcher(trimmed).matches()) {
            return Optional.empty();
        }
        return Optional.of(trimmed.replace('-', ':').toLowerCase(Locale.ROOT));
    }
}
