package org.sra.profile.profile;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;

/**
 * Which profiles each user and each device has, in the collection {@value #COLLECTION}: one
 * document per user and per device (keyed by tenant and id) listing its profiles' document ids.
 * Device and user events find their profiles here by key; the profiles themselves carry user and
 * device only as plain fields, which the embedded store cannot look up without reading them all
 * (it uses no secondary index) — once per {@code DeviceChanged}, of which an import raises thousands.
 *
 * <p>A profile is listed before it is stored and unlisted after its tombstone is stored, so the
 * list never misses a live profile; what a crash leaves listed is skipped on reading (a profile
 * gone, removed, or of another owner).
 */
@Component
public class ProfileOwners {

    static final String COLLECTION = "profile_owners";
    private static final String PROFILES = "profiles";

    private final MongoTemplate mongo;
    private final Profiles profiles;

    ProfileOwners(MongoTemplate mongo, Profiles profiles) {
        this.mongo = mongo;
        this.profiles = profiles;
    }

    /** Lists a profile with its user and its device; call before storing it. */
    void add(Profile profile) {
        addAll(List.of(profile));
    }

    /** Lists profiles with their users and devices in one write. */
    void addAll(Collection<Profile> added) {
        List<WriteModel<Document>> writes = new ArrayList<>();
        for (Profile profile : added) {
            for (String owner : owners(profile)) {
                writes.add(new UpdateOneModel<>(Filters.eq("_id", owner), Updates.addToSet(PROFILES, profile.id()),
                        new UpdateOptions().upsert(true)));
            }
        }
        if (!writes.isEmpty()) {
            entries().bulkWrite(writes, new BulkWriteOptions().ordered(false));
        }
    }

    /** Unlists a removed profile; call after storing its tombstone. */
    void remove(Profile profile) {
        List<WriteModel<Document>> writes = new ArrayList<>();
        for (String owner : owners(profile)) {
            writes.add(new UpdateOneModel<>(Filters.eq("_id", owner), Updates.pull(PROFILES, profile.id())));
        }
        entries().bulkWrite(writes, new BulkWriteOptions().ordered(false));
    }

    /** The user's live profiles. */
    public List<Profile> ofUser(String tenantId, String userId) {
        return live(userKey(tenantId, userId),
                profile -> profile.tenantId().equals(tenantId) && profile.userId().equals(userId));
    }

    /** The device's live profiles (one, while it is assigned). */
    public List<Profile> ofDevice(String tenantId, String deviceId) {
        return live(deviceKey(tenantId, deviceId),
                profile -> profile.tenantId().equals(tenantId) && profile.deviceId().equals(deviceId));
    }

    /**
     * The live profiles of these devices, by device id (devices without any are left out): one
     * look-up of their lists by {@code _id $in}, and one of the listed profiles when there are any.
     */
    public Map<String, List<Profile>> ofDevices(String tenantId, Collection<String> deviceIds) {
        List<String> keys = deviceIds.stream().distinct().map(id -> deviceKey(tenantId, id)).toList();
        if (keys.isEmpty()) {
            return Map.of();
        }
        List<String> ids = new ArrayList<>();
        for (Document listed : entries().find(Filters.in("_id", keys))) {
            ids.addAll(listed.getList(PROFILES, String.class, List.of()));
        }
        if (ids.isEmpty()) {
            return Map.of();
        }
        Map<String, List<Profile>> found = new LinkedHashMap<>();
        Set<String> wanted = new HashSet<>(deviceIds);
        for (Profile profile : profiles.findAllById(ids.stream().distinct().toList())) {
            if (!profile.isDeleted() && profile.tenantId().equals(tenantId) && wanted.contains(profile.deviceId())) {
                found.computeIfAbsent(profile.deviceId(), id -> new ArrayList<>()).add(profile);
            }
        }
        return found;
    }

    private List<Profile> live(String owner, Predicate<Profile> ofOwner) {
        Document listed = entries().find(Filters.eq("_id", owner)).first();
        List<String> ids = listed == null ? List.of() : listed.getList(PROFILES, String.class, List.of());
        if (ids.isEmpty()) {
            return List.of();
        }
        List<Profile> found = new ArrayList<>();
        for (Profile profile : profiles.findAllById(ids)) {
            if (!profile.isDeleted() && ofOwner.test(profile)) {
                found.add(profile);
            }
        }
        return found;
    }

    private static List<String> owners(Profile profile) {
        return List.of(userKey(profile.tenantId(), profile.userId()), deviceKey(profile.tenantId(), profile.deviceId()));
    }

    private static String userKey(String tenantId, String userId) {
        return "user|" + tenantId + "|" + userId;
    }

    private static String deviceKey(String tenantId, String deviceId) {
        return "device|" + tenantId + "|" + deviceId;
    }

    private MongoCollection<Document> entries() {
        return mongo.getCollection(COLLECTION);
    }
}
