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
 * the full state (replace), {@code ProfileRemoved} deletes: both are idempotent.
 */
@Component
public class ProfileStates {

    private final MongoTemplate mongo;

    ProfileStates(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    public void onSettingsChanged(EventEnvelope envelope, ProfileSettingsChanged changed) {
        mongo.save(new ProfileState(changed.profileId(), changed.tenantId(), changed.userId(), changed.deviceId(),
                changed.proxyApplied(), changed.localSegment()));
    }

    public void onRemoved(EventEnvelope envelope, ProfileRemoved removed) {
        mongo.remove(Query.query(Criteria.where("_id").is(removed.profileId()).and("tenantId").is(removed.tenantId())),
                ProfileState.class);
    }

    List<ProfileState> of(String tenantId, Collection<String> deviceIds) {
        return mongo.find(Query.query(Criteria.where("tenantId").is(tenantId).and("deviceId").in(deviceIds)),
                ProfileState.class);
    }
}
