package org.sra.directory.connector.ad;

import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.net.SocketFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;

import com.unboundid.asn1.ASN1OctetString;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.FailoverServerSet;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPConnectionOptions;
import com.unboundid.ldap.sdk.LDAPConnectionPool;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.PostConnectProcessor;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.RootDSE;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResult;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldap.sdk.ServerSet;
import com.unboundid.ldap.sdk.SimpleBindRequest;
import com.unboundid.ldap.sdk.SingleServerSet;
import com.unboundid.ldap.sdk.StartTLSPostConnectProcessor;
import com.unboundid.ldap.sdk.controls.SimplePagedResultsControl;
import com.unboundid.ldap.sdk.extensions.StartTLSExtendedRequest;
import com.unboundid.util.ssl.HostNameSSLSocketVerifier;
import com.unboundid.util.ssl.SSLSocketVerifier;
import com.unboundid.util.ssl.SSLUtil;
import org.sra.events.settings.LdapTransport;

/**
 * A connection to one tenant's Active Directory: the admin account lists users. Thread-safe;
 * close it when the settings change. (VPN users' passwords are verified by auth-service, which
 * binds as the user itself.)
 *
 * <p>The pool dials the primary first and the secondary only when the primary cannot be reached
 * and a secondary is configured ({@link FailoverServerSet}); a connection to the secondary is
 * retired after {@link #FAILBACK_AFTER_MS} so traffic returns to the primary once it is back.
 */
public final class ActiveDirectory implements AutoCloseable {

    /** AD's value for normal user accounts; the cheapest exact "users only" filter. */
    static final Filter USERS = Filter.createEqualityFilter("sAMAccountType", "805306368");
    static final String[] ATTRIBUTES = {"sAMAccountName", "displayName", "mail", "userPrincipalName",
            "userAccountControl"};
    static final long FAILBACK_AFTER_MS = 60_000;
    private static final int PAGE_SIZE = 1000; // AD's default MaxPageSize
    private static final int ACCOUNT_DISABLED = 2;
    private static final Set<ResultCode> UNREACHABLE = Set.of(ResultCode.CONNECT_ERROR, ResultCode.SERVER_DOWN,
            ResultCode.TIMEOUT, ResultCode.UNAVAILABLE);

    private final AdConnectionSettings settings;
    private final String adminBindName;
    private final String adminPassword;
    private LDAPConnectionPool adminPool;

    private ActiveDirectory(AdConnectionSettings settings, String adminUser, String adminPassword) {
        this.settings = settings;
        this.adminBindName = settings.bindName(adminUser);
        this.adminPassword = adminPassword;
    }

    /** A connector for searches as {@code adminUser}; connects lazily. */
    public static ActiveDirectory connect(AdConnectionSettings settings, String adminUser, String adminPassword) {
        return new ActiveDirectory(settings, adminUser, adminPassword);
    }

    /**
     * Verifies settings before they are saved (R-SET-2), against the primary only: it answers
     * (and negotiates TLS when asked), it holds the domain's naming context, the admin binds as
     * {@code admin@domain} (or DN) and, with a NetBIOS name, as <code>NETBIOS&#92;admin</code> too.
     *
     * @throws AdException naming the first step that failed ({@link AdException#step()}) and why
     */
    public static void verify(AdConnectionSettings settings, String adminUser, String adminPassword)
            throws AdException {
        AdServer primary = settings.primary();
        LDAPConnection opened;
        try {
            opened = open(settings, primary);
        } catch (AdException e) {
            throw e.at(AdStep.of(e.failure()) == AdStep.TLS ? AdStep.TLS : AdStep.CONNECT);
        }
        try (LDAPConnection connection = opened) {
            RootDSE root;
            try {
                root = connection.getRootDSE();
            } catch (LDAPException e) {
                throw failure(e, "read the root DSE of " + primary).at(AdStep.SEARCH_BASE);
            }
            if (root == null || !holds(root, settings.baseDn())) {
                throw new AdException(AdFailure.BAD_DOMAIN, AdStep.SEARCH_BASE,
                        primary + " does not hold " + settings.baseDn(), null);
            }
            String upn = adminUser.indexOf('@') >= 0 || adminUser.indexOf('\\') >= 0 || adminUser.indexOf('=') >= 0
                    ? adminUser : adminUser + "@" + settings.domain();
            try {
                bindOrFail(connection, upn, adminPassword, AdFailure.BAD_CREDENTIALS);
            } catch (AdException e) {
                throw e.at(AdStep.BIND);
            }
            if (settings.netbiosDomain() != null && adminUser.indexOf('=') < 0 && adminUser.indexOf('\\') < 0) {
                String downLevel = settings.netbiosDomain() + "\\" + stripSuffix(adminUser);
                try {
                    bindOrFail(connection, downLevel, adminPassword, AdFailure.BAD_NETBIOS_DOMAIN);
                } catch (AdException e) {
                    throw e.at(AdStep.NETBIOS_BIND);
                }
            }
        }
    }

