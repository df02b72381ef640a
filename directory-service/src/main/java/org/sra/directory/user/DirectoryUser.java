package org.sra.directory.user;

import com.fasterxml.jackson.annotation.JsonIgnore;
import org.jspecify.annotations.Nullable;

/**
 * A user as the tenant's directory knows it (R-USR-1).
 *
 * @param userName    the name used at the VPN: the sAMAccountName in AD, the login name in LOCAL
 * @param directoryDn the AD entry's DN (null for Entra ID and LOCAL); travels in {@code VpnUserAdded} for
 *                    auth-service, not in the "add user" list
 */
public record DirectoryUser(String userName, String displayName, String mail, String userPrincipalName,
                            boolean enabled, @JsonIgnore @Nullable String directoryDn) {

    public DirectoryUser(String userName, String displayName, String mail, String userPrincipalName,
                         boolean enabled) {
        this(userName, displayName, mail, userPrincipalName, enabled, null);
    }
}
