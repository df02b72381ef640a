package org.sra.profile.localsegment;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.sra.events.device.DeviceType;
import org.sra.events.profile.LocalSegmentSettingsChanged;
import org.sra.events.profile.ProfileSettingsChanged;
import org.sra.profile.anyconnect.AnyConnectXml;
import org.sra.profile.support.ProfileIntegrationTest;

/** R-LSG-1: local-segment access on or off, applied to all or selected profiles, in the file and the events. */
class LocalSegmentIntegrationTests extends ProfileIntegrationTest {

    @Test
    void switchedOnAndAppliedToASelectionOnlyThoseProfilesReachTheirLan() throws Exception {
        String tenant = newTenant();
        String chosen = assignedDevice(tenant, "u-1", "d-1", DeviceType.WINDOWS, false, null);
        String other = assignedDevice(tenant, "u-2", "d-2", DeviceType.WINDOWS, false, null);
        assertThat(get(tenant, "/api/local-segment").getBody()).containsEntry("enabled", false);

        put(tenant, "/api/local-segment", Map.of("enabled", true));
        Map<String, Object> applied = put(tenant, "/api/local-segment/applied",
                Map.of("scope", "SELECTED", "profileIds", List.of(chosen))).getBody();

        assertThat(applied).containsEntry("enabled", true).containsEntry("appliedProfiles", List.of(chosen));
        assertThat(published().last(tenant, LocalSegmentSettingsChanged.class))
                .isEqualTo(new LocalSegmentSettingsChanged(tenant, true));
        assertThat(published().atLeast(tenant, ProfileSettingsChanged.class, 3))
                .contains(new ProfileSettingsChanged(tenant, chosen, "u-1", "d-1", true, false, true));
        assertThat(lan(tenant, chosen)).isEqualTo("true");
        assertThat(lan(tenant, other)).isEqualTo("false");

        put(tenant, "/api/local-segment", Map.of("enabled", false));
        assertThat(lan(tenant, chosen)).isEqualTo("false");
        assertThat(published().atLeast(tenant, LocalSegmentSettingsChanged.class, 2).getLast().enabled()).isFalse();
    }

    @Test
    void appliedToAllCoversProfilesCreatedLater() {
        String tenant = newTenant();
        put(tenant, "/api/local-segment", Map.of("enabled", true));
        put(tenant, "/api/local-segment/applied", Map.of("scope", "ALL"));
        String later = assignedDevice(tenant, "u-3", "d-3", DeviceType.MAC, false, null);
        assertThat(get(tenant, "/api/profiles/" + later).getBody()).containsEntry("localSegment", true);
    }

    @Test
    void badInputIsNamed() {
        String tenant = newTenant();
        var missing = exchange(tenant, HttpMethod.PUT, "/api/local-segment", Map.of(), "en");
        assertThat(missing.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(missing.getBody().get("errors").toString()).contains("enabled")
                .contains("Say whether local-segment access is on");
        var unknown = put(tenant, "/api/local-segment/applied", Map.of("scope", "SELECTED", "profileIds",
                List.of("u-x:d-x")));
        assertThat(unknown.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    }

    private String lan(String tenant, String profileId) throws Exception {
        var xml = AnyConnectXml.parse(download(send(tenant, profileId, 1)).getBody().getBytes(StandardCharsets.UTF_8));
        return AnyConnectXml.text(xml, "LocalLanAccess");
    }
}