    /**
     * The domain's user accounts whose sAMAccountName, display name, mail or UPN contains
     * {@code query} (all when blank), at most {@code limit}, read page by page with the
     * paged-results control on one connection. The query is a value, never filter syntax: the
     * SDK's filter builders escape it (RFC 4515). A query with a control character (NUL…)
     * matches nothing.
     */
    public List<AdUser> users(String query, int limit) throws AdException {
        if (query != null && query.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            // no account name holds a control character; some servers (slapd) cut the value at
            // a NUL, which would widen the search
            return List.of();
        }
        try {
            return search(query, limit);
        } catch (AdException e) {
            if (e.failure() != AdFailure.UNREACHABLE) {
                throw e;
            }
            return search(query, limit); // once more on a fresh connection (failover)
        }
    }

    private List<AdUser> search(String query, int limit) throws AdException {
        LDAPConnectionPool pool = adminPool();
        LDAPConnection connection = checkOut(pool);
        List<AdUser> users = new ArrayList<>();
        try {
            ASN1OctetString cookie = null;
            do {
                SearchRequest request = new SearchRequest(settings.baseDn(), SearchScope.SUB, filter(query), ATTRIBUTES);
                request.setTimeLimitSeconds((int) Math.max(1, settings.responseTimeout().toSeconds()));
                request.setControls(new SimplePagedResultsControl(PAGE_SIZE, cookie, true));
                SearchResult result = connection.search(request);
                for (SearchResultEntry entry : result.getSearchEntries()) {
                    if (users.size() < limit) {
                        users.add(toUser(entry));
                    }
                }
                SimplePagedResultsControl page = SimplePagedResultsControl.get(result);
                cookie = page == null || !page.moreResultsToReturn() ? null : page.getCookie();
                if (cookie != null && users.size() >= limit) {
                    abandon(connection, request, cookie);
                    cookie = null;
                }
            } while (cookie != null);
            pool.releaseConnection(connection);
            return users;
        } catch (LDAPException e) {
            pool.releaseDefunctConnection(connection);
            throw failure(e, "search");
        }
    }

    /** Which server the next pooled connection goes to: for tests and logs. */
    public String currentServer() throws AdException {
        LDAPConnectionPool pool = adminPool();
        LDAPConnection connection = checkOut(pool);
        String server = connection.getConnectedAddress() + ":" + connection.getConnectedPort();
        pool.releaseConnection(connection);
        return server;
    }

    @Override
    public synchronized void close() {
        if (adminPool != null) {
            adminPool.close();
        }
    }

    static Filter filter(String query) {
        if (query == null || query.isBlank()) {
            return USERS;
        }
        String[] any = {query.strip()};
        return Filter.createANDFilter(USERS, Filter.createORFilter(
                Filter.createSubstringFilter("sAMAccountName", null, any, null),
                Filter.createSubstringFilter("displayName", null, any, null),
                Filter.createSubstringFilter("mail", null, any, null),
                Filter.createSubstringFilter("userPrincipalName", null, any, null)));
    }

    private synchronized LDAPConnectionPool adminPool() throws AdException {
        if (adminPool == null || adminPool.isClosed()) {
            if (adminPassword == null || adminPassword.isEmpty()) {
                throw new AdException(AdFailure.BAD_CREDENTIALS, "empty admin password", null);
            }
            adminPool = pool(new SimpleBindRequest(adminBindName, adminPassword), "sra-ad-admin");
        }
        return adminPool;
    }

