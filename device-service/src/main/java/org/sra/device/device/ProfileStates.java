package org.sra.device.device;

import java.util.Collection;
import java.util.List;

import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;
import org.sra.events.EventEnvelope;
import org.sra.events.profile.ProfileRemoved;
import org.sra.events.profile.ProfileSettingsChanged;

/**
 * Keeps {@link ProfileState}s from profile-service's events. {@code ProfileSettingsChanged} is
 * the full state (replace), {@code ProfileRemoved} deletes: both are idempotent. Every read and
 * write goes by {@code _id}, which the embedded store looks up without reading the collection.
 */
@Component
public class ProfileStates {

    private final MongoTemplate mongo;

    ProfileStates(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    public void onSettingsChanged(EventEnvelope envelope, ProfileSettingsChanged changed) {
        mongo.save(new ProfileState(ProfileState.idOf(changed.userId(), changed.deviceId()), changed.tenantId(),
                changed.userId(), changed.deviceId(), changed.proxyApplied(), changed.localSegment()));
    }

    public void onRemoved(EventEnvelope envelope, ProfileRemoved removed) {
        String id = ProfileState.idOf(removed.userId(), removed.deviceId());
        ProfileState state = mongo.findById(id, ProfileState.class);
        if (state != null && state.tenantId().equals(removed.tenantId())) {
            mongo.remove(Query.query(Criteria.where("_id").is(id)), ProfileState.class);
        }
    }

    /**
     * The states of these devices' profiles with their current users, read by {@code _id}
     * ({@code user:device}): a device without user has no profile to show.
     */
    List<ProfileState> of(String tenantId, Collection<Device> devices) {
        List<String> ids = devices.stream().filter(Device::isAssigned)
                .map(d -> ProfileState.idOf(d.assignedUserId(), d.id())).toList();
        if (ids.isEmpty()) {
            return List.of();
        }
        return mongo.find(Query.query(Criteria.where("_id").in(ids)), ProfileState.class).stream()
                .filter(p -> tenantId.equals(p.tenantId())).toList();
    }
}
