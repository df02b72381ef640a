package org.sra.events.user;

/** The directory a VPN user was taken from (R-USR-1). */
public enum UserSource {
    ACTIVE_DIRECTORY, ENTRA_ID, LOCAL
}
