package org.sra.directory.settings;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.annotation.PreDestroy;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.sra.directory.connector.ad.ActiveDirectory;
import org.sra.directory.connector.ad.AdConnectionSettings;
import org.sra.directory.connector.ad.AdException;
import org.sra.directory.connector.ad.AdServer;
import org.sra.directory.connector.ad.AdUser;
import org.sra.directory.connector.ad.CaCertificates;
import org.sra.directory.connector.entra.EntraApplication;
import org.sra.directory.connector.entra.EntraConnectionSettings;
import org.sra.directory.connector.entra.EntraDirectory;
import org.sra.directory.connector.entra.EntraUser;
import org.sra.events.secrets.SealContext;
import org.sra.events.settings.LdapTransport;
import org.sra.kit.secrets.SecretSealer;
import javax.net.ssl.TrustManager;

/**
 * One {@link ActiveDirectory} connector (with its two small pools) or {@link EntraDirectory}
 * connector (with its token cache) per tenant, rebuilt when the tenant's settings change. Every
 * call to a tenant's saved directory passes the tenant's circuit breaker ({@link DirectoryBreakers}).
 */
@Component
public class TenantDirectories {

    private record Cached(ActiveDirectoryConfig config, ActiveDirectory directory) {
    }

    private record CachedEntra(EntraIdConfig config, EntraDirectory directory) {
    }

    private final DirectorySettings settings;
    private final DirectoryBreakers breakers;
    private final SecretSealer sealer;
    private final Map<String, Cached> connectors = new ConcurrentHashMap<>();
    private final Map<String, CachedEntra> entraConnectors = new ConcurrentHashMap<>();
    private final EntraConnectionSettings entra;
    private final int ldapPort;

    /**
     * @param localLdapUrl set by the local stack ({@code SRA_LOCAL_LDAP_URL}): its demo AD listens on
     *                     a non-standard port, which then replaces {@code ldap-port}
     */
    TenantDirectories(DirectorySettings settings, EntraSettings entraSettings, DirectoryBreakers breakers,
                      SecretSealer sealer, @Value("${sra.local.ldap-url:}") String localLdapUrl) {
        this.settings = settings;
        this.breakers = breakers;
        this.entra = entraSettings.connection();
        this.sealer = sealer;
        int localPort = localLdapUrl.isBlank() ? -1 : URI.create(localLdapUrl.strip()).getPort();
        this.ldapPort = localPort > 0 ? localPort : settings.ldapPort();
    }

    /** The users of the tenant's Active Directory matching {@code query} (see {@link ActiveDirectory#users}). */
    public List<AdUser> activeDirectoryUsers(String tenantId, ActiveDirectoryConfig config, String query, int limit)
            throws AdException {
        return breakers.call(tenantId, "Active Directory", () -> activeDirectory(tenantId, config).users(query, limit));
    }

    /** The users of the tenant's Entra ID matching {@code query} (see {@link EntraDirectory#users}). */
    public List<EntraUser> entraIdUsers(String tenantId, EntraIdConfig config, String query, int limit) {
        return breakers.call(tenantId, "Entra ID", () -> entraId(tenantId, config).users(query, limit));
    }

    /** The connector for the tenant's current AD settings. */
    private ActiveDirectory activeDirectory(String tenantId, ActiveDirectoryConfig config) {
        Cached cached = connectors.compute(tenantId, (id, old) -> {
            if (old != null && old.config().equals(config)) {
                return old;
            }
            if (old != null) {
                old.directory().close();
            }
            String password = sealer.open(config.sealedAdminPassword(), SealContext.AD_ADMIN.of(tenantId));
            return new Cached(config, ActiveDirectory.connect(connection(config), config.adminUser(), password));
        });
        return cached.directory();
    }

    /** The Entra ID connector for the tenant's current settings (its token cache lives as long as they do). */
    private EntraDirectory entraId(String tenantId, EntraIdConfig config) {
        return entraConnectors.compute(tenantId, (id, old) -> {
            if (old != null && old.config().equals(config)) {
                return old;
            }
            if (old != null) {
                old.directory().close();
            }
            String secret = sealer.open(config.sealedClientSecret(), SealContext.ENTRA_SECRET.of(tenantId));
            return new CachedEntra(config, EntraDirectory.connect(entra,
                    new EntraApplication(config.domain(), config.clientId(), secret)));
        }).directory();
    }

    /** Where Entra ID and Graph are (production or a stand-in). */
    public EntraConnectionSettings entraConnection() {
        return entra;
    }

    AdConnectionSettings connection(ActiveDirectoryConfig config) {
        return connection(config.primaryHost(), config.primaryIp(), config.secondaryHost(), config.secondaryIp(),
                config.domain(), config.netbiosDomain(), config.transport(), config.caCertificatesPem());
    }

    /**
     * @param caCertificatesPem the tenant's registered CA (checked PEM): TLS then trusts it alone;
     *                          null: the JVM's trust store
     */
    AdConnectionSettings connection(String primaryHost, String primaryIp, String secondaryHost, String secondaryIp,
                                    String domain, String netbios, LdapTransport transport, String caCertificatesPem) {
        int port = transport == LdapTransport.LDAPS ? settings.ldapsPort() : ldapPort;
        AdServer secondary = secondaryIp == null ? null : new AdServer(secondaryHost, secondaryIp, port);
        return new AdConnectionSettings(new AdServer(primaryHost, primaryIp, port), secondary, domain, netbios,
                transport, settings.connectTimeout(), settings.responseTimeout(), settings.maxConnections(),
                trust(caCertificatesPem));
    }

    private static TrustManager trust(String caCertificatesPem) {
        if (caCertificatesPem == null) {
            return null;
        }
        try {
            return CaCertificates.trusting(CaCertificates.read(caCertificatesPem));
        } catch (CaCertificates.Invalid e) {
            // checked when saved; should the stored text be unreadable, trust nothing rather than the JVM's CAs
            return CaCertificates.trusting(List.of());
        }
    }

    /** The tenant's settings changed: its connectors close, and its breaker starts afresh. */
    void forget(String tenantId) {
        breakers.forget(tenantId);
        CachedEntra entraConnector = entraConnectors.remove(tenantId);
        if (entraConnector != null) {
            entraConnector.directory().close();
        }
        Cached old = connectors.remove(tenantId);
        if (old != null) {
            old.directory().close();
        }
    }

    @PreDestroy
    void closeAll() {
        connectors.values().forEach(c -> c.directory().close());
        connectors.clear();
        entraConnectors.values().forEach(c -> c.directory().close());
        entraConnectors.clear();
    }
}
