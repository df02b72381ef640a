package org.sra.auth.support;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A throwaway certificate authority for tests, made with the JDK's {@code keytool} (no other
 * library): a CA, certificates it issues (server or client, with a SAN) as PKCS12 key stores
 * holding the key and its chain, and a trust store holding the CA. Password {@value #PASSWORD}.
 */
public final class TestCertificates {

    public static final String PASSWORD = "changeit";

    private final Path dir;
    private final Path caStore;
    private final Path caPem;
    private final Path trustStore;

    private TestCertificates(Path dir) {
        this.dir = dir;
        this.caStore = dir.resolve("ca.p12");
        this.caPem = dir.resolve("ca.pem");
        this.trustStore = dir.resolve("trust.p12");
    }

    /** A new CA named {@code CN=<name>} in a new temporary directory. */
    public static TestCertificates newAuthority(String name) throws IOException, InterruptedException {
        TestCertificates ca = new TestCertificates(Files.createTempDirectory("test-ca"));
        ca.keytool("-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=" + name,
                "-ext", "bc:c", "-validity", "2", "-storetype", "PKCS12", "-keystore", ca.caStore.toString(),
                "-storepass", PASSWORD, "-keypass", PASSWORD);
        ca.keytool("-exportcert", "-rfc", "-alias", "ca", "-keystore", ca.caStore.toString(), "-storepass", PASSWORD,
                "-file", ca.caPem.toString());
        ca.keytool("-importcert", "-noprompt", "-alias", "ca", "-storetype", "PKCS12", "-keystore",
                ca.trustStore.toString(), "-storepass", PASSWORD, "-file", ca.caPem.toString());
        return ca;
    }

    /** This CA's certificate as PEM (what a tenant registers as the CA of its domain controllers). */
    public String caPem() throws IOException {
        return Files.readString(caPem);
    }

    /** PKCS12 trust store with this CA only. */
    public Path trustStore() {
        return trustStore;
    }

    /** A server certificate {@code CN=127.0.0.1}, SAN IP 127.0.0.1. */
    public Path issueServer(String alias) throws IOException, InterruptedException {
        return issue(alias, "CN=127.0.0.1", "IP:127.0.0.1", "serverAuth");
    }

    /** A client certificate {@code CN=<commonName>} with the given SAN (e.g. {@code IP:127.0.0.7}) or none. */
    public Path issueClient(String alias, String commonName, String san) throws IOException, InterruptedException {
        return issue(alias, "CN=" + commonName, san, "clientAuth");
    }

    /**
     * @return a PKCS12 key store with the key and its chain (the certificate, then this CA) under {@code alias}
     */
    public Path issue(String alias, String dn, String san, String extendedKeyUsage) throws IOException, InterruptedException {
        Path store = dir.resolve(alias + ".p12");
        Path csr = dir.resolve(alias + ".csr");
        Path pem = dir.resolve(alias + ".pem");
        keytool("-genkeypair", "-alias", alias, "-keyalg", "EC", "-groupname", "secp256r1", "-dname", dn, "-validity",
                "2", "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD);
        keytool("-certreq", "-alias", alias, "-keystore", store.toString(), "-storepass", PASSWORD, "-file",
                csr.toString());
        List<String> gencert = new ArrayList<>(List.of("-gencert", "-alias", "ca", "-keystore", caStore.toString(),
                "-storepass", PASSWORD, "-infile", csr.toString(), "-outfile", pem.toString(), "-rfc", "-validity", "2",
                "-ext", "EKU=" + extendedKeyUsage));
        if (san != null) {
            gencert.addAll(List.of("-ext", "SAN=" + san));
        }
        keytool(gencert.toArray(String[]::new));
        keytool("-importcert", "-noprompt", "-alias", "ca", "-keystore", store.toString(), "-storepass", PASSWORD,
                "-file", caPem.toString());
        keytool("-importcert", "-alias", alias, "-keystore", store.toString(), "-storepass", PASSWORD, "-file",
                pem.toString());
        return store;
    }

    /** A TLS context presenting {@code keyStore}'s key (or none) and trusting {@code trustStore}'s CAs (or the JVM's). */
    public static SSLContext context(Path keyStore, Path trustStore) throws IOException, GeneralSecurityException {
        SSLContext context = SSLContext.getInstance("TLS");
        KeyManagerFactory keys = null;
        if (keyStore != null) {
            keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(load(keyStore), PASSWORD.toCharArray());
        }
        TrustManagerFactory trust = null;
        if (trustStore != null) {
            trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(load(trustStore));
        }
        context.init(keys == null ? null : keys.getKeyManagers(), trust == null ? null : trust.getTrustManagers(), null);
        return context;
    }

    public static KeyStore load(Path store) throws IOException, GeneralSecurityException {
        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keyStore.load(in, PASSWORD.toCharArray());
        }
        return keyStore;
    }

    private void keytool(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (process.waitFor() != 0) {
            throw new IllegalStateException("keytool " + String.join(" ", args) + " failed: " + output);
        }
    }
}
