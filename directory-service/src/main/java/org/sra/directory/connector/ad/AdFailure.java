package org.sra.directory.connector.ad;

/** Why talking to the directory failed; one value per step an admin can fix. */
public enum AdFailure {
    /** No answer from the server (refused, timed out, host down). */
    UNREACHABLE,
    /** StartTLS or LDAPS could not be negotiated (certificate not trusted, TLS not offered). */
    TLS_FAILED,
    /**
     * The server's certificate is not signed by a trusted CA: the tenant's registered CA when one
     * is registered (then only that one), else a CA of the JVM's trust store.
     */
    TLS_UNTRUSTED,
    /** The certificate is trusted but names another server than the domain controller given. */
    TLS_NAME_MISMATCH,
    /** The directory does not hold the naming context of the given AD domain. */
    BAD_DOMAIN,
    /** The admin name or password was refused (or the password was empty). */
    BAD_CREDENTIALS,
    /** The account exists but is disabled. */
    ACCOUNT_DISABLED,
    /** A bind as NETBIOS\admin was refused although the UPN bind worked. */
    BAD_NETBIOS_DOMAIN,
    /** Anything else the server answered. */
    DIRECTORY_ERROR
}
