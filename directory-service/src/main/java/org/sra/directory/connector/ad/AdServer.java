package org.sra.directory.connector.ad;

import java.util.Objects;

/**
 * One domain controller: its host name (as the admin typed it; informative), the IPv4 address
 * the connector dials, and the port (389, 636 for LDAPS, or another in tests and labs).
 */
public record AdServer(String host, String address, int port) {

    public AdServer {
        Objects.requireNonNull(address, "address");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }

    @Override
    public String toString() {
        return host + " (" + address + ":" + port + ")";
    }
}
