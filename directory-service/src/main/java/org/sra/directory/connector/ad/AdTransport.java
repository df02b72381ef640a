package org.sra.directory.connector.ad;

/** How the connection is protected: none, StartTLS on the LDAP port, or LDAPS. */
public enum AdTransport {
    PLAIN, STARTTLS, LDAPS
}
