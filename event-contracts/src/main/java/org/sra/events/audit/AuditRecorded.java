package org.sra.events.audit;

import org.jspecify.annotations.Nullable;
import org.sra.events.EventPayload;

/**
 * An admin (or the platform on their behalf) changed something (R-ACC-5). Keyed by tenant so a
 * tenant's trail stays in order.
 *
 * @param actor      login id of the admin, or {@code system} for changes that follow from an event
 * @param action     what was done, e.g. {@code DEVICE_UPDATED}
 * @param targetType kind of thing changed, e.g. {@code device}
 * @param before     the thing before, as JSON with secrets masked; null when it was created
 * @param after      the thing after, as JSON with secrets masked; null when it was deleted
 * @param requestId  the HTTP request that caused it, when there was one
 * @param service    the service that made the change, e.g. {@code device-service}
 * @param targetName the changed thing as the console names it (a device's or user's name, a profile
 *                   id {@code user:device}); null where it has none (a setting) or in events written
 *                   before it existed
 */
public record AuditRecorded(String tenantId, String actor, String action, String targetType, String targetId,
                            @Nullable String before, @Nullable String after, @Nullable String requestId,
                            String service, @Nullable String targetName) implements EventPayload {

    /** Without the target's name. */
    public AuditRecorded(String tenantId, String actor, String action, String targetType, String targetId,
                         @Nullable String before, @Nullable String after, @Nullable String requestId, String service) {
        this(tenantId, actor, action, targetType, targetId, before, after, requestId, service, null);
    }

    @Override
    public String aggregateId() {
        return tenantId;
    }
}
