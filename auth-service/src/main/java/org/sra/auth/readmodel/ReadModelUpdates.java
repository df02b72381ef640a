package org.sra.auth.readmodel;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.function.Consumer;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.domain.Sort;
import org.bson.Document;
import org.springframework.data.mongodb.core.BulkOperations.BulkMode;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.data.util.Pair;
import org.springframework.stereotype.Component;
import org.sra.events.EventEnvelope;
import org.sra.events.device.DeviceAssigned;
import org.sra.events.device.DeviceAutoRegistered;
import org.sra.events.device.DeviceChanged;
import org.sra.events.device.DeviceRemoved;
import org.sra.events.device.DeviceUnassigned;
import org.sra.events.device.DevicesImported;
import org.sra.events.nas.NasClientRegistered;
import org.sra.events.nas.NasClientRemoved;
import org.sra.events.profile.LocalSegmentSettingsChanged;
import org.sra.events.profile.ProfileRemoved;
import org.sra.events.profile.ProfileSettingsChanged;
import org.sra.events.profile.ProxySettingsChanged;
import org.sra.events.settings.SettingsChanged;
import org.sra.events.tenant.TenantProvisioned;
import org.sra.events.tenant.TenantResumed;
import org.sra.events.tenant.TenantSuspended;
import org.sra.events.user.LocalPasswordSet;
import org.sra.events.user.LocalUserDeleted;
import org.sra.events.user.VpnUserAdded;
import org.sra.events.user.VpnUserChanged;
import org.sra.events.user.VpnUserRemoved;

import jakarta.annotation.PostConstruct;

/**
 * Writes the read model from events. Every handler sets absolute values (or clears a value only
 * when it still is the one the event names), so a redelivered event changes nothing; the
 * document is then applied to the in-memory copy. Events about one entity arrive in order;
 * between entities there is no order, so a device assignment may come before the user.
 * Each write also notes a change record ({@link ReadModelChanges}) for the other replicas.
 */
@Component
public class ReadModelUpdates {

    static final String DEVICE_ASSIGNMENT_INDEX = "id_assigned_user";

    private final MongoTemplate mongo;
    private final ReadModel model;
    private final ReadModelChanges changes;
    private final ObjectProvider<AccessRevocations> revocations;

    private final Clock clock;

    /** With the system clock (tests that build the updates themselves). */
    ReadModelUpdates(MongoTemplate mongo, ReadModel model, ReadModelChanges changes,
                     ObjectProvider<AccessRevocations> revocations) {
        this(mongo, model, changes, revocations, Clock.systemUTC());
    }

    @Autowired
    ReadModelUpdates(MongoTemplate mongo, ReadModel model, ReadModelChanges changes,
                     ObjectProvider<AccessRevocations> revocations, Clock clock) {
        this.clock = clock;
        this.mongo = mongo;
        this.model = model;
        this.changes = changes;
        this.revocations = revocations;
    }

    /**
     * The embedded store answers a filter by an index only when its keys are exactly a unique
     * index's; with {@code _id} in it this one is unique by construction and costs MongoDB little.
     */
    @PostConstruct
    void indexes() {
        mongo.indexOps(DeviceView.class).createIndex(new Index().on("_id", Sort.Direction.ASC)
                .on("assignedUserId", Sort.Direction.ASC).unique().named(DEVICE_ASSIGNMENT_INDEX));
    }

    // tenants and settings

    public void onTenantProvisioned(EventEnvelope envelope, TenantProvisioned event) {
        tenant(event.tenantId(), new Update().set("vpnPool", event.vpnPool()));
    }

    public void onTenantSuspended(EventEnvelope envelope, TenantSuspended event) {
        tenant(event.tenantId(), new Update().set("suspended", true));
    }

    public void onTenantResumed(EventEnvelope envelope, TenantResumed event) {
        tenant(event.tenantId(), new Update().set("suspended", false));
    }

    public void onSettingsChanged(EventEnvelope envelope, SettingsChanged event) {
        tenant(event.tenantId(), new Update().set("authType", event.authType())
                .set("autoRegistration", event.autoRegistration()).set("primaryDns", event.primaryDns())
                .set("secondaryDns", event.secondaryDns()).set("vpnPool", event.vpnPool())
                .set("language", event.language()).set("activeDirectory", event.activeDirectory())
                .set("entraId", event.entraId()));
    }

    public void onProxySettingsChanged(EventEnvelope envelope, ProxySettingsChanged event) {
        tenant(event.tenantId(), new Update().set("proxyMode", event.mode()).set("proxyAddress", event.address())
                .set("proxyPort", event.port()).set("proxyExclusions", event.exclusions()));
    }

    public void onLocalSegmentSettingsChanged(EventEnvelope envelope, LocalSegmentSettingsChanged event) {
        tenant(event.tenantId(), new Update().set("localSegmentEnabled", event.enabled()));
    }

    private void tenant(String tenantId, Update update) {
        for (String flag : new String[] {"suspended", "localSegmentEnabled", "autoRegistration"}) {
            if (!update.modifies(flag)) {
                update.setOnInsert(flag, false);
            }
        }
        model.apply(write(tenantId, update, TenantView.class));
    }

