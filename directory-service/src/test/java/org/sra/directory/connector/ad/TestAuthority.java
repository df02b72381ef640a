package org.sra.directory.connector.ad;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A throwaway certificate authority for the tests of a registered CA, made with the JDK's
 * {@code keytool}: the CA (basicConstraints CA, PEM) and server key stores it issues (key and
 * chain, PKCS12, password {@link #PASSWORD}) for a host name, to start the demo directory with.
 */
public final class TestAuthority {

    public static final char[] PASSWORD = "changeit".toCharArray();

    private final Path dir;
    private final Path caStore;
    private final Path caPem;

    private TestAuthority(Path dir) {
        this.dir = dir;
        this.caStore = dir.resolve("ca.p12");
        this.caPem = dir.resolve("ca.pem");
    }

    /** A new CA {@code CN=<name>}, valid from yesterday for {@code days} days from its start (≥ 2 for a usable one). */
    public static TestAuthority create(String name, String startDate, int days) throws IOException, InterruptedException {
        TestAuthority ca = new TestAuthority(Files.createTempDirectory("sra-test-ca"));
        List<String> generate = new ArrayList<>(List.of("-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname",
                "secp256r1", "-dname", "CN=" + name, "-ext", "bc:c", "-validity", String.valueOf(days),
                "-storetype", "PKCS12", "-keystore", ca.caStore.toString(), "-storepass", pass(), "-keypass", pass()));
        if (startDate != null) {
            generate.addAll(List.of("-startdate", startDate));
        }
        ca.keytool(generate.toArray(String[]::new));
        ca.keytool("-exportcert", "-rfc", "-alias", "ca", "-keystore", ca.caStore.toString(), "-storepass", pass(),
                "-file", ca.caPem.toString());
        return ca;
    }

    /** A CA valid from yesterday for three days. */
    public static TestAuthority create(String name) throws IOException, InterruptedException {
        return create(name, "-1d", 3);
    }

    /** The CA's certificate as PEM. */
    public String pem() throws IOException {
        return Files.readString(caPem);
    }

    /**
     * A server key store for {@code dnsName} (SAN DNS and IP 127.0.0.1) issued by this CA, with the
     * chain (server certificate, then this CA).
     */
    public File issue(String alias, String dnsName) throws IOException, InterruptedException {
        Path store = dir.resolve(alias + ".p12");
        Path csr = dir.resolve(alias + ".csr");
        Path pem = dir.resolve(alias + ".pem");
        keytool("-genkeypair", "-alias", alias, "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=" + dnsName,
                "-validity", "2", "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", pass(),
                "-keypass", pass());
        keytool("-certreq", "-alias", alias, "-keystore", store.toString(), "-storepass", pass(), "-file",
                csr.toString());
        keytool("-gencert", "-alias", "ca", "-keystore", caStore.toString(), "-storepass", pass(), "-infile",
                csr.toString(), "-outfile", pem.toString(), "-rfc", "-validity", "2", "-ext", "EKU=serverAuth",
                "-ext", "SAN=DNS:" + dnsName + ",IP:127.0.0.1");
        keytool("-importcert", "-noprompt", "-alias", "ca", "-keystore", store.toString(), "-storepass", pass(),
                "-file", caPem.toString());
        keytool("-importcert", "-alias", alias, "-keystore", store.toString(), "-storepass", pass(), "-file",
                pem.toString());
        return store.toFile();
    }

    /** The PEM of the server certificate issued as {@code alias} (not a CA). */
    public String issuedPem(String alias) throws IOException {
        return Files.readString(dir.resolve(alias + ".pem"));
    }

    private static String pass() {
        return new String(PASSWORD);
    }

    private void keytool(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (process.waitFor() != 0) {
            throw new IOException("keytool " + String.join(" ", args) + " failed: " + output);
        }
    }
}
