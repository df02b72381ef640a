package org.sra.events.user;

import org.jspecify.annotations.Nullable;
import org.sra.events.EventPayload;

/**
 * The admin moved a directory user into the VPN user list, by hand or by CSV import (R-USR-1, R-USR-2).
 *
 * @param userName the login name used at the VPN, e.g. the sAMAccountName or UPN
 * @param mail        the user's mail address, when the directory knows one
 * @param directoryDn the user's entry DN in the tenant's Active Directory (or an LDAP directory with the AD
 *                    attributes) as the search that listed the user found it; auth-service binds with it when
 *                    the directory refuses {@code user@domain} bind names (OpenLDAP). Null for Entra ID and LOCAL
 *                    users and in events written before it existed
 */
public record VpnUserAdded(String tenantId, String userId, String userName, String displayName,
                           @Nullable String mail, UserSource source, @Nullable String directoryDn)
        implements EventPayload {

    /** The first form, without {@code directoryDn}. */
    public VpnUserAdded(String tenantId, String userId, String userName, String displayName, @Nullable String mail,
                        UserSource source) {
        this(tenantId, userId, userName, displayName, mail, source, null);
    }

    @Override
    public String aggregateId() {
        return userId;
    }
}
