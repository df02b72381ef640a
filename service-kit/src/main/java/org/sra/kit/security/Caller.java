package org.sra.kit.security;

import java.util.Set;

/**
 * Who is calling, from the token: account id, login id, roles and (for tenant admins) tenant.
 * A controller method parameter of this type is filled from the token.
 */
public record Caller(String accountId, String loginId, Set<Role> roles, String tenantId) {

    public boolean is(Role role) {
        return roles.contains(role);
    }
}
