package org.sra.auth.password;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPConnectionOptions;
import com.unboundid.ldap.sdk.LDAPConnectionPool;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SimpleBindRequest;
import com.unboundid.ldap.sdk.SingleServerSet;
import com.unboundid.ldap.sdk.StartTLSPostConnectProcessor;
import com.unboundid.util.ssl.HostNameSSLSocketVerifier;
import com.unboundid.util.ssl.JVMDefaultTrustManager;
import com.unboundid.util.ssl.SSLSocketVerifier;
import com.unboundid.util.ssl.SSLUtil;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;

import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

import org.jspecify.annotations.Nullable;
import org.sra.events.settings.LdapTransport;

/**
 * Binds as a user on one AD server. Keeps a small pool of unauthenticated connections per
 * server and transport (a bind replaces the connection's identity, so pooled connections are
 * reused for other users); a connection that failed is thrown away. Transports: plain LDAP
 * (389, {@code sra.auth.directory.ldap-port}), StartTLS on the LDAP port (every pooled connection upgrades before its first
 * bind) and LDAPS (636, {@code ldaps-port}). TLS trusts the tenant's registered CA alone when it registered one
 * ({@code SettingsChanged.ActiveDirectory.caCertificatesPem}), else {@code sra.auth.directory.trust-store} when set,
 * else the JVM's trust store; the certificate must name the domain controller ({@link ServerName}).
 */
class ActiveDirectoryServers implements AutoCloseable {

    private final DirectorySettings settings;
    private final Map<String, LDAPConnectionPool> pools = new ConcurrentHashMap<>();
    /** {@code transport://address} of servers that refused a non-DN bind name: they get DNs at once. */
    private final Set<String> dnOnly = ConcurrentHashMap.newKeySet();

    ActiveDirectoryServers(DirectorySettings settings) {
        this.settings = settings;
    }

    /**
     * Binds as {@code bindName}, or as {@code directoryDn} on a server that has refused a non-DN
     * bind name as invalid DN syntax (OpenLDAP does; Active Directory never does). The first such
     * refusal is answered by binding again with the DN at once, and the server is remembered.
     * {@code caCertificatesPem}, the tenant's registered CA (PEM), is the only CA StartTLS and LDAPS
     * then trust (null: the configured trust store, or the JVM's).
     *
     * @return true when the password is right, false when the server says it is wrong
     * @throws DirectoryUnavailableException when the server cannot be asked
     * @throws NoDnException                 when the server takes only DNs and {@code directoryDn} is null
     */
    boolean bind(String address, LdapTransport transport, @Nullable String tlsName, @Nullable String caCertificatesPem,
                 String bindName, @Nullable String directoryDn, String password, long timeoutMillis) {
        String key = transport + "://" + address;
        if (!dnOnly.contains(key)) {
            try {
                return bindOnce(address, transport, tlsName, caCertificatesPem, bindName, password, timeoutMillis);
            } catch (NoDnException e) {
                dnOnly.add(key);
            }
        }
        if (directoryDn == null) {
            throw new NoDnException();
        }
        return bindOnce(address, transport, tlsName, caCertificatesPem, directoryDn, password, timeoutMillis);
    }

    private boolean bindOnce(String address, LdapTransport transport, @Nullable String tlsName,
                             @Nullable String caCertificatesPem, String bindName, String password, long timeoutMillis) {
        LDAPConnectionPool pool;
        LDAPConnection connection;
        try {
            pool = pool(address, transport, tlsName, caCertificatesPem, timeoutMillis);
            connection = pool.getConnection();
        } catch (LDAPException e) {
            throw new DirectoryUnavailableException("cannot connect to " + address + ": " + e.getResultCode()
                    + (untrusted(e) ? " (its certificate is not signed by "
                    + (caCertificatesPem != null ? "the tenant's registered CA)" : "a trusted CA)") : ""), e);
        }
        SimpleBindRequest bind = new SimpleBindRequest(bindName, password);
        bind.setResponseTimeoutMillis(Math.max(1, timeoutMillis));
        try {
            connection.bind(bind);
            pool.releaseConnection(connection);
            return true;
        } catch (LDAPException e) {
            if (e.getResultCode() == ResultCode.INVALID_CREDENTIALS) {
                pool.releaseConnection(connection);
                return false;
            }
            if (e.getResultCode() == ResultCode.INVALID_DN_SYNTAX && !DN.isValidDN(bindName)) {
                pool.releaseConnection(connection);
                throw new NoDnException();
            }
            pool.releaseDefunctConnection(connection);
            throw new DirectoryUnavailableException("bind at " + address + " failed: " + e.getResultCode(), e);
        }
    }

    /** The server refused a {@code user@domain} bind name and wants a DN, which the caller did not have. */
    static final class NoDnException extends RuntimeException {
        NoDnException() {
            super(null, null, false, false);
        }
    }

