package org.sra.kit.outbox;

import java.util.List;

import org.bson.Document;
import org.springframework.data.mongodb.core.mapping.event.AfterSaveCallback;

/**
 * Marks every aggregate saved through Spring Data with pending events (see {@link OutboxMarkers}),
 * so the relay finds it without scanning the collection.
 */
public class OutboxMarking implements AfterSaveCallback<AggregateDocument> {

    private final OutboxMarkers markers;

    public OutboxMarking(OutboxMarkers markers) {
        this.markers = markers;
    }

    @Override
    public AggregateDocument onAfterSave(AggregateDocument entity, Document document, String collection) {
        List<?> outbox = document.getList(AggregateDocument.OUTBOX, Object.class);
        if (outbox != null && !outbox.isEmpty() && document.get("_id") != null) {
            markers.mark(collection, document.get("_id"),
                    document.get("tenantId") instanceof String tenant ? tenant : "", outbox.size());
        }
        return entity;
    }
}
