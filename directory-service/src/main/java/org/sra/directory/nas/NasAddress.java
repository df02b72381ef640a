package org.sra.directory.nas;

import java.util.regex.Pattern;

/**
 * The address a headend's RADIUS packets come from: one IPv4 address ({@code 203.0.113.10}) or
 * an IPv4 CIDR block with the host bits zero ({@code 203.0.113.0/28}). Kept in canonical form.
 */
public record NasAddress(int network, int prefixLength) {

    private static final Pattern FORM = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})(?:/(\\d{1,2}))?");

    public static NasAddress parse(String text) {
        var matcher = FORM.matcher(text == null ? "" : text.strip());
        if (!matcher.matches()) {
            throw new IllegalArgumentException("not an IPv4 address or CIDR block: " + text);
        }
        int address = 0;
        for (int i = 1; i <= 4; i++) {
            int octet = Integer.parseInt(matcher.group(i));
            if (octet > 255 || (matcher.group(i).length() > 1 && matcher.group(i).startsWith("0"))) {
                throw new IllegalArgumentException("bad octet in " + text);
            }
            address = (address << 8) | octet;
        }
        int prefix = matcher.group(5) == null ? 32 : Integer.parseInt(matcher.group(5));
        if (prefix < 8 || prefix > 32) {
            throw new IllegalArgumentException("prefix length must be 8 to 32: " + text);
        }
        if ((address & ~mask(prefix)) != 0) {
            throw new IllegalArgumentException("host bits are set in " + text);
        }
        return new NasAddress(address, prefix);
    }

    /** Two headends whose addresses overlap could not be told apart. */
    public boolean overlaps(NasAddress other) {
        int shorter = Math.min(prefixLength, other.prefixLength);
        return (network & mask(shorter)) == (other.network & mask(shorter));
    }

    public String text() {
        String address = ((network >>> 24) & 255) + "." + ((network >>> 16) & 255) + "." + ((network >>> 8) & 255)
                + "." + (network & 255);
        return prefixLength == 32 ? address : address + "/" + prefixLength;
    }

    private static int mask(int prefix) {
        return prefix == 0 ? 0 : -1 << (32 - prefix);
    }
}