    private LDAPConnectionPool pool(String address, LdapTransport transport, @Nullable String tlsName,
                                    @Nullable String caCertificatesPem, long timeoutMillis) throws LDAPException {
        // the trust is part of the key: a tenant that registers another CA gets new connections
        String key = transport + "://" + address + "#" + tlsName + "#"
                + (caCertificatesPem == null || transport == LdapTransport.PLAIN ? "" : fingerprint(caCertificatesPem));
        LDAPConnectionPool existing = pools.get(key);
        if (existing != null) {
            return existing;
        }
        synchronized (pools) {
            existing = pools.get(key);
            if (existing != null) {
                return existing;
            }
            LDAPConnectionOptions options = new LDAPConnectionOptions();
            options.setConnectTimeoutMillis((int) Math.min(timeoutMillis, settings.serverTimeout().toMillis()));
            options.setResponseTimeoutMillis(settings.serverTimeout().toMillis());
            options.setUseSynchronousMode(true);
            if (transport != LdapTransport.PLAIN) {
                options.setSSLSocketVerifier(new ServerName(tlsName));
            }
            HostAndPort server = HostAndPort.parse(address,
                    transport == LdapTransport.LDAPS ? settings.ldapsPort() : settings.ldapPort());
            SingleServerSet serverSet;
            StartTLSPostConnectProcessor startTls = null;
            try {
                serverSet = switch (transport) {
                    case LDAPS -> new SingleServerSet(server.host(), server.port(), tls(caCertificatesPem), options);
                    case STARTTLS -> {
                        startTls = new StartTLSPostConnectProcessor(tls(caCertificatesPem));
                        yield new SingleServerSet(server.host(), server.port(), options);
                    }
                    case PLAIN -> new SingleServerSet(server.host(), server.port(), options);
                };
            } catch (GeneralSecurityException | IOException e) {
                throw new LDAPException(ResultCode.LOCAL_ERROR, "TLS setup failed: " + e.getMessage(), e);
            }
            LDAPConnectionPool pool = new LDAPConnectionPool(serverSet, null, 0, settings.maxConnections(), startTls);
            pool.setCreateIfNecessary(true);
            pool.setMaxWaitTimeMillis(Math.min(timeoutMillis, settings.serverTimeout().toMillis()));
            pool.setRetryFailedOperationsDueToInvalidConnections(false);
            pools.put(key, pool);
            return pool;
        }
    }

    /**
     * Checks that the certificate a domain controller presents names that domain controller: the
     * connection goes to its IP address, so the name to check is the one the admin gave for it
     * ({@code host.domain}), not the address dialled. A trusted certificate for another name (any
     * server the same CA signed) is refused like an untrusted one.
     */
    static final class ServerName extends SSLSocketVerifier {

        private final @Nullable String expected;

        ServerName(@Nullable String expected) {
            this.expected = expected;
        }

        @Override
        public void verifySSLSocket(String host, int port, SSLSocket socket) throws LDAPException {
            if (expected == null) {
                throw new LDAPException(ResultCode.CONNECT_ERROR,
                        "no host name is known for " + host + ": its certificate cannot be checked");
            }
            new HostNameSSLSocketVerifier(true).verifySSLSocket(expected, port, socket);
        }
    }

    /**
     * The name a domain controller's certificate must carry: its host name as the admin gave it,
     * completed with the domain when it is a bare name ({@code dc01} + {@code corp.example.com}).
     */
    static @Nullable String tlsName(@Nullable String host, @Nullable String domain) {
        if (host == null || host.isBlank()) {
            return null;
        }
        String name = host.strip();
        return name.contains(".") || domain == null || domain.isBlank() ? name : name + "." + domain.strip();
    }

    /**
     * The client side of LDAPS and StartTLS: the tenant's registered CA alone when there is one
     * (JDK PKIX over a key store holding just those certificates), else the configured trust
     * store, or the JVM's.
     */
    private SSLSocketFactory tls(@Nullable String caCertificatesPem) throws GeneralSecurityException, IOException {
        if (caCertificatesPem != null && !caCertificatesPem.isBlank()) {
            return new SSLUtil(RegisteredCa.trustManager(caCertificatesPem)).createSSLSocketFactory();
        }
        String trustStore = settings.trustStore();
        if (trustStore == null || trustStore.isBlank()) {
            return new SSLUtil(JVMDefaultTrustManager.getInstance()).createSSLSocketFactory();
        }
        Path path = Path.of(trustStore.startsWith("file:") ? trustStore.substring(5) : trustStore);
        String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
        KeyStore store = KeyStore.getInstance(name.endsWith(".jks") ? "JKS" : "PKCS12");
        char[] password = settings.trustStorePassword() == null ? null : settings.trustStorePassword().toCharArray();
        try (InputStream in = Files.newInputStream(path)) {
            store.load(in, password);
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
        TrustManager[] managers = trust.getTrustManagers();
        return new SSLUtil(managers).createSSLSocketFactory();
    }

    private static boolean untrusted(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof CertificateException) {
                return true;
            }
        }
        return false;
    }

    private static String fingerprint(String pem) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(pem.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        pools.values().forEach(LDAPConnectionPool::close);
    }

    /** {@code 192.0.2.10}, {@code dc01.corp.example.com:3268}, {@code [2001:db8::1]:389}. */
    record HostAndPort(String host, int port) {

        static HostAndPort parse(String address, int defaultPort) {
            String text = address.strip();
            if (text.startsWith("[")) {
                int end = text.indexOf(']');
                String host = text.substring(1, end);
                return new HostAndPort(host, text.length() > end + 2 ? Integer.parseInt(text.substring(end + 2)) : defaultPort);
            }
            int colon = text.indexOf(':');
            if (colon > 0 && colon == text.lastIndexOf(':')) {
                return new HostAndPort(text.substring(0, colon), Integer.parseInt(text.substring(colon + 1)));
            }
            return new HostAndPort(text, defaultPort);
        }
    }
}
