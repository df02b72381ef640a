package org.sra.directory.settings;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How directory-service reaches the tenants' directories.
 *
 * @param ldapPort  port of plain LDAP and StartTLS on every domain controller (389)
 * @param ldapsPort port of LDAPS (636)
 * @param connectTimeout  TCP connect timeout per server
 * @param responseTimeout answer timeout per LDAP operation
 * @param maxConnections  size of each small pool per tenant
 * @param userLimit       most users "add user" reads from a directory
 */
@ConfigurationProperties("sra.directory.active-directory")
public record DirectorySettings(@DefaultValue("389") int ldapPort, @DefaultValue("636") int ldapsPort,
                                @DefaultValue("3s") Duration connectTimeout,
                                @DefaultValue("5s") Duration responseTimeout,
                                @DefaultValue("4") int maxConnections,
                                @DefaultValue("50000") int userLimit) {
}
