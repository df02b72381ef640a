package org.sra.notification.tenant;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;
import org.sra.events.EventEnvelope;
import org.sra.events.settings.SettingsChanged;
import org.sra.events.tenant.TenantResumed;
import org.sra.events.tenant.TenantSuspended;

/**
 * Keeps each tenant's mail settings from directory-service's events. Every handler sets
 * absolute values, so handling an event again changes nothing; {@code SettingsChanged} is full
 * state, so the latest one wins.
 */
@Component
public class TenantMailSettingsStore {

    private static final Logger log = LoggerFactory.getLogger(TenantMailSettingsStore.class);

    private final MongoTemplate mongo;

    TenantMailSettingsStore(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    public TenantMailSettings of(String tenantId) {
        TenantMailSettings settings = mongo.findById(tenantId, TenantMailSettings.class);
        return settings != null ? settings : TenantMailSettings.unknown(tenantId);
    }

    public void onSettingsChanged(EventEnvelope envelope, SettingsChanged changed) {
        List<String> addresses = changed.notificationAddresses() == null ? List.of() : changed.notificationAddresses();
        upsert(changed.tenantId(), new Update()
                .set("notificationAddresses", addresses)
                .set("notifyOnFailure", changed.notifyOnFailure())
                .set("language", changed.language())
                .set("timeZone", changed.effectiveTimeZone())
                .setOnInsert("suspended", false));
        log.info("Mail settings of tenant {}: {} notification address(es), notify on failure {}, language {}, "
                        + "time zone {}", changed.tenantId(), addresses.size(), changed.notifyOnFailure(),
                changed.language(), changed.effectiveTimeZone());
    }

    public void onSuspended(EventEnvelope envelope, TenantSuspended suspended) {
        upsert(suspended.tenantId(), withDefaults(new Update().set("suspended", true)));
    }

    public void onResumed(EventEnvelope envelope, TenantResumed resumed) {
        upsert(resumed.tenantId(), withDefaults(new Update().set("suspended", false)));
    }

    private static Update withDefaults(Update update) {
        TenantMailSettings defaults = TenantMailSettings.unknown("-");
        return update.setOnInsert("notificationAddresses", defaults.notificationAddresses())
                .setOnInsert("notifyOnFailure", defaults.notifyOnFailure())
                .setOnInsert("language", defaults.language());
    }

    private void upsert(String tenantId, Update update) {
        mongo.upsert(Query.query(Criteria.where("_id").is(tenantId)), update, TenantMailSettings.class);
    }
}
