package org.sra.directory.settings;

import java.util.regex.Pattern;

/** Dotted-quad IPv4 addresses as an admin types them: four decimal octets, no leading zeros. */
final class Ipv4 {

    private static final Pattern OCTET = Pattern.compile("0|[1-9][0-9]{0,2}");

    private Ipv4() {
    }

    static boolean isValid(String text) {
        if (text == null) {
            return false;
        }
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String part : parts) {
            if (!OCTET.matcher(part).matches() || Integer.parseInt(part) > 255) {
                return false;
            }
        }
        return true;
    }
}
