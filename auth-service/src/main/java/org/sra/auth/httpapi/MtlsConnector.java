package org.sra.auth.httpapi;

import org.apache.catalina.connector.Connector;
import org.apache.coyote.http11.Http11NioProtocol;
import org.apache.tomcat.util.net.SSLHostConfig;
import org.apache.tomcat.util.net.SSLHostConfigCertificate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;

/**
 * Adds the client-certificate HTTPS connector to the embedded Tomcat when
 * {@code sra.auth.http-mtls.port} is set: TLS with this server's key, client certificate
 * <b>required</b> and verified against {@code trust-store} only (the CA that issues NAS
 * certificates), so a client without a certificate, or with one from another CA, fails the
 * handshake and never reaches the application. Which NAS client a verified certificate names is
 * decided by {@link NasCertificates}.
 */
@Component
public class MtlsConnector implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {

    private static final Logger log = LoggerFactory.getLogger(MtlsConnector.class);

    private final MtlsSettings settings;
    private volatile Connector connector;

    MtlsConnector(MtlsSettings settings) {
        this.settings = settings;
    }

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
        if (!settings.enabled()) {
            return;
        }
        if (!StringUtils.hasText(settings.keyStore()) || !StringUtils.hasText(settings.trustStore())) {
            // without its own trust store Tomcat would fall back to the JVM's, i.e. any public CA
            throw new IllegalStateException("sra.auth.http-mtls.port is set: key-store and trust-store are required");
        }
        Connector https = new Connector(Http11NioProtocol.class.getName());
        https.setPort(settings.port());
        https.setScheme("https");
        https.setSecure(true);
        Http11NioProtocol protocol = (Http11NioProtocol) https.getProtocolHandler();
        protocol.setSSLEnabled(true);
        SSLHostConfig tls = new SSLHostConfig();
        tls.setHostName("_default_");
        tls.setProtocols("TLSv1.2+TLSv1.3");
        tls.setCertificateVerification("required");
        tls.setTruststoreFile(path(settings.trustStore()));
        tls.setTruststorePassword(settings.trustStorePassword());
        tls.setTruststoreType("PKCS12");
        SSLHostConfigCertificate certificate = new SSLHostConfigCertificate(tls, SSLHostConfigCertificate.Type.UNDEFINED);
        certificate.setCertificateKeystoreFile(path(settings.keyStore()));
        certificate.setCertificateKeystorePassword(settings.keyStorePassword());
        certificate.setCertificateKeystoreType("PKCS12");
        tls.addCertificate(certificate);
        protocol.addSslHostConfig(tls);
        factory.addAdditionalConnectors(https);
        connector = https;
        log.info("HTTP decision API with client certificates on port {}", settings.port() == 0 ? "(any free)" : settings.port());
    }

    /** Whether a request arrived on the client-certificate connector. */
    public boolean isMtlsPort(int localPort) {
        Connector https = connector;
        return https != null && https.getLocalPort() == localPort;
    }

    /** The bound port (tests ask for any free one), or -1 when the connector is off. */
    public int localPort() {
        Connector https = connector;
        return https == null ? -1 : https.getLocalPort();
    }

    private static String path(String location) {
        return location.startsWith("file:") ? location.substring(5) : location;
    }
}
