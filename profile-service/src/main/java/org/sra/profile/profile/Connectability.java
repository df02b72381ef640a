package org.sra.profile.profile;

import org.sra.events.profile.ProxyMode;

/**
 * Whether a profile can connect, given its own switch and the tenant's proxy mode. Implemented by
 * the proxy feature (which knows the tenant's mode and depends on this package), so that the
 * profile package reads the answer without depending on the proxy package.
 */
public interface Connectability {

    /** The profile's switch and the proxy rule of {@code CLIENT_SETTINGS} together (R-PXY-2). */
    boolean connectable(Profile profile);

    /** The tenant's current proxy mode, to read once for many of its profiles. */
    ProxyMode proxyMode(String tenantId);

    /**
     * With {@code CLIENT_SETTINGS}, a profile outside the applied list cannot connect (R-PXY-2);
     * otherwise the profile's own switch decides (R-PRO-1).
     */
    static boolean connectable(boolean connectionAllowed, ProxyMode mode, boolean proxyApplied) {
        return connectionAllowed && !(mode == ProxyMode.CLIENT_SETTINGS && !proxyApplied);
    }
}
