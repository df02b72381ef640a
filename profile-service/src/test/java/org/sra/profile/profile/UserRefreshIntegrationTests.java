package org.sra.profile.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.sra.events.device.DeviceType;
import org.sra.events.profile.ProfileIssued;
import org.sra.events.user.UserSource;
import org.sra.events.user.VpnUserAdded;
import org.sra.events.user.VpnUserChanged;
import org.sra.kit.test.TestTokens;
import org.sra.profile.facts.UserFact;
import org.sra.profile.support.ProfileIntegrationTest;

/** {@code VpnUserChanged} (a directory refresh) keeps the address a send to the user's directory mail uses. */
class UserRefreshIntegrationTests extends ProfileIntegrationTest {

    @Test
    void aSendAfterADirectoryRefreshGoesToTheNewAddress() {
        String tenant = newTenant();
        publish(new VpnUserAdded(tenant, "u-7", "nana", "Nana", "nana@old.example", UserSource.ACTIVE_DIRECTORY));
        String profileId = assignedDevice(tenant, "u-7", "d-7", DeviceType.WINDOWS, false, null);
        awaitUserWithMail(tenant, "u-7");

        // disabled at the same time: the address is kept up to date all the same
        publish(new VpnUserChanged(tenant, "u-7", "nana", "Nana Sato", "nana.sato@new.example", false, null, null));
        await().atMost(Duration.ofSeconds(20)).until(() -> facts.user(tenant, "u-7").map(UserFact::mail)
                .filter("nana.sato@new.example"::equals).isPresent());

        ResponseEntity<List> sent = http.exchange("/api/profiles/send", HttpMethod.POST,
                new HttpEntity<>(Map.of("profileIds", List.of(profileId), "subject", "VPN", "validityDays", 7),
                        adminHeaders(tenant)), List.class);
        assertThat(sent.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(published().last(tenant, ProfileIssued.class).recipient()).isEqualTo("nana.sato@new.example");
    }

    private static HttpHeaders adminHeaders(String tenant) {
        var headers = new HttpHeaders();
        headers.setBearerAuth(TestTokens.admin(tenant));
        return headers;
    }
}
