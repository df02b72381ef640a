package org.sra.auth.support;

import org.sra.fixtures.tls.TestAuthority;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedSimpleBindRequest;
import com.unboundid.ldap.listener.interceptor.InMemoryOperationInterceptor;
import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldap.sdk.SimpleBindRequest;
import javax.net.ssl.SSLContext;

/**
 * A small Active Directory stand-in: an UnboundID in-memory server for {@code corp.example.com}
 * (NetBIOS {@code CORP}) that, like AD, accepts a simple bind as {@code user@corp.example.com}
 * (UPN) or <code>CORP&#92;user</code> and refuses disabled accounts. (Adapted from the local
 * stack's demo directory, which tests cannot depend on.)
 */
public final class TestDirectory implements AutoCloseable {

    public static final String DOMAIN = "corp.example.com";
    public static final String NETBIOS = "CORP";
    public static final String BASE_DN = "DC=corp,DC=example,DC=com";
    public static final String PASSWORD = "Passw0rd!";

    private final InMemoryDirectoryServer server;
    private final AtomicInteger binds;

    private TestDirectory(InMemoryDirectoryServer server, AtomicInteger binds) {
        this.server = server;
        this.binds = binds;
    }

    /** Simple binds this directory has received so far (password checks, and service binds). */
    public int binds() {
        return binds.get();
    }

    /** Starts on 127.0.0.1, any free port, with the given sAMAccountNames (password {@link #PASSWORD}). */
    public static TestDirectory start(String... accounts) throws LDAPException {
        return startOn(0, accounts);
    }

    /** Starts on a given port, e.g. to bring a stopped directory back where it was. */
    public static TestDirectory startOn(int port, String... accounts) throws LDAPException {
        return start(InMemoryListenerConfig.createLDAPConfig("LDAP", InetAddress.getLoopbackAddress(), port, null),
                accounts);
    }

    /**
     * Starts with two listeners on any free ports: LDAP that offers StartTLS ({@link #port()}) and
     * LDAPS ({@link #ldapsPort()}), both with the server certificate in {@code serverKeyStore}.
     */
    public static TestDirectory startWithTls(Path serverKeyStore, String... accounts) throws Exception {
        SSLContext tls = TestAuthority.context(serverKeyStore, null);
        return start(List.of(
                InMemoryListenerConfig.createLDAPConfig("LDAP", InetAddress.getLoopbackAddress(), 0,
                        tls.getSocketFactory()),
                InMemoryListenerConfig.createLDAPSConfig("LDAPS", InetAddress.getLoopbackAddress(), 0,
                        tls.getServerSocketFactory(), null)), accounts);
    }

    private static TestDirectory start(InMemoryListenerConfig listener, String... accounts) throws LDAPException {
        return start(List.of(listener), accounts);
    }

    private static TestDirectory start(List<InMemoryListenerConfig> listeners, String... accounts) throws LDAPException {
        InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig(BASE_DN);
        config.setSchema(null); // AD attributes without an AD schema
        config.setListenerConfigs(listeners);
        UpnBinds binds = new UpnBinds();
        config.addInMemoryOperationInterceptor(binds);
        InMemoryDirectoryServer server = new InMemoryDirectoryServer(config);
        binds.server = server;
        server.add(new Entry(BASE_DN, new Attribute("objectClass", "top", "domain"),
                new Attribute("dc", "corp")));
        server.add(new Entry("CN=Users," + BASE_DN, new Attribute("objectClass", "top", "container"),
                new Attribute("cn", "Users")));
        TestDirectory directory = new TestDirectory(server, binds.count);
        for (String account : accounts) {
            directory.addUser(account, PASSWORD);
        }
        server.startListening();
        return directory;
    }

    public void addUser(String account, String password) throws LDAPException {
        server.add(new Entry("CN=" + account + ",CN=Users," + BASE_DN,
                new Attribute("objectClass", "top", "person", "organizationalPerson", "user"),
                new Attribute("cn", account),
                new Attribute("sAMAccountName", account),
                new Attribute("userPrincipalName", account + "@" + DOMAIN),
                new Attribute("userAccountControl", "512"),
                new Attribute("userPassword", password)));
    }

    public int port() {
        return server.getListenPort("LDAP");
    }

    /** The LDAPS listener's port (only with {@link #startWithTls}). */
    public int ldapsPort() {
        return server.getListenPort("LDAPS");
    }

    /** The address as auth-service reads it from the AD settings. */
    public String address() {
        return "127.0.0.1:" + port();
    }

    @Override
    public void close() {
        server.shutDown(true);
    }

    /** Turns a UPN or NetBIOS down-level bind name into the account's DN, as AD does. */
    private static final class UpnBinds extends InMemoryOperationInterceptor {

        private volatile InMemoryDirectoryServer server;
        private final AtomicInteger count = new AtomicInteger();

        @Override
        public void processSimpleBindRequest(InMemoryInterceptedSimpleBindRequest request) throws LDAPException {
            count.incrementAndGet();
            SimpleBindRequest bind = request.getRequest();
            String name = bind.getBindDN();
            if (name == null || name.isEmpty() || name.contains("=")) {
                return;
            }
            Filter filter;
            int backslash = name.indexOf('\\');
            if (backslash > 0 && name.substring(0, backslash).equalsIgnoreCase(NETBIOS)) {
                filter = Filter.createEqualityFilter("sAMAccountName", name.substring(backslash + 1));
            } else if (name.contains("@")) {
                filter = Filter.createEqualityFilter("userPrincipalName", name);
            } else {
                throw new LDAPException(ResultCode.INVALID_CREDENTIALS, "data 52e");
            }
            List<SearchResultEntry> found = server.search(BASE_DN, SearchScope.SUB, filter).getSearchEntries();
            if (found.size() != 1) {
                throw new LDAPException(ResultCode.INVALID_CREDENTIALS, "data 52e");
            }
            request.setRequest(new SimpleBindRequest(found.get(0).getDN(), bind.getPassword().getValue(), bind.getControls()));
        }
    }
}
