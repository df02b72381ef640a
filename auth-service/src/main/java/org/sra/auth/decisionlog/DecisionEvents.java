package org.sra.auth.decisionlog;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;
import org.sra.events.EventEnvelope;
import org.sra.kit.outbox.AggregateDocument;
import org.sra.kit.outbox.PendingEvent;
import java.util.List;

/**
 * The events of one decision — {@code ConnectionDecided} and, when a serial is to be
 * registered, {@code DeviceAutoRegistrationRequested} — in one outbox write; or the
 * {@code ConnectionDecided} events of a batch written behind that the broker did not take at once
 * (see {@link DecisionLog}; the kit's {@code OutboxRelay.publishOrKeep} writes those). A tombstone from
 * the start: the relay deletes it once they are out, so this collection only ever holds what is
 * still pending (the relay scans it often; the decision log itself grows without bound).
 */
@Document("decision_events")
class DecisionEvents extends AggregateDocument {

    @Id
    private String id;

    DecisionEvents() {
    }

    /** The {@code ConnectionDecided} events of a batch of decisions, published at once by the writer. */
    static List<PendingEvent> pending(List<DecisionRecord> records) {
        return records.stream().map(r -> PendingEvent.of(EventEnvelope.of(r.tenantId(), r.connectionDecided())))
                .toList();
    }

    static DecisionEvents of(DecisionRecord record, String presentedSerial, String platform, String nasName) {
        DecisionEvents events = new DecisionEvents();
        events.id = record.id();
        events.raise(record.tenantId(), record.connectionDecided());
        if (presentedSerial != null) {
            events.raise(record.tenantId(), record.registrationRequest(presentedSerial, platform, nasName));
        }
        events.markDeleted();
        return events;
    }
}
