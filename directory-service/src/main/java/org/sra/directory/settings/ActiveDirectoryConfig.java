package org.sra.directory.settings;

import org.sra.events.settings.LdapTransport;

/**
 * The AD connection as stored (R-SET-2); the admin password only sealed (context
 * {@code ad-admin:<tenantId>}).
 *
 * @param caCertificatesPem the CA certificate(s) of the domain controllers the admin registered
 *                          (plain PEM, checked when saved): StartTLS/LDAPS trust only them; null
 *                          for none (the JVM's trust store), as in settings saved before it existed
 */
public record ActiveDirectoryConfig(String primaryHost, String primaryIp, String secondaryHost, String secondaryIp,
                                    String domain, String adminUser, String sealedAdminPassword,
                                    String netbiosDomain, LdapTransport transport, String caCertificatesPem) {
}
