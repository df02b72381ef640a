package org.sra.events.profile;

import org.sra.events.EventPayload;

/**
 * The tenant switched local-segment access on or off (R-LSG-1); which profiles it applies to
 * travels in {@link ProfileSettingsChanged#localSegment()}.
 */
public record LocalSegmentSettingsChanged(String tenantId, boolean enabled) implements EventPayload {

    @Override
    public String aggregateId() {
        return tenantId;
    }
}