    private LDAPConnectionPool pool(SimpleBindRequest bind, String name) throws AdException {
        try {
            SocketFactory sockets = socketFactory(settings);
            LDAPConnectionOptions options = options(settings);
            AdServer primary = settings.primary();
            ServerSet servers;
            if (settings.secondary() == null) {
                servers = new SingleServerSet(primary.address(), primary.port(), sockets, options);
            } else {
                AdServer secondary = settings.secondary();
                FailoverServerSet failover = new FailoverServerSet(
                        new String[] {primary.address(), secondary.address()},
                        new int[] {primary.port(), secondary.port()}, sockets, options);
                failover.setMaxFailoverConnectionAgeMillis(FAILBACK_AFTER_MS);
                servers = failover;
            }
            PostConnectProcessor startTls = settings.transport() == LdapTransport.STARTTLS
                    ? new StartTLSPostConnectProcessor(sslContext(settings)) : null;
            LDAPConnectionPool pool = new LDAPConnectionPool(servers, bind, 1, settings.maxConnections(), startTls);
            pool.setConnectionPoolName(name);
            pool.setRetryFailedOperationsDueToInvalidConnections(true);
            pool.setMaxWaitTimeMillis(settings.responseTimeout().toMillis());
            pool.setMaxConnectionAgeMillis(10 * 60_000L);
            return pool;
        } catch (LDAPException e) {
            throw failure(e, "connect");
        }
    }

    private LDAPConnection checkOut(LDAPConnectionPool pool) throws AdException {
        try {
            return pool.getConnection();
        } catch (LDAPException e) {
            throw failure(e, "connect");
        }
    }

    private static LDAPConnection open(AdConnectionSettings settings, AdServer server) throws AdException {
        LDAPConnection connection;
        try {
            connection = new LDAPConnection(socketFactory(settings), options(settings), server.address(), server.port());
        } catch (LDAPException e) {
            AdFailure failure = failure(e, "connect").failure();
            throw new AdException(failure == AdFailure.DIRECTORY_ERROR ? AdFailure.UNREACHABLE : failure,
                    server + ": " + e.getResultCode() + " " + e.getMessage(), e);
        }
        if (settings.transport() == LdapTransport.STARTTLS) {
            try {
                ResultCode result = connection.processExtendedOperation(
                        new StartTLSExtendedRequest(sslContext(settings))).getResultCode();
                if (result != ResultCode.SUCCESS) {
                    connection.close();
                    throw new AdException(AdFailure.TLS_FAILED, server + ": StartTLS " + result, null);
                }
            } catch (LDAPException e) {
                connection.close();
                throw new AdException(nameMismatch(e) ? AdFailure.TLS_NAME_MISMATCH
                        : untrusted(e) ? AdFailure.TLS_UNTRUSTED : AdFailure.TLS_FAILED,
                        server + ": StartTLS " + e.getMessage(), e);
            }
        }
        return connection;
    }

    private static void bindOrFail(LDAPConnection connection, String name, String password, AdFailure onRefusal)
            throws AdException {
        if (password == null || password.isEmpty()) {
            throw new AdException(onRefusal, "empty password for " + name, null);
        }
        try {
            connection.bind(new SimpleBindRequest(name, password));
        } catch (LDAPException e) {
            if (e.getResultCode() == ResultCode.INVALID_CREDENTIALS || e.getResultCode() == ResultCode.INVALID_DN_SYNTAX) {
                String diagnostic = String.valueOf(e.getDiagnosticMessage());
                AdFailure failure = diagnostic.contains("data 533") ? AdFailure.ACCOUNT_DISABLED : onRefusal;
                throw new AdException(failure, "bind as " + name + " refused: " + e.getResultCode(), e);
            }
            throw failure(e, "bind as " + name);
        }
    }

    private static boolean holds(RootDSE root, String baseDn) {
        try {
            DN wanted = new DN(baseDn);
            List<String> contexts = new ArrayList<>();
            if (root.getNamingContextDNs() != null) {
                contexts.addAll(List.of(root.getNamingContextDNs()));
            }
            String defaultContext = root.getAttributeValue("defaultNamingContext");
            if (defaultContext != null) {
                contexts.add(defaultContext);
            }
            for (String context : contexts) {
                if (new DN(context).equals(wanted)) {
                    return true;
                }
            }
            return false;
        } catch (LDAPException e) {
            return false;
        }
    }

    private static String stripSuffix(String user) {
        int at = user.indexOf('@');
        return at < 0 ? user : user.substring(0, at);
    }

    private static void abandon(LDAPConnection connection, SearchRequest request, ASN1OctetString cookie) {
        try {
            SearchRequest stop = request.duplicate();
            stop.setControls(new SimplePagedResultsControl(0, cookie, true));
            connection.search(stop);
        } catch (LDAPException e) {
            // the server forgets the paged search when the connection is reused or closed anyway
        }
    }

