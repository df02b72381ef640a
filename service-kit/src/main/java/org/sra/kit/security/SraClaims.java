package org.sra.kit.security;

/** Claim names of SRA tokens besides the registered ones. */
public final class SraClaims {

    public static final String TENANT = "tenant";
    public static final String ROLES = "roles";
    public static final String NAME = "name";

    private SraClaims() {
    }
}
