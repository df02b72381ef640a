package org.sra.auth.decision;

import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Everything the policy looks at for one attempt, read from auth-service's own read model.
 *
 * @param userId         the VPN user the presented name denotes; null when none
 * @param devices        the devices assigned to that user
 * @param serialsInUse   serial IDs registered on any device of the tenant (auto-registration refuses
 *                       them); asked for only on the auto-registration path
 * @param userAllowed    false when the admin disabled the user or the attempt lies outside the user's
 *                       validity period (checked against the clock when the attempt is built)
 */
public record Attempt(TenantRules tenant, String userId, List<UserDevice> devices, DeviceIdentity presented,
                      Supplier<Set<String>> serialsInUse, boolean userAllowed) {

    /** An attempt of a user who is enabled and within their validity period. */
    public Attempt(TenantRules tenant, String userId, List<UserDevice> devices, DeviceIdentity presented,
                   Supplier<Set<String>> serialsInUse) {
        this(tenant, userId, devices, presented, serialsInUse, true);
    }
}
