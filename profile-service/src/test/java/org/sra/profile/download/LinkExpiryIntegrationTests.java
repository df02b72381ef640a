package org.sra.profile.download;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.http.HttpStatus;
import org.sra.events.device.DeviceType;
import org.sra.events.profile.ProfileLinkExpired;
import org.sra.profile.profile.Profile;
import org.sra.profile.support.ProfileIntegrationTest;

/** R-PRO-4: unused links past their validity expire once, whichever replica looks first. */
class LinkExpiryIntegrationTests extends ProfileIntegrationTest {

    @Autowired
    MongoTemplate mongo;
    @Autowired
    LinkExpiry expiry;

    @Test
    void anUnusedLinkPastItsValidityExpiresOnceEvenWhenReplicasCheckAtTheSameTime() {
        String tenant = newTenant();
        String unused = assignedDevice(tenant, "u-1", "d-1", DeviceType.WINDOWS, false, null);
        String downloaded = assignedDevice(tenant, "u-2", "d-2", DeviceType.WINDOWS, false, null);
        String token = send(tenant, unused, 1);
        download(send(tenant, downloaded, 2));
        pastValidity(tenant);

        Instant check = afterValidity();
        List<CompletableFuture<Integer>> replicas = List.of(
                CompletableFuture.supplyAsync(() -> expiry.expireDue(check)),
                CompletableFuture.supplyAsync(() -> expiry.expireDue(check)),
                CompletableFuture.supplyAsync(() -> expiry.expireDue(check)));
        replicas.forEach(CompletableFuture::join);

        assertThat(get(tenant, "/api/profiles/" + unused).getBody()).containsEntry("status", "LINK_EXPIRED")
                .containsEntry("statusLabel", "URLの期限が切れました。再度メール送信してください。");
        assertThat(get(tenant, "/api/profiles/" + downloaded).getBody()).containsEntry("status", "READY");
        assertThat(published().atLeast(tenant, ProfileLinkExpired.class, 1)).hasSize(1);
        assertThat(expiry.expireDue(check)).isZero();
        assertThat(download(token).getStatusCode()).isEqualTo(HttpStatus.GONE);
        awaitAllPublished(tenant); // a second expiry by another replica would be out by now
        assertThat(published().of(tenant, ProfileLinkExpired.class))
                .containsExactly(new ProfileLinkExpired(tenant, unused));
    }

    @Test
    void aResentLinkExpiresToo() {
        String tenant = newTenant();
        String profileId = assignedDevice(tenant, "u-3", "d-3", DeviceType.WINDOWS, false, null);
        send(tenant, profileId, 1);
        send(tenant, profileId, 1);
        pastValidity(tenant);

        expiry.expireDue(afterValidity());

        assertThat(get(tenant, "/api/profiles/" + profileId).getBody()).containsEntry("status", "LINK_EXPIRED");
        assertThat(post(tenant, "/api/profiles/" + profileId + "/send", mail("a@b.c", 1, 1)).getBody())
                .containsEntry("status", "WAITING_DOWNLOAD_RESENT");
    }

    /**
     * A check made after the links' validity (7 days, as {@code send} sends): the expiry list has
     * each link under its own validity, whatever the test wrote into the profile afterwards.
     */
    private static Instant afterValidity() {
        return Instant.now().plus(Duration.ofDays(8));
    }

    /** The links are past their validity now, so they serve nothing either. */
    private void pastValidity(String tenant) {
        mongo.updateMulti(Query.query(Criteria.where("tenantId").is(tenant)),
                new Update().set("link.expiresAt", Date.from(Instant.now().minusSeconds(1))), Profile.class);
    }
}
