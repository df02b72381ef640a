package org.sra.events.profile;

import org.sra.events.EventPayload;

/**
 * A profile's connection settings after it was created or changed (R-PRO-1, R-PXY-2, R-LSG-1):
 * the full state, so a consumer keeps only the latest.
 *
 * @param connectionAllowed the profile's own on/off switch (R-PRO-1)
 * @param proxyApplied      the tenant's proxy setting was applied to this profile (R-PXY-2)
 * @param localSegment      local-segment access was applied to this profile (R-LSG-1)
 */
public record ProfileSettingsChanged(String tenantId, String profileId, String userId, String deviceId,
                                     boolean connectionAllowed, boolean proxyApplied, boolean localSegment)
        implements EventPayload {

    @Override
    public String aggregateId() {
        return profileId;
    }
}