    // NAS clients

    public void onNasClientRegistered(EventEnvelope envelope, NasClientRegistered event) {
        model.apply(write(event.nasClientId(), new Update().set("tenantId", event.tenantId())
                .set("address", event.address()).set("sealedSecret", event.sealedSecret()).set("name", event.name())
                .set("removed", false), NasClientView.class));
    }

    public void onNasClientRemoved(EventEnvelope envelope, NasClientRemoved event) {
        model.apply(write(event.nasClientId(), new Update().set("removed", true)
                .setOnInsert("tenantId", event.tenantId()), NasClientView.class));
    }

    // users

    public void onVpnUserAdded(EventEnvelope envelope, VpnUserAdded event) {
        model.apply(write(event.tenantId() + ":" + event.userId(), new Update().set("tenantId", event.tenantId())
                .set("userId", event.userId()).set("userName", event.userName()).set("source", event.source())
                .set("directoryDn", event.directoryDn()).set("removed", false), UserView.class));
    }

    public void onVpnUserRemoved(EventEnvelope envelope, VpnUserRemoved event) {
        model.apply(write(event.tenantId() + ":" + event.userId(), new Update().set("tenantId", event.tenantId())
                .set("userId", event.userId()).set("userName", event.userName()).set("removed", true), UserView.class));
        revoke(r -> r.revoked(event.tenantId(), event.userId(), null));
    }

    /**
     * Enabled/disabled, validity period, refreshed name: the decision reads them from memory at
     * once. A user who may not connect now (disabled, or the period not begun or over) has their
     * live sessions disconnected; one whose period begins later is refused until then, and one
     * whose period ends later is refused from then on by the check at decision time.
     */
    public void onVpnUserChanged(EventEnvelope envelope, VpnUserChanged event) {
        UserView user = write(event.tenantId() + ":" + event.userId(), new Update().set("tenantId", event.tenantId())
                .set("userId", event.userId()).set("userName", event.userName()).set("enabled", event.enabled())
                .set("validFrom", event.validFrom()).set("validUntil", event.validUntil())
                .setOnInsert("removed", false), UserView.class);
        model.apply(user);
        if (!user.allowedAt(clock.instant())) {
            revoke(r -> r.revoked(event.tenantId(), event.userId(), null));
        }
    }

    // LOCAL directory passwords (sealed bcrypt hashes)

    public void onLocalPasswordSet(EventEnvelope envelope, LocalPasswordSet event) {
        model.apply(write(event.tenantId() + ":" + event.localUserId(), new Update()
                .set("tenantId", event.tenantId()).set("localUserId", event.localUserId())
                .set("userName", event.userName()).set("sealedPasswordHash", event.sealedPasswordHash())
                .set("removed", false), LocalPasswordView.class));
    }

    public void onLocalUserDeleted(EventEnvelope envelope, LocalUserDeleted event) {
        // the hash goes with the user: nothing is kept that could open a connection
        model.apply(write(event.tenantId() + ":" + event.localUserId(), new Update()
                .set("tenantId", event.tenantId()).set("localUserId", event.localUserId())
                .set("userName", event.userName()).set("sealedPasswordHash", null)
                .set("removed", true), LocalPasswordView.class));
    }

    // devices

    public void onDeviceChanged(EventEnvelope envelope, DeviceChanged event) {
        DeviceView device = device(event.tenantId(), event.deviceId(), new Update().set("name", event.name())
                .set("connectionAllowed", event.connectionAllowed()).set("type", event.type())
                .set("deviceAuth", event.deviceAuth()).set("method", event.method()).set("serialId", event.serialId())
                .set("macAddress", event.macAddress()).set("validFrom", event.validFrom())
                .set("validUntil", event.validUntil()).set("removed", false));
        if ((!event.connectionAllowed() || !device.withinValidityAt(clock.instant())) && device.assignedUserId() != null) {
            revoke(r -> r.revoked(event.tenantId(), device.assignedUserId(), event.deviceId()));
        }
    }

    public void onDeviceAssigned(EventEnvelope envelope, DeviceAssigned event) {
        device(event.tenantId(), event.deviceId(), new Update().set("assignedUserId", event.userId()));
    }

    public void onDeviceUnassigned(EventEnvelope envelope, DeviceUnassigned event) {
        String id = event.tenantId() + ":" + event.deviceId();
        // (_id, assignedUserId) is a unique index (see indexes()), so this is a lookup, not a scan
        DeviceView device = mongo.findAndModify(Query.query(Criteria.where("_id").is(id).and("assignedUserId").is(event.userId())),
                new Update().set("assignedUserId", null).set("updatedAt", Instant.now()).inc("version", 1),
                FindAndModifyOptions.options().returnNew(true), DeviceView.class);
        if (device != null) {
            model.wroteItself(changes.noted(mongo.getCollectionName(DeviceView.class), id));
            model.apply(device);
        }
        revoke(r -> r.revoked(event.tenantId(), event.userId(), event.deviceId()));
    }

