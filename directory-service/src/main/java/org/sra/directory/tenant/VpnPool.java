package org.sra.directory.tenant;

import java.util.List;
import java.util.regex.Pattern;

/**
 * A tenant's VPN address pool, an IPv4 CIDR block such as {@code 10.239.17.0/24} (R-SET-8).
 * Written in its canonical form (host bits cleared is required, so what the operator typed is
 * what clients get).
 */
public record VpnPool(int network, int prefixLength) {

    private static final Pattern CIDR = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})/(\\d{1,2})");

    /** Parses {@code a.b.c.d/n}; refuses bad octets, prefixes outside 8–30 and set host bits. */
    public static VpnPool parse(String text) {
        var matcher = CIDR.matcher(text == null ? "" : text.strip());
        if (!matcher.matches()) {
            throw new IllegalArgumentException("not an IPv4 CIDR block: " + text);
        }
        int address = 0;
        for (int i = 1; i <= 4; i++) {
            int octet = Integer.parseInt(matcher.group(i));
            if (octet > 255) {
                throw new IllegalArgumentException("octet out of range in " + text);
            }
            address = (address << 8) | octet;
        }
        int prefix = Integer.parseInt(matcher.group(5));
        if (prefix < 8 || prefix > 30) {
            throw new IllegalArgumentException("prefix length must be 8 to 30: " + text);
        }
        if ((address & ~mask(prefix)) != 0) {
            throw new IllegalArgumentException("host bits are set in " + text);
        }
        return new VpnPool(address, prefix);
    }

    /**
     * Whether the whole block lies in address space meant for private networks: RFC 1918
     * ({@code 10.0.0.0/8}, {@code 172.16.0.0/12}, {@code 192.168.0.0/16}) or RFC 6598's shared
     * space ({@code 100.64.0.0/10}, which carriers and VPNs use). A pool elsewhere would hand
     * clients loopback, link-local, multicast, "this network" or someone else's public addresses.
     */
    public boolean isPrivate() {
        for (VpnPool space : PRIVATE_SPACE) {
            if (prefixLength >= space.prefixLength && (network & mask(space.prefixLength)) == space.network) {
                return true;
            }
        }
        return false;
    }

    private static final List<VpnPool> PRIVATE_SPACE = List.of(
            new VpnPool(10 << 24, 8), new VpnPool((172 << 24) | (16 << 16), 12),
            new VpnPool((192 << 24) | (168 << 16), 16), new VpnPool((100 << 24) | (64 << 16), 10));

    public boolean overlaps(VpnPool other) {
        int shorter = Math.min(prefixLength, other.prefixLength);
        return (network & mask(shorter)) == (other.network & mask(shorter));
    }

    public String cidr() {
        return ((network >>> 24) & 255) + "." + ((network >>> 16) & 255) + "." + ((network >>> 8) & 255) + "."
                + (network & 255) + "/" + prefixLength;
    }

    private static int mask(int prefix) {
        return prefix == 0 ? 0 : -1 << (32 - prefix);
    }
}
