package org.sra.directory.connector.ad;

/**
 * The step of {@link ActiveDirectory#verify} that failed, in the order they run: reach the
 * primary, negotiate TLS (StartTLS/LDAPS), find the domain's naming context (the search base),
 * bind as the admin, bind with the NetBIOS down-level name.
 */
public enum AdStep {
    CONNECT,
    TLS,
    SEARCH_BASE,
    BIND,
    NETBIOS_BIND;

    /** The step a failure belongs to when the connector did not say (outside {@link ActiveDirectory#verify}). */
    public static AdStep of(AdFailure failure) {
        return switch (failure) {
            case TLS_FAILED, TLS_UNTRUSTED, TLS_NAME_MISMATCH -> TLS;
            case BAD_DOMAIN -> SEARCH_BASE;
            case BAD_CREDENTIALS, ACCOUNT_DISABLED -> BIND;
            case BAD_NETBIOS_DOMAIN -> NETBIOS_BIND;
            case UNREACHABLE, DIRECTORY_ERROR -> CONNECT;
        };
    }
}
