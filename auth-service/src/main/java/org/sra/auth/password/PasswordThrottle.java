package org.sra.auth.password;

import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Counts wrong passwords per VPN user and per NAS client in fixed windows, across replicas, and
 * says when an attempt is to be refused without asking the directory.
 *
 * <p>Each wrong password increments a counter document in the store ({@value #COLLECTION},
 * keyed {@code user:<tenant>:<user id>:<window start>} or {@code nas:<nas client id>:<window
 * start>}) in one atomic write that returns the new total, so N parallel wrong guesses on any
 * replicas count N. The replica whose increment reaches the limit remembers the block until the
 * window ends and refuses from then on; a replica that has not seen the limit reached lets one
 * more attempt through, whose increment tells it. So at most {@code limit + replicas - 1} wrong
 * passwords reach the directory per window, and a right password costs no store access at all.
 */
@Component
public class PasswordThrottle {

    static final String COLLECTION = "password_failures";
    private static final Logger log = LoggerFactory.getLogger(PasswordThrottle.class);

    private final MongoCollection<Document> failures;
    private final PasswordThrottleSettings settings;
    private final Clock clock;
    private final Map<String, Instant> blockedUntil = new ConcurrentHashMap<>();
    private final Counter throttled;

    public PasswordThrottle(MongoTemplate mongo, PasswordThrottleSettings settings, Clock clock, MeterRegistry meters) {
        this.failures = mongo.getCollection(COLLECTION); // no I/O until used
        this.settings = settings;
        this.clock = clock;
        this.throttled = Counter.builder("sra.auth.password.throttled")
                .description("attempts refused without asking the directory after too many wrong passwords")
                .register(meters);
    }

    /** Whether an attempt for this user through this NAS is refused without a password check now. */
    public boolean blocked(String tenantId, String userId, String nasClientId) {
        Instant now = clock.instant();
        boolean blocked = isBlocked(userKey(tenantId, userId), now) || isBlocked(nasKey(nasClientId), now);
        if (blocked) {
            throttled.increment();
        }
        return blocked;
    }

    /** Counts one wrong password for the user and for the NAS. */
    public void failed(String tenantId, String userId, String nasClientId) {
        Instant now = clock.instant();
        count(userKey(tenantId, userId), settings.userFailures(), now);
        count(nasKey(nasClientId), settings.nasFailures(), now);
    }

    private boolean isBlocked(String key, Instant now) {
        Instant until = blockedUntil.get(key);
        if (until == null) {
            return false;
        }
        if (now.isBefore(until)) {
            return true;
        }
        blockedUntil.remove(key, until);
        return false;
    }

    private void count(String key, int limit, Instant now) {
        long windowSeconds = Math.max(1, settings.window().toSeconds());
        long start = now.getEpochSecond() / windowSeconds * windowSeconds;
        Instant end = Instant.ofEpochSecond(start + windowSeconds);
        Document counted = failures.findOneAndUpdate(Filters.eq("_id", key + ":" + start),
                Updates.combine(Updates.inc("n", 1), Updates.setOnInsert("until", Date.from(end))),
                new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER));
        long total = counted == null ? 0 : counted.get("n", Number.class).longValue();
        if (total >= limit) {
            if (blockedUntil.put(key, end) == null) {
                log.warn("{} wrong passwords for {} in this window: further attempts refused until {}", total,
                        key.startsWith("nas:") ? "NAS client " + key.substring(4) : "a user", end);
            }
        }
    }

    /** Forgets the counters of windows that have ended (the embedded store keeps no TTL index). */
    @Scheduled(fixedDelayString = "${sra.auth.throttle.clean-up-every:10m}")
    public void forgetEnded() {
        failures.deleteMany(Filters.lt("until", Date.from(clock.instant())));
    }

    private static String userKey(String tenantId, String userId) {
        return "user:" + tenantId + ":" + userId;
    }

    private static String nasKey(String nasClientId) {
        return "nas:" + nasClientId;
    }
}
