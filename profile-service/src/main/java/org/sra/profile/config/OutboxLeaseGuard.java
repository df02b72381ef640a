package org.sra.profile.config;

import org.bson.Document;
import org.springframework.data.mongodb.core.mapping.event.BeforeSaveCallback;
import org.springframework.stereotype.Component;
import org.sra.kit.outbox.AggregateDocument;

/**
 * Keeps a save from writing back an outbox lease it merely read. The relay leases a document
 * ({@code outboxLockedUntil}) without touching its version; an aggregate loaded during that
 * lease and saved after the relay let go would put the lease back, and the events it just
 * raised would wait out the whole lease (30 s by default) before anyone publishes them. Dropping
 * the field from the replacement lets the next relay pass take the document at once; at worst a
 * relay still busy with it and another replica publish the same event twice, which consumers
 * dedupe on the event id. (Worth moving into service-kit; see README.)
 */
@Component
class OutboxLeaseGuard implements BeforeSaveCallback<AggregateDocument> {

    @Override
    public AggregateDocument onBeforeSave(AggregateDocument entity, Document document, String collection) {
        document.remove(AggregateDocument.OUTBOX_LOCKED_UNTIL);
        return entity;
    }
}
