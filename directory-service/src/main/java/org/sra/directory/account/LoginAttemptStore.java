package org.sra.directory.account;

import java.time.Instant;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.mapping.Document;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;
import org.sra.directory.account.LoginThrottle.Attempts;

/**
 * Failed admin logins per key, persisted so a restart or a second replica keeps the back-off.
 * Keys are {@code account:<login id>} and {@code source:<address>}; only admin and operator
 * logins are counted here (VPN users authenticate at auth-service and never touch this store).
 */
@Component
class LoginAttemptStore {

    @Document("admin_login_attempts")
    record FailedLogins(@Id String key, int failures, Instant lastFailure) {
    }

    private final MongoTemplate mongo;

    LoginAttemptStore(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    Attempts get(String key) {
        FailedLogins stored = mongo.findById(key, FailedLogins.class);
        return stored == null ? Attempts.NONE : new Attempts(stored.failures(), stored.lastFailure());
    }

    void put(String key, Attempts attempts) {
        mongo.save(new FailedLogins(key, attempts.failures(), attempts.lastFailure()));
    }

    void clear(String key) {
        mongo.remove(Query.query(Criteria.where("_id").is(key)), FailedLogins.class);
    }
}