    public void onDeviceAutoRegistered(EventEnvelope envelope, DeviceAutoRegistered event) {
        device(event.tenantId(), event.deviceId(), new Update().set("serialId", event.serialId()));
    }

    public void onDeviceRemoved(EventEnvelope envelope, DeviceRemoved event) {
        DeviceView device = device(event.tenantId(), event.deviceId(), new Update().set("removed", true));
        if (device.assignedUserId() != null) {
            revoke(r -> r.revoked(event.tenantId(), device.assignedUserId(), event.deviceId()));
        }
    }

    /**
     * One part of a CSV import (up to 500 devices). Each device's state goes into the sub-document
     * {@code imported} only — never the top-level fields, the assignment or the removal, which the
     * device's own events write — so a later {@code DeviceChanged}, {@code DeviceAssigned} or
     * {@code DeviceRemoved} that arrived first (another topic, maybe another replica) is kept, and
     * {@link DeviceView} uses the import only while no {@code DeviceChanged} was applied. Three
     * round trips for the whole part instead of two per device: one unordered bulk write of the
     * view documents, the change records ({@link ReadModelChanges#notedAll}), then one read of the
     * documents by {@code _id} to apply them. Revokes nothing: new devices have no sessions.
     */
    public void onDevicesImported(EventEnvelope envelope, DevicesImported event) {
        Instant now = Instant.now();
        List<String> ids = new ArrayList<>(event.devices().size());
        List<Pair<Query, Update>> upserts = new ArrayList<>(event.devices().size());
        for (DeviceChanged device : event.devices()) {
            String id = event.tenantId() + ":" + device.deviceId();
            ids.add(id);
            Document imported = new Document("name", device.name())
                    .append("connectionAllowed", device.connectionAllowed())
                    .append("type", device.type() == null ? null : device.type().name())
                    .append("deviceAuth", device.deviceAuth())
                    .append("method", device.method() == null ? null : device.method().name())
                    .append("serialId", device.serialId()).append("macAddress", device.macAddress())
                    .append("validFrom", device.validFrom() == null ? null : Date.from(device.validFrom()))
                    .append("validUntil", device.validUntil() == null ? null : Date.from(device.validUntil()));
            upserts.add(Pair.of(byId(id), new Update().set("imported", imported).set("updatedAt", now)
                    .inc("version", 1).setOnInsert("tenantId", event.tenantId())
                    .setOnInsert("deviceId", device.deviceId()).setOnInsert("removed", false)));
        }
        mongo.bulkOps(BulkMode.UNORDERED, DeviceView.class).upsert(upserts).execute();
        changes.notedAll(mongo.getCollectionName(DeviceView.class), ids).forEach(model::wroteItself);
        // the documents as stored: with whatever the devices' own events wrote before the import
        mongo.find(Query.query(Criteria.where("_id").in(ids)), DeviceView.class).forEach(model::apply);
    }

    private DeviceView device(String tenantId, String deviceId, Update update) {
        update.setOnInsert("tenantId", tenantId).setOnInsert("deviceId", deviceId).inc("version", 1);
        DeviceView device = write(tenantId + ":" + deviceId, update, DeviceView.class);
        model.apply(device);
        return device;
    }

    // profiles

    public void onProfileSettingsChanged(EventEnvelope envelope, ProfileSettingsChanged event) {
        model.apply(write(event.tenantId() + ":" + event.profileId(), new Update().set("tenantId", event.tenantId())
                .set("profileId", event.profileId()).set("userId", event.userId()).set("deviceId", event.deviceId())
                .set("connectionAllowed", event.connectionAllowed()).set("proxyApplied", event.proxyApplied())
                .set("localSegment", event.localSegment()).set("removed", false), ProfileView.class));
        if (!event.connectionAllowed()) {
            revoke(r -> r.revoked(event.tenantId(), event.userId(), event.deviceId()));
        }
    }

    public void onProfileRemoved(EventEnvelope envelope, ProfileRemoved event) {
        model.apply(write(event.tenantId() + ":" + event.profileId(), new Update().set("tenantId", event.tenantId())
                .set("profileId", event.profileId()).set("userId", event.userId()).set("deviceId", event.deviceId())
                .set("removed", true), ProfileView.class));
        revoke(r -> r.revoked(event.tenantId(), event.userId(), event.deviceId()));
    }

    /** Writes the view document, then its change record (for the other replicas' polls). */
    private <T> T write(String id, Update update, Class<T> type) {
        update.set("updatedAt", Instant.now());
        T written = mongo.findAndModify(byId(id), update, FindAndModifyOptions.options().upsert(true).returnNew(true),
                type);
        model.wroteItself(changes.noted(mongo.getCollectionName(type), id));
        return written;
    }

    private static Query byId(String id) {
        return Query.query(Criteria.where("_id").is(id));
    }

    private void revoke(Consumer<AccessRevocations> action) {
        List<AccessRevocations> all = revocations.orderedStream().toList();
        all.forEach(action);
    }
}
