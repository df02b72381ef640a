package org.sra.kit.outbox;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.bson.Document;
import org.springframework.data.mongodb.MongoDatabaseFactory;
import org.springframework.data.mongodb.core.mapping.event.BeforeSaveCallback;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;

/**
 * Keeps a save from putting back events the relay already sent. A save replaces the whole
 * document; an aggregate loaded while one of its events was pending, and saved after the relay
 * published and pulled it, would otherwise write that event back and have it published twice.
 * Before the write, the loaded pending events are kept only if the stored document still has
 * them; events raised by this instance are always kept. (The remaining window — between this
 * read and the write — is microseconds; consumers dedupe what slips through.)
 */
public class OutboxMerge implements BeforeSaveCallback<AggregateDocument> {

    private final MongoDatabaseFactory databases;

    public OutboxMerge(MongoDatabaseFactory databases) {
        this.databases = databases;
    }

    @Override
    public AggregateDocument onBeforeSave(AggregateDocument entity, Document document, String collection) {
        List<Document> outbox = document.getList(AggregateDocument.OUTBOX, Document.class);
        if (outbox == null || outbox.isEmpty() || document.get("_id") == null
                || outbox.stream().allMatch(pending -> entity.raisedHere(pending.getString("eventId")))) {
            return entity;
        }
        Document stored = databases.getMongoDatabase().getCollection(collection)
                .find(Filters.eq("_id", document.get("_id")))
                .projection(Projections.include(AggregateDocument.OUTBOX + ".eventId"))
                .first();
        if (stored == null) {
            return entity;
        }
        Set<String> stillPending = new HashSet<>();
        List<Document> storedOutbox = stored.getList(AggregateDocument.OUTBOX, Document.class);
        if (storedOutbox != null) {
            storedOutbox.forEach(pending -> stillPending.add(pending.getString("eventId")));
        }
        document.put(AggregateDocument.OUTBOX, outbox.stream()
                .filter(pending -> entity.raisedHere(pending.getString("eventId"))
                        || stillPending.contains(pending.getString("eventId")))
                .toList());
        return entity;
    }
}
