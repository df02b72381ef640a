package org.sra.directory.connector.ad;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * The CA certificate(s) a tenant registers for its domain controllers (PEM), and TLS trust built
 * from them: with a registered CA, StartTLS and LDAPS trust that CA only (JDK PKIX over a key store
 * holding just these certificates as trust anchors), not the JVM's trust store. No Spring in it.
 */
public final class CaCertificates {

    /** At most this many certificates (a root and some intermediates, or the CAs of two forests). */
    public static final int MAX_CERTIFICATES = 10;
    /** At most this many characters of PEM text (ten RSA-4096 certificates fit easily). */
    public static final int MAX_CHARS = 65_536;

    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN CERTIFICATE-----(.*?)-----END CERTIFICATE-----", Pattern.DOTALL);
    private static final Pattern ANY_BLOCK = Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----");

    private CaCertificates() {
    }

    /** Why registered PEM text cannot be used; {@code certificate} is 1-based, 0 when about the whole text. */
    public enum Reason {
        /** No {@code CERTIFICATE} block in it. */
        NOT_PEM,
        /** A private key was pasted: never stored, never shown. */
        PRIVATE_KEY,
        /** A block is not a readable X.509 certificate. */
        UNREADABLE,
        /** A certificate is not a CA certificate (no basicConstraints CA). */
        NOT_CA,
        /** A certificate has expired. */
        EXPIRED,
        /** A certificate is not valid yet. */
        NOT_YET_VALID,
        /** More than {@link #MAX_CERTIFICATES}. */
        TOO_MANY,
        /** More than {@link #MAX_CHARS} characters. */
        TOO_LONG
    }

    /** The text cannot be registered: why, which certificate (1-based, 0 for the whole text), its subject and dates. */
    public static final class Invalid extends Exception {

        private static final long serialVersionUID = 1L;

        private final Reason reason;
        private final int certificate;
        private final transient X509Certificate subject;

        Invalid(Reason reason, int certificate, X509Certificate subject) {
            super(reason + (certificate > 0 ? " (certificate " + certificate + ")" : ""), null, false, false);
            this.reason = reason;
            this.certificate = certificate;
            this.subject = subject;
        }

        public Reason reason() {
            return reason;
        }

        public int certificate() {
            return certificate;
        }

        /** The certificate at fault, when one was readable. */
        public X509Certificate offending() {
            return subject;
        }
    }

    /**
     * Reads the {@code CERTIFICATE} blocks of {@code pem} (text around them, as in a bundle with
     * comments, is ignored) and checks that each is a CA certificate valid at {@code now}.
     */
    public static List<X509Certificate> parse(String pem, Instant now) throws Invalid {
        List<X509Certificate> certificates = read(pem);
        for (int i = 0; i < certificates.size(); i++) {
            X509Certificate certificate = certificates.get(i);
            if (certificate.getBasicConstraints() < 0) {
                throw new Invalid(Reason.NOT_CA, i + 1, certificate);
            }
            try {
                certificate.checkValidity(Date.from(now));
            } catch (CertificateExpiredException e) {
                throw new Invalid(Reason.EXPIRED, i + 1, certificate);
            } catch (CertificateNotYetValidException e) {
                throw new Invalid(Reason.NOT_YET_VALID, i + 1, certificate);
            }
        }
        return certificates;
    }

