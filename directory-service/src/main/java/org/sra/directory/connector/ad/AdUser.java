package org.sra.directory.connector.ad;

/** A user account as "add user" lists it (R-USR-1). */
public record AdUser(String sAMAccountName, String displayName, String mail, String userPrincipalName,
                     boolean enabled) {
}
