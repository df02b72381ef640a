package org.sra.profile.profile;

import java.time.Instant;

import org.jspecify.annotations.Nullable;
import org.sra.profile.facts.DeviceFact;

/**
 * Whether a tenant-wide setting that the admin applied to "all profiles" also covers a profile
 * created later (R-PXY-2, R-LSG-1). Implemented by the proxy and local-segment features.
 */
public interface AppliedByDefault {

    /** @param device the device of the new profile, when its facts arrived already */
    boolean appliesTo(String tenantId, @Nullable DeviceFact device);

    /**
     * The profile's device is now as {@code device} says (an import part's state, applied as a
     * {@code DeviceChanged} would be): takes the setting off where it may no longer apply. Returns
     * whether the profile changed; the caller saves it.
     */
    default boolean deviceChanged(Profile profile, DeviceFact device, Instant now) {
        return false;
    }

    /** Which setting this is, so the two implementations can be told apart. */
    Kind kind();

    enum Kind { PROXY, LOCAL_SEGMENT }
}
