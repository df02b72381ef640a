package org.sra.profile.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.http.HttpStatus;
import org.sra.events.device.DeviceType;
import org.sra.events.profile.ProfileRemoved;
import org.sra.events.user.VpnUserRemoved;
import org.sra.profile.download.LinkExpiry;
import org.sra.profile.support.ProfileIntegrationTest;

import com.mongodb.client.model.Filters;

/**
 * Profiles stored before profile-service looked them up by key (an existing local stack's store)
 * are found again once the backfill has run at start: by the console, by their download link, by
 * the user and device events, and by the expiry of unused links.
 */
class ProfileKeysBackfillIntegrationTests extends ProfileIntegrationTest {

    @Autowired
    MongoTemplate mongo;
    @Autowired
    ProfileKeysBackfill backfill;
    @Autowired
    LinkExpiry expiry;

    @Test
    void profilesStoredBeforeTheirKeysAreFoundByKeyAgainAfterTheBackfill() {
        String tenant = newTenant();
        String downloaded = assignedDevice(tenant, "u-1", "d-1", DeviceType.WINDOWS, false, null);
        String unused = assignedDevice(tenant, "u-2", "d-2", DeviceType.WINDOWS, false, null);
        String token = send(tenant, downloaded, 3);
        send(tenant, unused, 1);
        storedAsBeforeTheKeys(tenant);
        assertThat(get(tenant, "/api/profiles/" + downloaded).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);

        backfill.afterSingletonsInstantiated();

        assertThat(get(tenant, "/api/profiles/" + downloaded).getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(download(token).getStatusCode()).isEqualTo(HttpStatus.OK);
        expiry.expireDue(Instant.now().plus(Duration.ofDays(8)));
        assertThat(get(tenant, "/api/profiles/" + unused).getBody()).containsEntry("status", "LINK_EXPIRED");
        publish(new VpnUserRemoved(tenant, "u-1", "u-1.name"));
        assertThat(published().atLeast(tenant, ProfileRemoved.class, 1)).extracting(ProfileRemoved::profileId)
                .containsExactly(downloaded);
    }

    /** As the store holds profiles written before: no keys, not listed with their owners, no expiry entry. */
    private void storedAsBeforeTheKeys(String tenant) {
        Query ofTenant = Query.query(Criteria.where(Profile.TENANT_ID).is(tenant));
        List<String> ids = mongo.find(ofTenant, Profile.class).stream().map(Profile::id).toList();
        mongo.updateMulti(ofTenant, new Update().unset(Profile.LIVE_KEY).unset(Profile.LINK_KEY), Profile.class);
        mongo.getCollection(ProfileOwners.COLLECTION).deleteMany(Filters.regex("_id", "\\|" + tenant + "\\|"));
        mongo.getCollection(LinkExpiries.COLLECTION).deleteMany(Filters.in("_id", ids));
        mongo.getCollection(ProfileKeysBackfill.DONE_COLLECTION).deleteMany(new Document());
    }
}
