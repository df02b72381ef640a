package org.sra.profile.profile;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.bson.Document;
import org.bson.conversions.Bson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;

/**
 * Gives the profiles stored before the keyed look-ups existed what those look-ups need: the
 * live and link keys on each profile, its place in {@link ProfileOwners}, and its link on the
 * {@link LinkExpiries} list. Runs once per database at start, before events or requests are
 * handled (it reads every profile once), and records that it ran in {@value #DONE_COLLECTION}.
 */
@Component
class ProfileKeysBackfill implements SmartInitializingSingleton {

    static final String DONE_COLLECTION = "profile_migrations";
    private static final String DONE_ID = "profile-keys";
    private static final Logger log = LoggerFactory.getLogger(ProfileKeysBackfill.class);

    private final MongoTemplate mongo;
    private final ProfileOwners owners;
    private final LinkExpiries expiries;

    ProfileKeysBackfill(MongoTemplate mongo, ProfileOwners owners, LinkExpiries expiries) {
        this.mongo = mongo;
        this.owners = owners;
        this.expiries = expiries;
    }

    @Override
    public void afterSingletonsInstantiated() {
        if (mongo.getCollection(DONE_COLLECTION).find(Filters.eq("_id", DONE_ID)).first() != null) {
            return;
        }
        List<WriteModel<Document>> keys = new ArrayList<>();
        List<Profile> live = new ArrayList<>();
        Map<String, Instant> waiting = new HashMap<>();
        for (Profile profile : mongo.findAll(Profile.class)) {
            if (profile.isDeleted()) {
                continue;
            }
            live.add(profile);
            List<Bson> set = new ArrayList<>();
            set.add(Updates.set(Profile.LIVE_KEY, Profile.liveKey(profile.tenantId(), profile.profileId())));
            if (profile.link() != null) {
                set.add(Updates.set(Profile.LINK_KEY, profile.link().tokenHash()));
                if (profile.status().waitsForDownload()) {
                    waiting.put(profile.id(), profile.link().expiresAt());
                }
            }
            keys.add(new UpdateOneModel<>(Filters.eq("_id", profile.id()), Updates.combine(set)));
        }
        if (!keys.isEmpty()) {
            try {
                mongo.getCollection(mongo.getCollectionName(Profile.class)).bulkWrite(keys,
                        new BulkWriteOptions().ordered(false));
            } catch (MongoBulkWriteException duplicates) {
                log.warn("{} stored profile(s) could not be keyed (a second live profile with the same id?): {}",
                        duplicates.getWriteErrors().size(), duplicates.getWriteErrors().getFirst().getMessage());
            }
            owners.addAll(live);
            expiries.scheduleNoLaterThan(waiting);
        }
        // an upsert: a second replica starting at the same time did the same and records the same
        mongo.getCollection(DONE_COLLECTION).updateOne(Filters.eq("_id", DONE_ID), Updates.combine(
                Updates.set("at", Date.from(Instant.now())), Updates.set("profiles", live.size())),
                new UpdateOptions().upsert(true));
        if (!live.isEmpty()) {
            log.info("Keyed {} stored profiles for look-ups by key ({} unused links on the expiry list)", live.size(),
                    waiting.size());
        }
    }
}
