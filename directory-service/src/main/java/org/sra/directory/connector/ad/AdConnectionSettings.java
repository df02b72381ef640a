package org.sra.directory.connector.ad;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.net.ssl.TrustManager;

import com.unboundid.util.ssl.JVMDefaultTrustManager;
import org.sra.events.settings.LdapTransport;

/**
 * How to reach a tenant's Active Directory.
 *
 * @param secondary     used only when the primary is down; null when there is none
 * @param domain        DNS name of the AD domain, e.g. {@code corp.example.com}; the search base
 *                      is derived from it ({@code DC=corp,DC=example,DC=com})
 * @param netbiosDomain when set, names are bound as <code>NETBIOS&#92;user</code>, else as {@code user@domain}
 * @param trust         trusted certificates for StartTLS/LDAPS: the tenant's registered CA alone
 *                      ({@link CaCertificates#trusting}), or the JVM's by default
 * @param maxConnections size of each of the two small pools (admin searches, user binds)
 */
public record AdConnectionSettings(AdServer primary, AdServer secondary, String domain, String netbiosDomain,
                                   LdapTransport transport, Duration connectTimeout, Duration responseTimeout,
                                   int maxConnections, TrustManager trust) {

    public AdConnectionSettings {
        Objects.requireNonNull(primary, "primary");
        Objects.requireNonNull(domain, "domain");
        transport = transport == null ? LdapTransport.PLAIN : transport;
        connectTimeout = connectTimeout == null ? Duration.ofSeconds(3) : connectTimeout;
        responseTimeout = responseTimeout == null ? Duration.ofSeconds(5) : responseTimeout;
        maxConnections = maxConnections < 1 ? 4 : maxConnections;
        trust = trust == null ? JVMDefaultTrustManager.getInstance() : trust;
        netbiosDomain = netbiosDomain == null || netbiosDomain.isBlank() ? null : netbiosDomain.strip();
    }

    /** Plain LDAP with the default timeouts and pool size. */
    public static AdConnectionSettings of(AdServer primary, AdServer secondary, String domain, String netbiosDomain) {
        return new AdConnectionSettings(primary, secondary, domain, netbiosDomain, LdapTransport.PLAIN, null, null, 0,
                null);
    }

    public AdConnectionSettings withTransport(LdapTransport newTransport, TrustManager newTrust) {
        return new AdConnectionSettings(primary, secondary, domain, netbiosDomain, newTransport, connectTimeout,
                responseTimeout, maxConnections, newTrust);
    }

    public AdConnectionSettings withTimeouts(Duration connect, Duration response) {
        return new AdConnectionSettings(primary, secondary, domain, netbiosDomain, transport, connect, response,
                maxConnections, trust);
    }

    /** {@code corp.example.com} → {@code DC=corp,DC=example,DC=com}. */
    public String baseDn() {
        return Stream.of(domain.strip().toLowerCase(Locale.ROOT).split("\\."))
                .map(label -> "DC=" + label)
                .collect(Collectors.joining(","));
    }

    /**
     * The name to bind with for a user name as typed: a DN, a UPN ({@code user@domain}) or a
     * down-level name (<code>NETBIOS&#92;user</code>) is used as is; a bare name gets the NetBIOS
     * prefix when one is configured, else the domain suffix.
     */
    public String bindName(String userName) {
        if (userName.indexOf('@') >= 0 || userName.indexOf('\\') >= 0 || userName.indexOf('=') >= 0) {
            return userName;
        }
        return netbiosDomain != null ? netbiosDomain + "\\" + userName : userName + "@" + domain;
    }
}
