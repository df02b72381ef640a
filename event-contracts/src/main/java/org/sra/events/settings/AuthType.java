package org.sra.events.settings;

/** Where a tenant's VPN users and their passwords live (R-SET-1). */
public enum AuthType {
    UNSELECTED, ACTIVE_DIRECTORY, ENTRA_ID, LOCAL
}