    private static AdUser toUser(SearchResultEntry entry) {
        Integer control = entry.getAttributeValueAsInteger("userAccountControl");
        boolean enabled = control == null || (control & ACCOUNT_DISABLED) == 0;
        return new AdUser(entry.getAttributeValue("sAMAccountName"), entry.getAttributeValue("displayName"),
                entry.getAttributeValue("mail"), entry.getAttributeValue("userPrincipalName"), enabled,
                entry.getDN());
    }

    private static LDAPConnectionOptions options(AdConnectionSettings settings) {
        LDAPConnectionOptions options = new LDAPConnectionOptions();
        options.setConnectTimeoutMillis((int) settings.connectTimeout().toMillis());
        options.setResponseTimeoutMillis(settings.responseTimeout().toMillis());
        options.setAbandonOnTimeout(true);
        options.setUseSynchronousMode(false);
        if (settings.transport() != LdapTransport.PLAIN) {
            Map<String, String> names = new HashMap<>();
            names.put(settings.primary().address(), settings.primary().tlsName(settings.domain()));
            if (settings.secondary() != null) {
                names.put(settings.secondary().address(), settings.secondary().tlsName(settings.domain()));
            }
            options.setSSLSocketVerifier(new ServerNames(names));
        }
        return options;
    }

    /**
     * Checks that a domain controller's certificate names it: the connection goes to its IP
     * address, so the name checked is the one the admin gave for the server dialled
     * ({@code host.domain}). A certificate of a trusted CA for another name is refused.
     */
    private static final class ServerNames extends SSLSocketVerifier {

        private final Map<String, String> byAddress;

        ServerNames(Map<String, String> byAddress) {
            this.byAddress = byAddress;
        }

        @Override
        public void verifySSLSocket(String host, int port, SSLSocket socket) throws LDAPException {
            String expected = byAddress.get(host);
            if (expected == null) {
                throw new NameMismatch("no host name is known for " + host);
            }
            try {
                new HostNameSSLSocketVerifier(true).verifySSLSocket(expected, port, socket);
            } catch (LDAPException e) {
                throw new NameMismatch("the certificate of " + host + " does not name " + expected);
            }
        }
    }

    /** The certificate did not name the server: {@link AdFailure#TLS_NAME_MISMATCH}. */
    private static final class NameMismatch extends LDAPException {

        private static final long serialVersionUID = 1L;

        NameMismatch(String message) {
            super(ResultCode.CONNECT_ERROR, message);
        }
    }

    private static boolean nameMismatch(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof NameMismatch) {
                return true;
            }
        }
        return false;
    }

    private static SocketFactory socketFactory(AdConnectionSettings settings) throws AdException {
        if (settings.transport() != LdapTransport.LDAPS) {
            return SocketFactory.getDefault();
        }
        try {
            return new SSLUtil(CaCertificates.marking(settings.trust())).createSSLSocketFactory();
        } catch (GeneralSecurityException e) {
            throw new AdException(AdFailure.TLS_FAILED, "cannot set up TLS: " + e.getMessage(), e);
        }
    }

    private static SSLContext sslContext(AdConnectionSettings settings) throws AdException {
        try {
            return new SSLUtil(CaCertificates.marking(settings.trust())).createSSLContext();
        } catch (GeneralSecurityException e) {
            throw new AdException(AdFailure.TLS_FAILED, "cannot set up TLS: " + e.getMessage(), e);
        }
    }

    /** The chain did not lead to a trusted CA ({@link CaCertificates.Untrusted} somewhere in the causes). */
    private static boolean untrusted(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof CaCertificates.Untrusted) {
                return true;
            }
        }
        return false;
    }

    private static boolean tlsProblem(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SSLException || t instanceof CertificateException) {
                return true;
            }
        }
        return false;
    }

    private static AdException failure(LDAPException e, String step) {
        AdFailure failure = nameMismatch(e) ? AdFailure.TLS_NAME_MISMATCH
                : untrusted(e) ? AdFailure.TLS_UNTRUSTED
                : tlsProblem(e) ? AdFailure.TLS_FAILED
                : UNREACHABLE.contains(e.getResultCode()) ? AdFailure.UNREACHABLE
                : e.getResultCode() == ResultCode.INVALID_CREDENTIALS ? AdFailure.BAD_CREDENTIALS
                : AdFailure.DIRECTORY_ERROR;
        return new AdException(failure, step + ": " + e.getResultCode() + " " + e.getMessage(), e);
    }
}
