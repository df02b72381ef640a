package org.sra.kit.security;

/** Claim names of SRA tokens besides the registered ones. */
public final class SraClaims {

    public static final String TENANT = "tenant";
    public static final String ROLES = "roles";
    public static final String NAME = "name";
    /** Set on the restricted token of an account that must change its initial password (R-ACC-1). */
    public static final String PASSWORD_CHANGE_REQUIRED = "pwd_change_required";
    /**
     * The admin session a token belongs to (directory-service's login session); a logout revokes
     * every token carrying it ({@link TokenRevocations}).
     */
    public static final String SESSION = "sid";

    private SraClaims() {
    }
}
