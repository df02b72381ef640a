package org.sra.local;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import org.bson.Document;

/**
 * The stack's store, read and written as a test needs to where waiting is not possible: a
 * download link lives at least a day, so a check of its expiry moves its end into the past here,
 * exactly as the day's passing would have left the documents.
 */
final class StoreAccess implements AutoCloseable {

    private final MongoClient client;

    StoreAccess(int mongoPort) {
        this.client = MongoClients.create("mongodb://127.0.0.1:" + mongoPort);
    }

    /**
     * The current link of the tenant's profile ends a minute ago, and the expiry list says to look
     * at it now (profile-service's {@code profiles} and {@code link_expiries}).
     */
    void pastValidity(String tenantId, String profileId) {
        var profiles = client.getDatabase("sra-profile").getCollection("profiles");
        Document profile = profiles.find(Filters.and(Filters.eq("tenantId", tenantId), Filters.eq("profileId", profileId),
                Filters.exists("liveKey"))).first();
        if (profile == null || profile.get("link") == null) {
            throw new IllegalStateException("no live profile " + profileId + " with a link in tenant " + tenantId);
        }
        Date past = Date.from(Instant.now().minus(Duration.ofMinutes(1)));
        profiles.updateOne(Filters.eq("_id", profile.get("_id")), Updates.set("link.expiresAt", past));
        client.getDatabase("sra-profile").getCollection("link_expiries").updateOne(Filters.eq("_id", profile.get("_id")),
                Updates.set("at", past), new UpdateOptions().upsert(true));
    }

    /** The tenant's lease of {@code address} (auth-service's {@code leases}) ran out a minute ago. */
    void pastLease(String tenantId, String address) {
        var leases = client.getDatabase("sra-auth").getCollection("leases");
        var changed = leases.updateOne(Filters.and(Filters.eq("tenantId", tenantId), Filters.eq("address", address)),
                Updates.set("expiresAt", Date.from(Instant.now().minus(Duration.ofMinutes(1)))));
        if (changed.getMatchedCount() != 1) {
            throw new IllegalStateException("no lease of " + address + " in tenant " + tenantId);
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
