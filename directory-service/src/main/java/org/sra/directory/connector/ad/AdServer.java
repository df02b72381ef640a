package org.sra.directory.connector.ad;

import java.util.Objects;

/**
 * One domain controller: its host name (as the admin typed it: the name its TLS certificate must
 * carry), the IPv4 address the connector dials, and the port (389, 636 for LDAPS, or another in
 * tests and labs).
 */
public record AdServer(String host, String address, int port) {

    public AdServer {
        Objects.requireNonNull(address, "address");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }

    /**
     * The name this server's certificate must carry: the host name as given, completed with the
     * AD domain when it is a bare name ({@code dc01} + {@code corp.example.com}).
     */
    public String tlsName(String domain) {
        return tlsName(host, domain);
    }

    public static String tlsName(String host, String domain) {
        if (host == null || host.isBlank()) {
            return null;
        }
        String name = host.strip();
        return name.contains(".") || domain == null || domain.isBlank() ? name : name + "." + domain.strip();
    }

    @Override
    public String toString() {
        return host + " (" + address + ":" + port + ")";
    }
}
