package org.sra.auth.password;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * The CA a tenant registered for its domain controllers (PEM, checked by directory-service when
 * the settings were saved: CA certificates, valid then) as the only trust of StartTLS and LDAPS:
 * the JDK's PKIX trust manager over a key store holding just these certificates as anchors.
 */
final class RegisteredCa {

    private RegisteredCa() {
    }

    /**
     * Trust managers trusting exactly the certificates of {@code pem}.
     *
     * @throws CertificateException when the text holds no readable certificate (then nothing is
     *                              trusted: the directory is unavailable, never the JVM's CAs used instead)
     */
    static TrustManager[] trustManager(String pem) throws GeneralSecurityException, IOException {
        List<X509Certificate> anchors = certificates(pem);
        if (anchors.isEmpty()) {
            throw new CertificateException("the registered CA holds no certificate");
        }
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        for (int i = 0; i < anchors.size(); i++) {
            store.setCertificateEntry("ca-" + i, anchors.get(i));
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
        factory.init(store);
        return factory.getTrustManagers();
    }

    /** The X.509 certificates of PEM text (the JDK reads each {@code CERTIFICATE} block). */
    static List<X509Certificate> certificates(String pem) throws CertificateException {
        Collection<? extends Certificate> read = CertificateFactory.getInstance("X.509")
                .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
        List<X509Certificate> certificates = new ArrayList<>();
        for (Certificate certificate : read) {
            if (certificate instanceof X509Certificate x509) {
                certificates.add(x509);
            }
        }
        return certificates;
    }
}
