package org.sra.auth.session;

import java.util.Collection;
import java.util.List;

import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;

/**
 * Which sessions of each user may be live: one small document per user, id
 * {@code <tenantId>/<userId>}, listing session ids. A revocation reads it and fetches those
 * sessions by {@code _id}; asking the sessions themselves "which are this user's live ones?"
 * would read every session ever stored (the embedded store uses no secondary index).
 *
 * <p>An id is added before its session is stored and removed after the session ended, so the
 * list may name sessions that are over (a crash in between), never miss a live one; readers
 * check {@code live} and prune what is over.
 */
@Component
class UserSessions {

    static final String COLLECTION = "user_sessions";
    private static final String SESSIONS = "sessions";

    private final MongoCollection<Document> users;

    UserSessions(MongoTemplate mongo) {
        this.users = mongo.getCollection(COLLECTION); // no I/O until used
    }

    void starting(String tenantId, String userId, String sessionId) {
        users.updateOne(Filters.eq("_id", key(tenantId, userId)), Updates.addToSet(SESSIONS, sessionId),
                new UpdateOptions().upsert(true));
    }

    void ended(String tenantId, String userId, Collection<String> sessionIds) {
        users.updateOne(Filters.eq("_id", key(tenantId, userId)), Updates.pullAll(SESSIONS, List.copyOf(sessionIds)));
    }

    List<String> of(String tenantId, String userId) {
        Document user = users.find(Filters.eq("_id", key(tenantId, userId))).first();
        return user == null ? List.of() : user.getList(SESSIONS, String.class, List.of());
    }

    private static String key(String tenantId, String userId) {
        return tenantId + "/" + userId;
    }
}
