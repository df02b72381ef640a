package org.sra.auth.httpapi;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The second HTTPS connector of the HTTP decision API, where NAS clients authenticate with a
 * client certificate instead of HTTP Basic (R-AUT-1 over HTTP). Off unless
 * {@code port} is set.
 *
 * @param port               HTTPS port requiring client certificates; -1 (default) = off, 0 = any free port (tests)
 * @param keyStore           PKCS12 file with this server's key and certificate chain
 * @param keyStorePassword   its password
 * @param trustStore         PKCS12 file with the CA(s) that issue NAS client certificates — and nothing else:
 *                           every certificate it trusts may name a NAS client
 * @param trustStorePassword its password
 */
@ConfigurationProperties("sra.auth.http-mtls")
public record MtlsSettings(@DefaultValue("-1") int port,
                           String keyStore,
                           String keyStorePassword,
                           String trustStore,
                           String trustStorePassword) {

    public boolean enabled() {
        return port >= 0;
    }
}
