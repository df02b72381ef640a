package org.sra.directory.user;

/**
 * A user as the tenant's directory knows it (R-USR-1).
 *
 * @param userName the name used at the VPN: the sAMAccountName in AD, the login name in LOCAL
 */
public record DirectoryUser(String userName, String displayName, String mail, String userPrincipalName,
                            boolean enabled) {
}
