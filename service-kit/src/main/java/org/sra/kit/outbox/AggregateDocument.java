package org.sra.kit.outbox;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import org.springframework.data.annotation.Transient;
import org.sra.events.EventEnvelope;
import org.sra.events.EventPayload;
import org.sra.events.audit.AuditActions;
import org.sra.events.audit.AuditRecorded;
import org.sra.kit.audit.Actor;
import org.sra.kit.audit.AuditJson;

/**
 * Base class of a MongoDB document whose changes raise events. {@link #raise} appends the
 * encoded event to the document itself; saving the document writes the change and its events
 * in one atomic single-document write; {@link OutboxMarking} then marks the document for the
 * {@link OutboxRelay}, which publishes its events and pulls them out.
 *
 * <p>Deleting an aggregate that must announce its removal: call {@link #markDeleted()} and save;
 * the relay removes the document once its last event is out. Queries must skip
 * {@code deleted = true} documents.
 */
public abstract class AggregateDocument {

    /** Field names the relay queries; keep in sync with the fields below. */
    public static final String OUTBOX = "outbox";
    public static final String DELETED = "deleted";

    private List<PendingEvent> outbox = new ArrayList<>();
    private boolean deleted;

    /** Ids of the events raised since this instance was loaded (not persisted). */
    @Transient
    private final Set<String> raisedSinceLoad = new HashSet<>();

    /** Records an event of this aggregate; it is persisted with the next save of this document. */
    protected EventEnvelope raise(String tenantId, EventPayload payload) {
        EventEnvelope envelope = PendingEvent.stamped(EventEnvelope.of(tenantId, payload));
        PendingEvent pending = PendingEvent.of(envelope);
        outbox.add(pending);
        raisedSinceLoad.add(pending.eventId());
        return envelope;
    }

    /**
     * Records an audit entry (R-ACC-5) for this change, in the same write: actor from the
     * caller's token (or {@code system}), request id from the trace. Pass views, not entities;
     * secret-looking fields are masked by {@link org.sra.kit.audit.AuditJson}.
     */
    protected void audit(String tenantId, String action, String targetType, String targetId,
                         Object before, Object after) {
        String name = AuditJson.nameOf(after);
        audit(tenantId, action, targetType, targetId, name != null ? name : AuditJson.nameOf(before), before, after);
    }

    /**
     * As {@link #audit(String, String, String, String, Object, Object)}, naming the target as the
     * console does ({@code targetName}), where the views do not carry that name themselves.
     *
     * @throws IllegalArgumentException for an action {@link AuditActions} does not list: it would
     *                                  reach the admin as a raw code
     */
    protected void audit(String tenantId, String action, String targetType, String targetId, String targetName,
                         Object before, Object after) {
        if (!AuditActions.isKnown(action)) {
            throw new IllegalArgumentException("audit action " + action + " is not listed in AuditActions"
                    + " (and so has no label in the console)");
        }
        raise(tenantId, new AuditRecorded(tenantId, Actor.current(), action,
                targetType, targetId, AuditJson.of(before), AuditJson.of(after),
                Actor.requestId(), serviceName(), targetName));
    }

    /** Name of the service writing the audit entry; set once at start by the kit. */
    private static String serviceName() {
        return SERVICE_NAME.get();
    }

    /** Set by the kit's auto-configuration from {@code spring.application.name}. */
    public static final AtomicReference<String> SERVICE_NAME =
            new AtomicReference<>("unknown");

    /** Whether this instance raised the event (rather than loading it as still pending). */
    boolean raisedHere(String eventId) {
        return raisedSinceLoad.contains(eventId);
    }

    /** Events not yet published. */
    public List<PendingEvent> pendingEvents() {
        return Collections.unmodifiableList(outbox);
    }

    /** Turns this document into a tombstone that the relay deletes after publishing. */
    protected void markDeleted() {
        this.deleted = true;
    }

    public boolean isDeleted() {
        return deleted;
    }
}
