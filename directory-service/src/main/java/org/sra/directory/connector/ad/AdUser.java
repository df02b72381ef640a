package org.sra.directory.connector.ad;

/**
 * A user account as "add user" lists it (R-USR-1).
 *
 * @param dn the entry's DN, which auth-service binds with where the directory refuses {@code user@domain}
 */
public record AdUser(String sAMAccountName, String displayName, String mail, String userPrincipalName,
                     boolean enabled, String dn) {
}
