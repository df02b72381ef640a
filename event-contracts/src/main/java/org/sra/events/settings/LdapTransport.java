package org.sra.events.settings;

/** How connections to the tenant's Active Directory are protected (R-SET-2). */
public enum LdapTransport {
    /** Plain LDAP on 389. */
    PLAIN,
    /** StartTLS on the LDAP port. */
    STARTTLS,
    /** LDAP over TLS on 636. */
    LDAPS
}
