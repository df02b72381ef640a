package org.sra.profile.facts;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;
import org.sra.events.EventEnvelope;
import org.sra.events.device.DeviceAutoRegistered;
import org.sra.events.device.DeviceChanged;
import org.sra.events.device.DeviceRemoved;
import org.sra.events.settings.SettingsChanged;
import org.sra.events.tenant.TenantResumed;
import org.sra.events.tenant.TenantSuspended;
import org.sra.events.user.VpnUserAdded;
import org.sra.events.user.VpnUserRemoved;

/**
 * Keeps the facts from other services' events. Every handler writes absolute values keyed by
 * tenant and id, so handling an event again changes nothing.
 */
@Component
public class Facts {

    static final String DEFAULT_LANGUAGE = "ja";

    private final MongoTemplate mongo;

    Facts(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    public Optional<DeviceFact> device(String tenantId, String deviceId) {
        return Optional.ofNullable(mongo.findById(DeviceFact.key(tenantId, deviceId), DeviceFact.class));
    }

    /** The tenant's devices with these ids that this service has heard of, by device id; one look-up by key. */
    public Map<String, DeviceFact> devices(String tenantId, Collection<String> deviceIds) {
        Map<String, DeviceFact> found = new HashMap<>();
        mongo.find(Query.query(Criteria.where("_id").in(deviceIds.stream().map(id -> DeviceFact.key(tenantId, id))
                .distinct().toList())), DeviceFact.class).forEach(fact -> found.put(fact.deviceId(), fact));
        return found;
    }

    public Optional<UserFact> user(String tenantId, String userId) {
        return Optional.ofNullable(mongo.findById(UserFact.key(tenantId, userId), UserFact.class));
    }

    /** The tenant's users with these ids that this service has heard of, by user id; one look-up by key. */
    public Map<String, UserFact> users(String tenantId, Collection<String> userIds) {
        Map<String, UserFact> found = new HashMap<>();
        mongo.find(Query.query(Criteria.where("_id").in(userIds.stream().map(id -> UserFact.key(tenantId, id))
                .distinct().toList())), UserFact.class).forEach(fact -> found.put(fact.userId(), fact));
        return found;
    }

    public boolean suspended(String tenantId) {
        TenantFact tenant = mongo.findById(tenantId, TenantFact.class);
        return tenant != null && tenant.suspended();
    }

    public String language(String tenantId) {
        TenantFact tenant = mongo.findById(tenantId, TenantFact.class);
        return tenant == null ? DEFAULT_LANGUAGE : tenant.language();
    }

    public DeviceFact onDeviceChanged(EventEnvelope envelope, DeviceChanged changed) {
        DeviceFact fact = DeviceFact.of(changed);
        mongo.save(fact);
        return fact;
    }

    /** The serial is known now even if the {@code DeviceChanged} that carries it is still on its way. */
    public void onDeviceAutoRegistered(EventEnvelope envelope, DeviceAutoRegistered registered) {
        device(registered.tenantId(), registered.deviceId())
                .ifPresent(fact -> mongo.save(fact.withSerial(registered.serialId())));
    }

    public void onDeviceRemoved(EventEnvelope envelope, DeviceRemoved removed) {
        mongo.remove(Query.query(Criteria.where("_id").is(DeviceFact.key(removed.tenantId(), removed.deviceId()))),
                DeviceFact.class);
    }

    public void onVpnUserAdded(EventEnvelope envelope, VpnUserAdded added) {
        mongo.save(new UserFact(UserFact.key(added.tenantId(), added.userId()), added.tenantId(), added.userId(),
                added.userName(), added.mail()));
    }

    public void onVpnUserRemoved(EventEnvelope envelope, VpnUserRemoved removed) {
        mongo.remove(Query.query(Criteria.where("_id").is(UserFact.key(removed.tenantId(), removed.userId()))),
                UserFact.class);
    }

    public void onTenantSuspended(EventEnvelope envelope, TenantSuspended suspended) {
        tenant(suspended.tenantId(), new Update().set("suspended", true).setOnInsert("language", DEFAULT_LANGUAGE));
    }

    public void onTenantResumed(EventEnvelope envelope, TenantResumed resumed) {
        tenant(resumed.tenantId(), new Update().set("suspended", false).setOnInsert("language", DEFAULT_LANGUAGE));
    }

    public void onSettingsChanged(EventEnvelope envelope, SettingsChanged changed) {
        String language = "en".equals(changed.language()) ? "en" : DEFAULT_LANGUAGE;
        tenant(changed.tenantId(), new Update().set("language", language).setOnInsert("suspended", false));
    }

    private void tenant(String tenantId, Update update) {
        mongo.upsert(Query.query(Criteria.where("_id").is(tenantId)), update, TenantFact.class);
    }
}
