package org.sra.directory.testad;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.util.List;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import com.unboundid.ldap.listener.SelfSignedCertificateGenerator;
import com.unboundid.util.ObjectPair;
import com.unboundid.util.ssl.KeyStoreKeyManager;
import com.unboundid.util.ssl.SSLUtil;
import com.unboundid.util.ssl.TrustAllTrustManager;
import com.unboundid.util.ssl.TrustStoreTrustManager;
import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.schema.Schema;
import com.unboundid.ldif.LDIFException;
import com.unboundid.ldif.LDIFReader;

/**
 * Copied from deploy/local-stack (tests cannot depend on that module). A demo Active Directory for {@code corp.example.com} (NetBIOS {@code CORP}): an UnboundID
 * in-memory LDAP server with an AD-like schema, the users of {@code demo-directory.ldif} and
 * {@link ActiveDirectoryBehaviour} so that clients written for AD (UPN and <code>CORP&#92;user</code>
 * binds, {@code userAccountControl} bit filters, {@code objectCategory=person}) work unchanged.
 *
 * <p>Self-contained on purpose: directory tests in other modules start it with
 * {@code DemoDirectory.start(0)} and read {@link #port()}. The data is the same at every start.
 */
public final class DemoDirectory implements AutoCloseable {

    public static final String DOMAIN = "corp.example.com";
    public static final String NETBIOS_DOMAIN = "CORP";
    public static final String BASE_DN = "DC=corp,DC=example,DC=com";
    public static final String USERS_DN = "CN=Users," + BASE_DN;
    public static final String ADMINISTRATOR = "Administrator";
    public static final String ADMINISTRATOR_DN = "CN=Administrator," + USERS_DN;
    public static final String ADMINISTRATOR_PASSWORD = "Adm1n!Passw0rd";
    /** The password of every sample user other than Administrator. */
    public static final String USER_PASSWORD = "Passw0rd!";
    public static final String VPN_USERS_GROUP_DN = "CN=VPN Users," + USERS_DN;

    private static final String SCHEMA_LDIF = "ad-schema.ldif";
    private static final String DATA_LDIF = "demo-directory.ldif";

    private final InMemoryDirectoryServer server;

    private DemoDirectory(InMemoryDirectoryServer server) {
        this.server = server;
    }

    /**
     * Starts the directory on 127.0.0.1.
     *
     * @param port the LDAP port, or 0 for any free port
     */
    public static DemoDirectory start(int port) throws LDAPException {
        return start(InetAddress.getLoopbackAddress(), port);
    }

    /** Starts the directory on the given loopback address (127.0.0.2 for a second "server"). */
    public static DemoDirectory start(InetAddress address, int port) throws LDAPException {
        return start(InMemoryListenerConfig.createLDAPConfig("LDAP", address, port, null));
    }

    /**
     * Starts the directory with a self-signed certificate: listener {@code LDAP} offers StartTLS,
     * listener {@code LDAPS} speaks TLS from the first byte. {@link #trustStore()} trusts it.
     */
    public static DemoDirectory startWithTls() throws Exception {
        ObjectPair<File, char[]> keyStore = SelfSignedCertificateGenerator.generateTemporarySelfSignedCertificate(
                "sra-tests", "PKCS12");
        SSLUtil server = new SSLUtil(new KeyStoreKeyManager(keyStore.getFirst(), keyStore.getSecond(), "PKCS12", null),
                new TrustAllTrustManager());
        SSLUtil client = new SSLUtil(new TrustAllTrustManager());
        InetAddress loopback = InetAddress.getLoopbackAddress();
        DemoDirectory directory = start(
                InMemoryListenerConfig.createLDAPConfig("LDAP", loopback, 0, server.createSSLSocketFactory()),
                InMemoryListenerConfig.createLDAPSConfig("LDAPS", loopback, 0, server.createSSLServerSocketFactory(),
                        client.createSSLSocketFactory()));
        directory.trustStore = keyStore;
        return directory;
    }

    private ObjectPair<File, char[]> trustStore;

    /** Trusts exactly the certificate of {@link #startWithTls()}. */
    public TrustStoreTrustManager trustStore() {
        return new TrustStoreTrustManager(trustStore.getFirst(), trustStore.getSecond(), "PKCS12", true);
    }

    public int port(String listener) {
        return server.getListenPort(listener);
    }

    private static DemoDirectory start(InMemoryListenerConfig... listeners) throws LDAPException {
        InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig(BASE_DN);
        config.setListenerConfigs(listeners);
        config.setSchema(adSchema());
        config.setCustomRootDSEAttributes(List.of(
                new Attribute("defaultNamingContext", BASE_DN),
                new Attribute("rootDomainNamingContext", BASE_DN),
                new Attribute("configurationNamingContext", "CN=Configuration," + BASE_DN),
                new Attribute("schemaNamingContext", "CN=Schema,CN=Configuration," + BASE_DN),
                new Attribute("dnsHostName", "dc01." + DOMAIN),
                new Attribute("ldapServiceName", DOMAIN + ":dc01$@" + DOMAIN.toUpperCase())));
        ActiveDirectoryBehaviour behaviour = new ActiveDirectoryBehaviour(BASE_DN, DOMAIN, NETBIOS_DOMAIN);
        config.addInMemoryOperationInterceptor(behaviour);

        InMemoryDirectoryServer server = new InMemoryDirectoryServer(config);
        behaviour.attach(server);
        try (InputStream ldif = resource(DATA_LDIF)) {
            server.importFromLDIF(true, new LDIFReader(ldif));
        } catch (IOException e) {
            throw new LDAPException(ResultCode.LOCAL_ERROR, "cannot read " + DATA_LDIF, e);
        }
        server.startListening();
        return new DemoDirectory(server);
    }

    public int port() {
        return server.getListenPort();
    }

    public String url() {
        return "ldap://127.0.0.1:" + port();
    }

    /** The underlying server, for tests that add or change entries. */
    public InMemoryDirectoryServer server() {
        return server;
    }

    @Override
    public void close() {
        server.shutDown(true);
    }

    private static Schema adSchema() throws LDAPException {
        try (InputStream ldif = resource(SCHEMA_LDIF)) {
            return Schema.mergeSchemas(Schema.getDefaultStandardSchema(), Schema.getSchema(ldif));
        } catch (IOException | LDIFException e) {
            throw new LDAPException(ResultCode.LOCAL_ERROR, "cannot read " + SCHEMA_LDIF, e);
        }
    }

    private static InputStream resource(String name) throws IOException {
        InputStream in = DemoDirectory.class.getResourceAsStream(name);
        if (in == null) {
            throw new IOException("missing resource org/sra/directory/testad/" + name);
        }
        return in;
    }
}