    /** The certificates of {@code pem} without the CA and validity checks (text already checked when it was saved). */
    public static List<X509Certificate> read(String pem) throws Invalid {
        if (pem.length() > MAX_CHARS) {
            throw new Invalid(Reason.TOO_LONG, 0, null);
        }
        Matcher others = ANY_BLOCK.matcher(pem);
        while (others.find()) {
            if (others.group(1).contains("PRIVATE KEY")) {
                throw new Invalid(Reason.PRIVATE_KEY, 0, null);
            }
        }
        List<X509Certificate> certificates = new ArrayList<>();
        Matcher block = BLOCK.matcher(pem);
        CertificateFactory factory;
        try {
            factory = CertificateFactory.getInstance("X.509");
        } catch (CertificateException e) {
            throw new IllegalStateException("no X.509 support in this JVM", e);
        }
        while (block.find()) {
            if (certificates.size() == MAX_CERTIFICATES) {
                throw new Invalid(Reason.TOO_MANY, 0, null);
            }
            int index = certificates.size() + 1;
            try {
                byte[] der = Base64.getMimeDecoder().decode(block.group(1).replaceAll("\\s", ""));
                certificates.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der)));
            } catch (IllegalArgumentException | CertificateException | ClassCastException e) {
                throw new Invalid(Reason.UNREADABLE, index, null);
            }
        }
        if (certificates.isEmpty()) {
            throw new Invalid(Reason.NOT_PEM, 0, null);
        }
        return certificates;
    }

    /** What the settings show of a registered certificate: subject, issuer, expiry and SHA-256 fingerprint. */
    public record Summary(String subject, String issuer, Instant notAfter, String sha256) {

        public static Summary of(X509Certificate certificate) {
            try {
                byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
                return new Summary(certificate.getSubjectX500Principal().getName(),
                        certificate.getIssuerX500Principal().getName(), certificate.getNotAfter().toInstant(),
                        HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("cannot fingerprint " + certificate.getSubjectX500Principal(), e);
            }
        }
    }

    /** The certificates as PEM, one block each, 64 characters a line: what is stored and sent. */
    public static String toPem(List<X509Certificate> certificates) {
        StringBuilder pem = new StringBuilder();
        Base64.Encoder encoder = Base64.getMimeEncoder(64, new byte[] {'\n'});
        for (X509Certificate certificate : certificates) {
            try {
                pem.append("-----BEGIN CERTIFICATE-----\n").append(encoder.encodeToString(certificate.getEncoded()))
                        .append("\n-----END CERTIFICATE-----\n");
            } catch (CertificateEncodingException e) {
                throw new IllegalStateException("cannot encode " + certificate.getSubjectX500Principal(), e);
            }
        }
        return pem.toString();
    }

    /**
     * Trusts a server whose chain leads to one of {@code anchors} and nothing else (JDK PKIX, no
     * revocation check, as the JVM's default). A chain that does not is refused with
     * {@link Untrusted}, so the connector can tell it from other TLS failures.
     */
    public static X509TrustManager trusting(List<X509Certificate> anchors) {
        if (anchors.isEmpty()) {
            return new Marking(NOTHING, true);
        }
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            for (int i = 0; i < anchors.size(); i++) {
                store.setCertificateEntry("ca-" + i, anchors.get(i));
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
            factory.init(store);
            for (TrustManager manager : factory.getTrustManagers()) {
                if (manager instanceof X509TrustManager x509) {
                    return new Marking(x509, true);
                }
            }
            throw new IllegalStateException("PKIX offers no X509TrustManager");
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build a trust manager over the registered CA", e);
        }
    }

    /** Trusts no server at all. */
    private static final X509TrustManager NOTHING = new X509TrustManager() {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("no CA is trusted");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("no CA is trusted");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    };

    /** {@code trust} with its refusals marked as {@link Untrusted} (for the JVM's trust store and others given). */
    static TrustManager marking(TrustManager trust) {
        if (trust instanceof Marking || !(trust instanceof X509TrustManager x509)) {
            return trust;
        }
        return new Marking(x509, false);
    }

    /** The server's certificate chain does not lead to a trusted CA (the registered one, or the JVM's). */
    public static final class Untrusted extends CertificateException {

        private static final long serialVersionUID = 1L;

        Untrusted(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Passes every check to {@code delegate}; a refused server chain becomes {@link Untrusted}. */
    private static final class Marking extends X509ExtendedTrustManager {

        private final X509TrustManager delegate;
        private final boolean registered;

        Marking(X509TrustManager delegate, boolean registered) {
            this.delegate = delegate;
            this.registered = registered;
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            try {
                delegate.checkServerTrusted(chain, authType);
            } catch (CertificateException e) {
                throw untrusted(chain, e);
            }
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            try {
                if (delegate instanceof X509ExtendedTrustManager extended) {
                    extended.checkServerTrusted(chain, authType, socket);
                } else {
                    delegate.checkServerTrusted(chain, authType);
                }
            } catch (CertificateException e) {
                throw untrusted(chain, e);
            }
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            try {
                if (delegate instanceof X509ExtendedTrustManager extended) {
                    extended.checkServerTrusted(chain, authType, engine);
                } else {
                    delegate.checkServerTrusted(chain, authType);
                }
            } catch (CertificateException e) {
                throw untrusted(chain, e);
            }
        }

        private Untrusted untrusted(X509Certificate[] chain, CertificateException cause) {
            String subject = chain == null || chain.length == 0 ? "?" : chain[0].getSubjectX500Principal().getName();
            String issuer = chain == null || chain.length == 0 ? "?" : chain[0].getIssuerX500Principal().getName();
            return new Untrusted("the certificate of " + subject + " (issued by " + issuer + ") is not signed by "
                    + (registered ? "the registered CA" : "a CA of the JVM's trust store") + ": " + cause.getMessage(),
                    cause);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            delegate.checkClientTrusted(chain, authType);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            delegate.checkClientTrusted(chain, authType);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            delegate.checkClientTrusted(chain, authType);
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return delegate.getAcceptedIssuers();
        }
    }
}
