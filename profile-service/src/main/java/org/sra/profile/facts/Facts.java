package org.sra.profile.facts;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;
import org.sra.events.EventEnvelope;
import org.sra.events.device.DeviceAutoRegistered;
import org.sra.events.device.DeviceChanged;
import org.sra.events.device.DeviceRemoved;
import org.sra.events.device.DevicesImported;
import org.sra.events.settings.SettingsChanged;
import org.sra.events.tenant.TenantResumed;
import org.sra.events.tenant.TenantSuspended;
import org.sra.events.user.VpnUserAdded;
import org.sra.events.user.VpnUserChanged;
import org.sra.events.user.VpnUserRemoved;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.WriteModel;

/**
 * Keeps the facts from other services' events. Every handler writes absolute values keyed by
 * tenant and id, so handling an event again changes nothing.
 *
 * <p>Devices: a removed device leaves a tombstone ({@link DeviceFact#removed}) that every reader here
 * treats as absent. An import part ({@code DevicesImported}) travels apart from the devices' own
 * events and may come after their later state or their removal, so it only inserts facts whose key
 * is free ({@code $setOnInsert}); the tombstone keeps a removed device's key taken.
 */
@Component
public class Facts {

    static final String DEFAULT_LANGUAGE = "ja";

    private static final Logger log = LoggerFactory.getLogger(Facts.class);

    private final MongoTemplate mongo;

    Facts(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    public Optional<DeviceFact> device(String tenantId, String deviceId) {
        // by _id alone (the only filter the embedded store answers from an index); tombstones are dropped after reading
        return Optional.ofNullable(mongo.findById(DeviceFact.key(tenantId, deviceId), DeviceFact.class))
                .filter(fact -> !fact.removed());
    }

    /** The tenant's devices with these ids that this service has heard of, by device id; one look-up by key. */
    public Map<String, DeviceFact> devices(String tenantId, Collection<String> deviceIds) {
        Map<String, DeviceFact> found = new HashMap<>();
        mongo.find(Query.query(Criteria.where("_id").in(deviceIds.stream().map(id -> DeviceFact.key(tenantId, id))
                .distinct().toList())), DeviceFact.class).stream().filter(fact -> !fact.removed())
                .forEach(fact -> found.put(fact.deviceId(), fact));
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

    /**
     * Leaves a tombstone instead of deleting: an import part that created the device may still be
     * on its way (another topic) and must find the key taken, or it would bring the device back.
     */
    public void onDeviceRemoved(EventEnvelope envelope, DeviceRemoved removed) {
        mongo.save(DeviceFact.tombstone(removed.tenantId(), removed.deviceId()));
    }

    /**
     * Writes the part's devices whose key is free (no fact, no tombstone) in one unordered bulk of
     * upserts by {@code _id} with {@code $setOnInsert} of every field, so a later state or a removal
     * that arrived first is never overwritten (atomic per document, across replicas). Returns the
     * facts that are this part's after the write (one look-up by {@code _id $in}): those it inserted
     * now or on an earlier delivery and nothing replaced since, so a redelivery after a failure
     * further on finds the same devices again.
     */
    public List<DeviceFact> onDevicesImported(EventEnvelope envelope, DevicesImported imported) {
        String part = imported.aggregateId();
        List<WriteModel<Document>> writes = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        for (DeviceChanged device : imported.devices()) {
            DeviceFact fact = DeviceFact.of(device, part);
            Document fields = new Document();
            mongo.getConverter().write(fact, fields);
            fields.remove("_id");
            keys.add(fact.id());
            writes.add(new UpdateOneModel<>(Filters.eq("_id", fact.id()), new Document("$setOnInsert", fields),
                    new UpdateOptions().upsert(true)));
        }
        int inserted;
        try {
            inserted = mongo.getCollection(mongo.getCollectionName(DeviceFact.class))
                    .bulkWrite(writes, new BulkWriteOptions().ordered(false)).getUpserts().size();
        } catch (MongoBulkWriteException e) {
            // two writers inserting the same key at once: the other one's fact stands, as if it had been first
            for (BulkWriteError error : e.getWriteErrors()) {
                if (ErrorCategory.fromErrorCode(error.getCode()) != ErrorCategory.DUPLICATE_KEY) {
                    throw e;
                }
            }
            inserted = e.getWriteResult().getUpserts().size();
        }
        List<DeviceFact> ours = mongo.find(Query.query(Criteria.where("_id").in(keys)), DeviceFact.class).stream()
                .filter(fact -> !fact.removed() && part.equals(fact.importedBy())).toList();
        log.info("Import part {}: {} device facts inserted, {} kept as they were ({} of the part's own)", part,
                inserted, keys.size() - inserted, ours.size());
        return ours;
    }

    public void onVpnUserAdded(EventEnvelope envelope, VpnUserAdded added) {
        mongo.save(new UserFact(UserFact.key(added.tenantId(), added.userId()), added.tenantId(), added.userId(),
                added.userName(), added.mail()));
    }

    /**
     * A directory refresh (or an admin's change) brought the user's current name and mail: later
     * sends go to the new address. Kept whether or not the user may connect right now; a send is
     * the admin's decision.
     */
    public void onVpnUserChanged(EventEnvelope envelope, VpnUserChanged changed) {
        mongo.save(new UserFact(UserFact.key(changed.tenantId(), changed.userId()), changed.tenantId(),
                changed.userId(), changed.userName(), changed.mail()));
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
