package org.sra.kit.security;

/** What a caller may do. Spring authorities are {@code ROLE_<name>}. */
public enum Role {
    /** The provider: tenants, contracts, NAS clients. */
    OPERATOR,
    /** A tenant's administrator: everything of their own tenant. */
    ADMIN,
    /** A tenant's read-only administrator. */
    AUDITOR;

    public String authority() {
        return "ROLE_" + name();
    }
}
