package org.sra.auth.password;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How auth-service talks to tenant directories.
 *
 * @param serverTimeout      longest wait for one directory server (connect, then bind); the
 *                           rest of the deadline is left for the secondary
 * @param maxConcurrentCalls bulkhead: directory calls in flight per tenant
 * @param bulkheadWait       how long a call may wait for a free slot before it is refused
 * @param maxConnections     pooled LDAP connections per directory server
 * @param breakerOpenFor     how long a failing server is skipped before it is tried again
 * @param entraAuthority     Entra ID authority base, the tenant's domain is appended (a stand-in in tests)
 * @param trustStore         PKCS12 (or {@code .jks}) file of the CAs trusted for LDAPS and StartTLS to the
 *                           tenants' directories; unset: the JVM's trust store
 * @param trustStorePassword its password (may be unset for a PKCS12 of certificates only)
 * @param ldapPort           port of plain LDAP and StartTLS on a domain controller whose address names no
 *                           port (389; the local stack's demo directory listens elsewhere)
 * @param ldapsPort          port of LDAPS on such a domain controller (636)
 */
@ConfigurationProperties("sra.auth.directory")
public record DirectorySettings(@DefaultValue("1200ms") Duration serverTimeout,
                                @DefaultValue("64") int maxConcurrentCalls,
                                @DefaultValue("500ms") Duration bulkheadWait,
                                @DefaultValue("64") int maxConnections,
                                @DefaultValue("10s") Duration breakerOpenFor,
                                @DefaultValue("https://login.microsoftonline.com/") String entraAuthority,
                                String trustStore,
                                String trustStorePassword,
                                @DefaultValue("389") int ldapPort,
                                @DefaultValue("636") int ldapsPort) {
}
