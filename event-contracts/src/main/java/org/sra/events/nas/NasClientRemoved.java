package org.sra.events.nas;

import org.sra.events.EventPayload;

/** The operator removed a headend; its packets are dropped from now on (R-OPS-2). */
public record NasClientRemoved(String tenantId, String nasClientId) implements EventPayload {

    @Override
    public String aggregateId() {
        return nasClientId;
    }
}
