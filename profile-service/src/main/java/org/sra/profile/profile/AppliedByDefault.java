package org.sra.profile.profile;

import org.jspecify.annotations.Nullable;
import org.sra.profile.facts.DeviceFact;

/**
 * Whether a tenant-wide setting that the admin applied to "all profiles" also covers a profile
 * created later (R-PXY-2, R-LSG-1). Implemented by the proxy and local-segment features.
 */
public interface AppliedByDefault {

    /** @param device the device of the new profile, when its facts arrived already */
    boolean appliesTo(String tenantId, @Nullable DeviceFact device);

    /** Which setting this is, so the two implementations can be told apart. */
    Kind kind();

    enum Kind { PROXY, LOCAL_SEGMENT }
}
