package org.sra.auth.lease;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * An IPv4 pool such as {@code 10.239.17.0/24}. Handed out: every host address except the
 * network, the broadcast and the first host, which is kept for the headend's own inside
 * address. A /31 or /32 has no room for clients.
 */
public record AddressPool(int network, int prefixLength) {

    public static AddressPool parse(String cidr) {
        String[] parts = cidr.strip().split("/");
        if (parts.length != 2) {
            throw new IllegalArgumentException("not a CIDR block: " + cidr);
        }
        try {
            InetAddress address = InetAddress.getByName(parts[0]);
            if (!(address instanceof Inet4Address)) {
                throw new IllegalArgumentException("the VPN pool must be IPv4: " + cidr);
            }
            int length = Integer.parseInt(parts[1]);
            if (length < 8 || length > 32) {
                throw new IllegalArgumentException("pool prefix must be /8 to /32: " + cidr);
            }
            return new AddressPool(toInt(address.getAddress()) & mask(length), length);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IPv4 address: " + cidr, e);
        }
    }

    /** How many addresses clients can get. */
    public int size() {
        return Math.max(0, (1 << (32 - prefixLength)) - 3);
    }

    /** The i-th client address, 0 ≤ i &lt; size(). */
    public String address(int index) {
        if (index < 0 || index >= size()) {
            throw new IndexOutOfBoundsException(index);
        }
        return toText(network + 2 + index);
    }

    public String netmask() {
        return toText(mask(prefixLength));
    }

    public boolean contains(String address) {
        try {
            InetAddress parsed = InetAddress.getByName(address);
            return parsed instanceof Inet4Address && (toInt(parsed.getAddress()) & mask(prefixLength)) == network;
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static int mask(int length) {
        return length == 0 ? 0 : -1 << (32 - length);
    }

    private static int toInt(byte[] b) {
        return ((b[0] & 0xff) << 24) | ((b[1] & 0xff) << 16) | ((b[2] & 0xff) << 8) | (b[3] & 0xff);
    }

    private static String toText(int value) {
        return ((value >>> 24) & 0xff) + "." + ((value >>> 16) & 0xff) + "." + ((value >>> 8) & 0xff) + "." + (value & 0xff);
    }
}
