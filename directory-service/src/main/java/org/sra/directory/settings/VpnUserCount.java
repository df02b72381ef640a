package org.sra.directory.settings;

/** How many VPN users a tenant has: the auth type cannot change under them. */
@FunctionalInterface
public interface VpnUserCount {

    long count(String tenantId);
}
