package org.sra.profile.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.sra.events.EventEnvelope;
import org.sra.events.device.DeviceAssigned;
import org.sra.events.device.DeviceType;
import org.sra.events.device.DeviceUnassigned;
import org.sra.events.profile.ProfileRemoved;
import org.sra.events.profile.ProfileSettingsChanged;
import org.sra.events.user.VpnUserRemoved;
import org.sra.kit.test.TestTokens;
import org.sra.profile.support.ProfileIntegrationTest;

/** R-PRO-1: profiles follow the assignments of device-service and the user list of directory-service. */
class ProfileLifecycleIntegrationTests extends ProfileIntegrationTest {

    @Autowired
    MongoTemplate mongo;

    @Test
    void anAssignmentCreatesProfileUserDeviceThatWaitsForItsMailAndIsAnnounced() {
        String tenant = newTenant();
        String profileId = assignedDevice(tenant, "u-1", "d-1", DeviceType.WINDOWS, true, null);

        Map<String, Object> profile = get(tenant, "/api/profiles/" + profileId).getBody();
        assertThat(profile).containsEntry("profileId", "u-1:d-1").containsEntry("status", "MAIL_NOT_SENT")
                .containsEntry("statusLabel", "メールを送信してください。").containsEntry("connectionAllowed", true)
                .containsEntry("connectable", true).containsEntry("name", "u-1.name:d-1-name")
                .containsEntry("deviceType", "WINDOWS");
        assertThat(published().last(tenant, ProfileSettingsChanged.class))
                .isEqualTo(new ProfileSettingsChanged(tenant, "u-1:d-1", "u-1", "d-1", true, false, false));
        assertThat(exchange(tenant, HttpMethod.GET, "/api/profiles/" + profileId, null, "en").getBody())
                .containsEntry("statusLabel", "Please send the mail.");
    }

    @Test
    void theSameAssignmentDeliveredTwiceMakesOneProfile() {
        String tenant = newTenant();
        EventEnvelope assigned = EventEnvelope.of(new DeviceAssigned(tenant, "d-2", "u-2", "jiro"));
        publish(assigned);
        publish(assigned);
        publish(new DeviceAssigned(tenant, "d-2", "u-2", "jiro"));
        await().atMost(Duration.ofSeconds(20)).until(() -> getList(tenant, "/api/profiles").getBody().size() == 1);
        published().atLeast(tenant, ProfileSettingsChanged.class, 1);
        assertThat(getList(tenant, "/api/profiles").getBody()).hasSize(1);
        assertThat(published().of(tenant, ProfileSettingsChanged.class)).hasSize(1);
    }

    @Test
    void anUnassignmentRemovesTheProfileAndAnnouncesIt() {
        String tenant = newTenant();
        String profileId = assignedDevice(tenant, "u-3", "d-3", DeviceType.MAC, false, null);
        publish(new DeviceUnassigned(tenant, "d-3", "u-3"));

        assertThat(published().last(tenant, ProfileRemoved.class))
                .isEqualTo(new ProfileRemoved(tenant, profileId, "u-3", "d-3"));
        assertThat(get(tenant, "/api/profiles/" + profileId).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    }

    @Test
    void removingAVpnUserRemovesAllTheirProfiles() {
        String tenant = newTenant();
        assignedDevice(tenant, "u-4", "d-4a", DeviceType.WINDOWS, false, null);
        assignedDevice(tenant, "u-4", "d-4b", DeviceType.IOS, false, null);
        assignedDevice(tenant, "u-5", "d-5", DeviceType.IOS, false, null);
        publish(new VpnUserRemoved(tenant, "u-4", "shiro"));

        assertThat(published().atLeast(tenant, ProfileRemoved.class, 2)).extracting(ProfileRemoved::profileId)
                .containsExactlyInAnyOrder("u-4:d-4a", "u-4:d-4b");
        assertThat(getList(tenant, "/api/profiles").getBody()).extracting(p -> ((Map<?, ?>) p).get("profileId"))
                .containsExactly("u-5:d-5");
    }

    @Test
    void aProfileCanBeAssignedAgainAfterItWasRemoved() {
        String tenant = newTenant();
        String profileId = assignedDevice(tenant, "u-6", "d-6", DeviceType.WINDOWS, false, null);
        publish(new DeviceUnassigned(tenant, "d-6", "u-6"));
        published().atLeast(tenant, ProfileRemoved.class, 1);
        publish(new DeviceAssigned(tenant, "d-6", "u-6", "rokuro"));

        published().atLeast(tenant, ProfileSettingsChanged.class, 2);
        assertThat(get(tenant, "/api/profiles/" + profileId).getBody()).containsEntry("status", "MAIL_NOT_SENT");
    }

    @Test
    void theConnectionSwitchIsPerProfileAndAnnounced() {
        String tenant = newTenant();
        String profileId = assignedDevice(tenant, "u-7", "d-7", DeviceType.WINDOWS, false, null);
        Map<String, Object> off = put(tenant, "/api/profiles/" + profileId + "/connection", Map.of("allowed", false))
                .getBody();
        assertThat(off).containsEntry("connectionAllowed", false).containsEntry("connectable", false);
        assertThat(published().atLeast(tenant, ProfileSettingsChanged.class, 2).getLast().connectionAllowed()).isFalse();
    }

    @Test
    void anotherTenantNeitherSeesNorChangesTheProfile() {
        String tenant = newTenant();
        String other = newTenant();
        String profileId = assignedDevice(tenant, "u-8", "d-8", DeviceType.WINDOWS, false, null);

        assertThat(getList(other, "/api/profiles").getBody()).isEmpty();
        assertThat(get(other, "/api/profiles/" + profileId).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(put(other, "/api/profiles/" + profileId + "/connection", Map.of("allowed", false)).getStatusCode())
                .isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(post(other, "/api/profiles/send", Map.of("profileIds", List.of(profileId), "recipient", "x@y.z",
                "subject", "s", "validityDays", 1)).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(get(tenant, "/api/profiles/" + profileId).getBody()).containsEntry("connectionAllowed", true);
    }

    @Test
    void auditorsReadButDoNotChange() {
        String tenant = newTenant();
        String profileId = assignedDevice(tenant, "u-9", "d-9", DeviceType.WINDOWS, false, null);
        var headers = new HttpHeaders();
        headers.setBearerAuth(TestTokens.auditor(tenant));
        assertThat(http.exchange("/api/profiles", HttpMethod.GET, new HttpEntity<>(headers),
                List.class).getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(http.exchange("/api/profiles/" + profileId + "/connection", HttpMethod.PUT,
                new HttpEntity<>(Map.of("allowed", false), headers), Map.class)
                .getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    }
}
