package org.sra.events.user;

import org.jspecify.annotations.Nullable;
import org.sra.events.EventPayload;

/**
 * The admin moved a directory user into the VPN user list, by hand or by CSV import (R-USR-1, R-USR-2).
 *
 * @param userName the login name used at the VPN, e.g. the sAMAccountName or UPN
 * @param mail     the user's mail address, when the directory knows one
 */
public record VpnUserAdded(String tenantId, String userId, String userName, String displayName,
                           @Nullable String mail, UserSource source) implements EventPayload {

    @Override
    public String aggregateId() {
        return userId;
    }
}
