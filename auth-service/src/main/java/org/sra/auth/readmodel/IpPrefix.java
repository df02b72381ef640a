package org.sra.auth.readmodel;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/** An IP address or CIDR block ({@code 192.0.2.10}, {@code 192.0.2.0/24}, IPv6 alike). */
public record IpPrefix(byte[] network, int length) {

    public static IpPrefix parse(String text) {
        String[] parts = text.strip().split("/", 2);
        try {
            byte[] address = InetAddress.getByName(parts[0]).getAddress();
            int length = parts.length == 2 ? Integer.parseInt(parts[1]) : address.length * 8;
            if (length < 0 || length > address.length * 8) {
                throw new IllegalArgumentException("bad prefix length in " + text);
            }
            return new IpPrefix(mask(address, length), length);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address: " + text, e);
        }
    }

    public boolean contains(InetAddress address) {
        byte[] bytes = address.getAddress();
        return bytes.length == network.length && Arrays.equals(mask(bytes, length), network);
    }

    private static byte[] mask(byte[] address, int length) {
        byte[] masked = address.clone();
        for (int i = 0; i < masked.length; i++) {
            int bits = Math.max(0, Math.min(8, length - i * 8));
            masked[i] &= (byte) (0xff << (8 - bits));
        }
        return masked;
    }
}
