package org.sra.directory.account;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.mapping.Document;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
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

    /**
     * Counts one more failure for {@code key} at {@code now} in one atomic write and returns the
     * attempts after it, so that N failures at once, on any replica, count N (a read, then a write
     * of the count read plus one, lost all but one of them). A count whose last failure is older
     * than {@code forgetAfter} starts again at 1.
     */
    Attempts failed(String key, Instant now, Duration forgetAfter) {
        Instant cutoff = now.minus(forgetAfter);
        for (int attempt = 0; attempt < 5; attempt++) {
            FailedLogins counted = mongo.findAndModify(
                    Query.query(Criteria.where("_id").is(key).and("lastFailure").gt(cutoff)),
                    new Update().inc("failures", 1).set("lastFailure", now),
                    FindAndModifyOptions.options().returnNew(true), FailedLogins.class);
            if (counted != null) {
                return new Attempts(counted.failures(), counted.lastFailure());
            }
            // none yet, or only an old one: start again at 1, unless another failure got there first
            FailedLogins restarted = mongo.findAndModify(
                    Query.query(Criteria.where("_id").is(key).orOperator(Criteria.where("lastFailure").lte(cutoff),
                            Criteria.where("lastFailure").exists(false))),
                    new Update().set("failures", 1).set("lastFailure", now),
                    FindAndModifyOptions.options().returnNew(true), FailedLogins.class);
            if (restarted != null) {
                return new Attempts(restarted.failures(), restarted.lastFailure());
            }
            try {
                mongo.insert(new FailedLogins(key, 1, now));
                return new Attempts(1, now);
            } catch (DuplicateKeyException raced) {
                // another failure created it meanwhile: count on it
            }
        }
        throw new IllegalStateException("could not count a failed login for " + key);
    }

    /**
     * The outcome of asking to try a password for a key: admitted (and already counted as a
     * failure, taken back by {@link #clear} or {@link #takeBack} when the password is right), or
     * told to wait until {@code waitUntil} without being counted.
     */
    record Admission(Attempts attempts, Optional<Instant> waitUntil) {

        boolean admitted() {
            return waitUntil.isEmpty();
        }
    }

    /**
     * Admits one password attempt for {@code key} at {@code now} unless the key must wait, and
     * counts it as a failure <em>before</em> the password is checked. The count is a
     * compare-and-set of the record as read (one atomic write), so of N attempts at once, on any
     * replica, each one admitted is counted, and once the count reaches the threshold the others
     * find the delay and are refused: no attempt slips through on a count read before another's
     * failure was written. Attempts told to wait are not counted, so hammering a waiting key never
     * makes the wait longer.
     */
    Admission admit(String key, LoginThrottle throttle, Instant now) {
        for (int round = 0; round < 200; round++) {
            FailedLogins stored = mongo.findById(key, FailedLogins.class);
            Attempts before = stored == null ? Attempts.NONE : new Attempts(stored.failures(), stored.lastFailure());
            Optional<Instant> wait = throttle.waitUntil(before, now);
            if (wait.isPresent()) {
                return new Admission(before, wait);
            }
            Attempts after = throttle.afterFailure(before, now);
            if (stored == null) {
                try {
                    mongo.insert(new FailedLogins(key, after.failures(), now));
                    return new Admission(after, Optional.empty());
                } catch (DuplicateKeyException raced) {
                    continue; // another attempt created it meanwhile: read it again
                }
            }
            FailedLogins counted = mongo.findAndModify(
                    Query.query(Criteria.where("_id").is(key).and("failures").is(stored.failures())
                            .and("lastFailure").is(stored.lastFailure())),
                    new Update().set("failures", after.failures()).set("lastFailure", now),
                    FindAndModifyOptions.options().returnNew(true), FailedLogins.class);
            if (counted != null) {
                return new Admission(new Attempts(counted.failures(), counted.lastFailure()), Optional.empty());
            }
            // another attempt counted meanwhile (or a login cleared it): read it again
        }
        // only under a storm of attempts on one key: refuse this one rather than let it through uncounted
        return new Admission(get(key), Optional.of(now.plus(throttle.firstDelay())));
    }

    /** Takes back one admitted attempt whose password was right (the source's count). */
    void takeBack(String key) {
        mongo.findAndModify(Query.query(Criteria.where("_id").is(key).and("failures").gt(0)),
                new Update().inc("failures", -1), FailedLogins.class);
    }

    void clear(String key) {
        mongo.remove(Query.query(Criteria.where("_id").is(key)), FailedLogins.class);
    }
}
