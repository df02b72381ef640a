package org.sra.directory.testad;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import org.junit.jupiter.api.Assumptions;

/**
 * Debian's OpenLDAP {@code slapd} (back_mdb) started by a test on a free loopback port, with
 * the AD attributes the connector reads ({@code slapd-ad.schema}). Tests using it are skipped,
 * with a message, where {@code /usr/sbin/slapd} is not installed.
 */
public final class Slapd implements AutoCloseable {

    public static final Path BINARY = Path.of("/usr/sbin/slapd");
    public static final String BASE_DN = "dc=corp,dc=example,dc=com";
    public static final String ADMIN_DN = "cn=admin," + BASE_DN;
    public static final String ADMIN_PASSWORD = "Slapd-Adm1n!";
    public static final String USERS_DN = "ou=Users," + BASE_DN;

    private final Process process;
    private final int port;

    private Slapd(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Skips the calling test when slapd is missing, else starts a fresh, empty directory. */
    public static Slapd start(Path workDir) throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(BINARY),
                "slapd is not installed (/usr/sbin/slapd): apt-get install slapd to run the OpenLDAP tests");
        Files.createDirectories(workDir.resolve("db"));
        Path schema = workDir.resolve("ad.schema");
        try (InputStream in = Slapd.class.getResourceAsStream("slapd-ad.schema")) {
            Files.copy(in, schema);
        }
        Path config = workDir.resolve("slapd.conf");
        Files.writeString(config, String.join("\n",
                "include /etc/ldap/schema/core.schema",
                "include /etc/ldap/schema/cosine.schema",
                "include /etc/ldap/schema/inetorgperson.schema",
                "include " + schema,
                "pidfile " + workDir.resolve("slapd.pid"),
                "modulepath /usr/lib/ldap",
                "moduleload back_mdb",
                "database mdb",
                "maxsize 268435456",
                "suffix \"" + BASE_DN + "\"",
                "rootdn \"" + ADMIN_DN + "\"",
                "rootpw " + ADMIN_PASSWORD,
                "directory " + workDir.resolve("db"),
                "index objectClass eq",
                "index sAMAccountType eq",
                "index sAMAccountName eq,sub",
                ""));
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        Process process = new ProcessBuilder(BINARY.toString(), "-d", "0", "-f", config.toString(),
                "-h", "ldap://127.0.0.1:" + port + "/")
                .redirectErrorStream(true).redirectOutput(workDir.resolve("slapd.log").toFile()).start();
        Slapd slapd = new Slapd(process, port);
        slapd.awaitListening(workDir);
        slapd.seed();
        return slapd;
    }

    public int port() {
        return port;
    }

    /** A user entry as AD has it (sAMAccountName, UPN, sAMAccountType, userAccountControl). */
    public void addUser(String sam, String displayName, String password, boolean enabled) throws LDAPException {
        try (LDAPConnection connection = admin()) {
            connection.add(new Entry("cn=" + sam + "," + USERS_DN,
                    new Attribute("objectClass", "top", "person", "organizationalPerson", "inetOrgPerson", "user"),
                    new Attribute("cn", sam), new Attribute("sn", sam),
                    new Attribute("displayName", displayName),
                    new Attribute("mail", sam + "@example.com"),
                    new Attribute("sAMAccountName", sam),
                    new Attribute("userPrincipalName", sam + "@corp.example.com"),
                    new Attribute("sAMAccountType", "805306368"),
                    new Attribute("userAccountControl", enabled ? "512" : "514"),
                    new Attribute("userPassword", password)));
        }
    }

    public LDAPConnection admin() throws LDAPException {
        LDAPConnection connection = new LDAPConnection("127.0.0.1", port);
        connection.bind(ADMIN_DN, ADMIN_PASSWORD);
        return connection;
    }

    /** Stops the server hard, as a crashed domain controller. */
    @Override
    public void close() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    private void seed() throws LDAPException {
        try (LDAPConnection connection = admin()) {
            connection.add(new Entry(BASE_DN, new Attribute("objectClass", "top", "dcObject", "organization"),
                    new Attribute("dc", "corp"), new Attribute("o", "Corp")));
            connection.add(new Entry(USERS_DN, new Attribute("objectClass", "top", "organizationalUnit"),
                    new Attribute("ou", "Users")));
        }
    }

    private void awaitListening(Path workDir) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("slapd exited: " + Files.readString(workDir.resolve("slapd.log")));
            }
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException("slapd did not listen on " + port + ": "
                + Files.readString(workDir.resolve("slapd.log")));
    }
}
