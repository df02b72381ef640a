package org.sra.auth.decision;

import java.util.List;

import org.sra.events.device.DeviceType;
import org.sra.events.profile.ProxyMode;

/**
 * The accept side of the decision (R-AUT-5): which proxy and local-LAN settings an accepted
 * device is given, and the reject when the tenant's pool has no address left for it. The tenant's
 * proxy setting reaches only devices whose profile it was applied to (R-PXY-2), a managed proxy is
 * never pushed to Android (R-PXY-3), and the local LAN stays reachable only when the tenant has
 * local-segment access on and the device's profile has it applied (R-LSG-1).
 */
public final class AcceptRules {

    /**
     * The tenant's proxy and local-segment settings.
     *
     * @param proxyPort null when the tenant gave none
     */
    public record TenantAccess(ProxyMode proxyMode, String proxyAddress, Integer proxyPort,
                               List<String> proxyExclusions, boolean localSegmentEnabled) {
    }

    /**
     * What the headend is told to push to the client.
     *
     * @param proxyServer     {@code address[:port]} in MANAGEMENT mode, else null
     * @param proxyExceptions the exclusions in MANAGEMENT mode, else empty
     * @param localLanAllowed local-segment access (R-LSG-1)
     */
    public record Pushed(ProxyMode proxyMode, String proxyServer, List<String> proxyExceptions,
                         boolean localLanAllowed) {
    }

    /** The settings for the device an accept was matched to. */
    public Pushed pushed(TenantAccess tenant, UserDevice device) {
        ProxyMode mode = tenant.proxyMode();
        if (!device.proxyApplied() || (mode == ProxyMode.MANAGEMENT && device.type() == DeviceType.ANDROID)) {
            mode = ProxyMode.UNSELECTED;
        }
        boolean managed = mode == ProxyMode.MANAGEMENT;
        String proxyServer = managed && tenant.proxyAddress() != null
                ? tenant.proxyAddress() + (tenant.proxyPort() == null ? "" : ":" + tenant.proxyPort()) : null;
        return new Pushed(mode, proxyServer, managed ? tenant.proxyExclusions() : List.of(),
                tenant.localSegmentEnabled() && device.localSegment());
    }

    /** An accept for which the pool had no free address: rejected, still naming the matched device. */
    public Decision noAddress(Decision accepted) {
        return accepted.rejected(RejectReason.POOL_EXHAUSTED);
    }
}
