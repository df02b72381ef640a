package org.sra.kit.web;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletRequest;

/**
 * The address of the client behind a request, for login back-off, download history and the like.
 * The gateway works it out once (from the TCP peer, or from {@code X-Forwarded-For} as far as its
 * trusted proxies reach) and sends it in {@link #HEADER}, overwriting whatever a client sent under
 * that name; it also drops the client's {@code X-Forwarded-For} and {@code Forwarded}. So a
 * service reads the address from {@link #HEADER} only, and from the socket peer when the header is
 * absent (a direct call, as in tests). A header that is not an IP address is ignored the same way.
 * The header is trustworthy because nothing but the gateway reaches the services (the local stack
 * binds them to 127.0.0.1, compose does not publish their ports, their k8s Services are
 * cluster-internal).
 */
public final class ClientAddress {

    /** Set by the gateway on every request it forwards. */
    public static final String HEADER = "X-SRA-Client-Address";

    private static final Pattern IPV4 = Pattern.compile(
            "((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");
    /** Only the characters of an IPv6 literal (no zone, no brackets): anything else is no address. */
    private static final Pattern IPV6_CHARACTERS = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

    private ClientAddress() {
    }

    /** The client's address: the gateway's header, else the socket peer. */
    public static String of(HttpServletRequest request) {
        String given = request.getHeader(HEADER);
        if (given != null) {
            Optional<String> address = literal(given.strip());
            if (address.isPresent()) {
                return address.get();
            }
        }
        return literal(request.getRemoteAddr()).orElse(request.getRemoteAddr());
    }

    /**
     * The text as an IP address in its usual written form (IPv6 compressed as RFC 5952 writes it:
     * {@code ::1}, {@code 2001:db8::1}), or empty when it is not an IPv4 or IPv6 literal. Never asks
     * DNS: only text that can be nothing but a literal is parsed.
     */
    static Optional<String> literal(String text) {
        boolean v4 = IPV4.matcher(text).matches();
        if (!v4 && !(text.indexOf(':') >= 0 && IPV6_CHARACTERS.matcher(text).matches())) {
            return Optional.empty();
        }
        try {
            return Optional.of(written(InetAddress.getByName(text)));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    /**
     * An address as people write it: IPv4 dotted, IPv6 in the RFC 5952 form — lower case, no leading
     * zeros, the longest run of two or more zero groups as {@code ::} ({@code ::1}, not
     * {@code 0:0:0:0:0:0:0:1}, which is what {@link InetAddress#getHostAddress()} writes).
     */
    public static String written(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return address.getHostAddress();
        }
        byte[] bytes = address.getAddress();
        int[] groups = new int[8];
        for (int n = 0; n < 8; n++) {
            groups[n] = (bytes[2 * n] & 0xff) << 8 | bytes[2 * n + 1] & 0xff;
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int n = 0; n < 8; ) {
            if (groups[n] != 0) {
                n++;
                continue;
            }
            int start = n;
            while (n < 8 && groups[n] == 0) {
                n++;
            }
            if (n - start > bestLength) {
                bestStart = start;
                bestLength = n - start;
            }
        }
        StringBuilder text = new StringBuilder();
        for (int n = 0; n < 8; n++) {
            if (n == bestStart) {
                text.append("::");
                n += bestLength - 1;
                continue;
            }
            if (!text.isEmpty() && text.charAt(text.length() - 1) != ':') {
                text.append(':');
            }
            text.append(Integer.toHexString(groups[n]));
        }
        return text.toString();
    }
}
