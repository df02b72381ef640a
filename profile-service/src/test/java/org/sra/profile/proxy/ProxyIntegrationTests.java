package org.sra.profile.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.sra.events.audit.AuditRecorded;
import org.sra.events.device.DeviceChanged;
import org.sra.events.device.DeviceType;
import org.sra.events.profile.ProfileSettingsChanged;
import org.sra.events.profile.ProxyMode;
import org.sra.events.profile.ProxySettingsChanged;
import org.sra.kit.test.TestTokens;
import org.sra.profile.anyconnect.AnyConnectXml;
import org.sra.profile.support.ProfileIntegrationTest;

/** R-PXY-1 … R-PXY-3: the four modes, where they apply, Android, and what the client and auth-service get. */
class ProxyIntegrationTests extends ProfileIntegrationTest {

    @Test
    void aTenantStartsUnselectedAndAManagedProxyIsValidatedSavedAndAnnounced() {
        String tenant = newTenant();
        assertThat(get(tenant, "/api/proxy").getBody()).containsEntry("mode", "UNSELECTED")
                .containsEntry("scope", "SELECTED");

        ResponseEntity<Map> saved = put(tenant, "/api/proxy", Map.of("mode", "MANAGEMENT", "address", "192.168.10.5",
                "port", 8080, "exclusions", "*.acme.example;10.*"));

        assertThat(saved.getBody()).containsEntry("mode", "MANAGEMENT").containsEntry("address", "192.168.10.5")
                .containsEntry("port", 8080).containsEntry("exclusions", List.of("*.acme.example", "10.*"));
        assertThat(published().last(tenant, ProxySettingsChanged.class)).isEqualTo(new ProxySettingsChanged(tenant,
                ProxyMode.MANAGEMENT, "192.168.10.5", 8080, List.of("*.acme.example", "10.*")));

        // R-ACC-5: the change reaches the audit trail with the admin as actor and before/after
        AuditRecorded audit = published().last(tenant, AuditRecorded.class);
        assertThat(audit.action()).isEqualTo("PROXY_SETTINGS_CHANGED");
        assertThat(audit.service()).isEqualTo("profile-service");
        assertThat(audit.actor()).isNotEqualTo("system");
        assertThat(audit.before()).contains("UNSELECTED");
        assertThat(audit.after()).contains("192.168.10.5");
    }

    @Test
    void wrongManagementFieldsAreEachNamedInTheCallersLanguageAndNothingChanges() {
        String tenant = newTenant();
        Map<String, Object> bad = new HashMap<>(Map.of("mode", "MANAGEMENT", "address", "proxy.local", "port", 70000,
                "exclusions", "ok.example; not ok"));

        ResponseEntity<Map> ja = exchange(tenant, HttpMethod.PUT, "/api/proxy", bad, null);
        ResponseEntity<Map> en = exchange(tenant, HttpMethod.PUT, "/api/proxy", bad, "en");

        assertThat(ja.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(ja.getBody()).containsEntry("type", "urn:sra:problem:invalid-request");
        assertThat(errors(ja)).containsOnlyKeys("address", "port", "exclusions");
        assertThat(errors(ja).get("address")).contains("IPv4").contains("proxy.local");
        assertThat(errors(ja).get("port")).contains("1～65535");
        assertThat(errors(en).get("port")).isEqualTo("Port 70000 is out of range. Enter 1–65535.");
        assertThat(errors(en).get("exclusions")).contains("not ok");
        assertThat(get(tenant, "/api/proxy").getBody()).containsEntry("mode", "UNSELECTED");
        ResponseEntity<Map> unknownMode = exchange(tenant, HttpMethod.PUT, "/api/proxy", Map.of("mode", "SOMETIMES"), "en");
        assertThat(unknownMode.getBody()).containsEntry("type", "urn:sra:problem:invalid-request");
        assertThat(errors(unknownMode)).containsEntry("mode", "Use one of: UNSELECTED, CLIENT_SETTINGS, MANAGEMENT, DENY");
        ResponseEntity<Map> textPort = exchange(tenant, HttpMethod.PUT, "/api/proxy",
                Map.of("mode", "MANAGEMENT", "address", "10.0.0.1", "port", "eighty"), null);
        assertThat(errors(textPort)).containsEntry("port", "この項目の値の形式が正しくありません。");
        var json = new HttpHeaders();
        json.setBearerAuth(TestTokens.admin(tenant));
        json.setContentType(MediaType.APPLICATION_JSON);
        assertThat(http.exchange("/api/proxy", HttpMethod.PUT, new HttpEntity<>("{not json", json),
                Map.class).getBody()).containsEntry("type", "urn:sra:problem:malformed-body");
    }

    @Test
    void managementCannotBeAppliedToAnAndroidDeviceAndSaysWhichOne() {
        String tenant = newTenant();
        String android = assignedDevice(tenant, "u-1", "d-1", DeviceType.ANDROID, false, null);
        String windows = assignedDevice(tenant, "u-1", "d-2", DeviceType.WINDOWS, false, null);
        put(tenant, "/api/proxy", Map.of("mode", "MANAGEMENT", "address", "10.0.0.1", "port", 3128));

        ResponseEntity<Map> refused = exchange(tenant, HttpMethod.PUT, "/api/proxy/applied",
                Map.of("scope", "SELECTED", "profileIds", List.of(android, windows)), "en");

        assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(refused.getBody()).containsEntry("type", "urn:sra:problem:proxy-management-android")
                .containsEntry("profileIds", List.of(android));
        assertThat((String) refused.getBody().get("detail")).contains("Android").contains(android);
        assertThat(get(tenant, "/api/profiles/" + windows).getBody()).containsEntry("proxyApplied", false);

        ResponseEntity<Map> all = put(tenant, "/api/proxy/applied", Map.of("scope", "ALL"));
        assertThat(all.getBody()).containsEntry("skippedAndroidProfiles", List.of(android));
        assertThat(get(tenant, "/api/profiles/" + windows).getBody()).containsEntry("proxyApplied", true);
        assertThat(get(tenant, "/api/profiles/" + android).getBody()).containsEntry("proxyApplied", false);
    }

    @Test
    void switchingToManagementWhileAnAndroidDeviceIsChosenIsRefused() {
        String tenant = newTenant();
        String android = assignedDevice(tenant, "u-2", "d-3", DeviceType.ANDROID, false, null);
        put(tenant, "/api/proxy", Map.of("mode", "CLIENT_SETTINGS"));
        put(tenant, "/api/proxy/applied", Map.of("scope", "SELECTED", "profileIds", List.of(android)));

        ResponseEntity<Map> refused = put(tenant, "/api/proxy", Map.of("mode", "MANAGEMENT", "address", "10.0.0.1",
                "port", 3128));

        assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(refused.getBody()).containsEntry("type", "urn:sra:problem:proxy-management-android");
        assertThat(get(tenant, "/api/proxy").getBody()).containsEntry("mode", "CLIENT_SETTINGS");
    }

    @Test
    void aDeviceThatBecomesAndroidLosesTheManagedProxy() {
        String tenant = newTenant();
        String profileId = assignedDevice(tenant, "u-6", "d-9", DeviceType.WINDOWS, false, null);
        put(tenant, "/api/proxy", Map.of("mode", "MANAGEMENT", "address", "10.0.0.1", "port", 3128));
        put(tenant, "/api/proxy/applied", Map.of("scope", "SELECTED", "profileIds", List.of(profileId)));
        assertThat(get(tenant, "/api/profiles/" + profileId).getBody()).containsEntry("proxyApplied", true);

        publish(new DeviceChanged(tenant, "d-9", "d-9-name", true, DeviceType.ANDROID, false,
                null, null, null));

        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() ->
                Boolean.FALSE.equals(get(tenant, "/api/profiles/" + profileId).getBody().get("proxyApplied")));
        assertThat(published().atLeast(tenant, ProfileSettingsChanged.class, 3).getLast().proxyApplied()).isFalse();
    }

    @Test
    void withClientSettingsOnlyTheAppliedProfilesCanConnectAndTheirSettingsAreAnnounced() {
        String tenant = newTenant();
        String chosen = assignedDevice(tenant, "u-3", "d-4", DeviceType.WINDOWS, false, null);
        String other = assignedDevice(tenant, "u-3", "d-5", DeviceType.MAC, false, null);
        put(tenant, "/api/proxy", Map.of("mode", "CLIENT_SETTINGS"));

        Map<String, Object> applied = put(tenant, "/api/proxy/applied",
                Map.of("scope", "SELECTED", "profileIds", List.of(chosen))).getBody();

        assertThat((Map<String, Object>) applied.get("proxy")).containsEntry("appliedProfiles", List.of(chosen));
        assertThat(get(tenant, "/api/profiles/" + chosen).getBody()).containsEntry("connectable", true)
                .containsEntry("proxyApplied", true);
        assertThat(get(tenant, "/api/profiles/" + other).getBody()).containsEntry("connectable", false)
                .containsEntry("connectionAllowed", true);
        assertThat(published().atLeast(tenant, ProfileSettingsChanged.class, 3))
                .contains(new ProfileSettingsChanged(tenant, chosen, "u-3", "d-4", true, true, false));
    }

    @Test
    void appliedToAllAlsoCoversProfilesCreatedLaterAndReachesTheProfileFile() throws Exception {
        String tenant = newTenant();
        put(tenant, "/api/proxy", Map.of("mode", "MANAGEMENT", "address", "10.1.2.3", "port", 8080));
        put(tenant, "/api/proxy/applied", Map.of("scope", "ALL"));
        String later = assignedDevice(tenant, "u-4", "d-6", DeviceType.WINDOWS, false, null);
        String laterAndroid = assignedDevice(tenant, "u-4", "d-7", DeviceType.ANDROID, false, null);

        assertThat(get(tenant, "/api/profiles/" + later).getBody()).containsEntry("proxyApplied", true);
        assertThat(get(tenant, "/api/profiles/" + laterAndroid).getBody()).containsEntry("proxyApplied", false);
        var xml = AnyConnectXml.parse(download(send(tenant, later, 1)).getBody().getBytes(StandardCharsets.UTF_8));
        assertThat(AnyConnectXml.text(xml, "PublicProxyServerAddress")).isEqualTo("10.1.2.3:8080");
        var android = AnyConnectXml.parse(download(send(tenant, laterAndroid, 1)).getBody()
                .getBytes(StandardCharsets.UTF_8));
        assertThat(AnyConnectXml.text(android, "ProxySettings")).isNull();
    }

    @Test
    void denyMeansNoProxyInEveryProfileFile() throws Exception {
        String tenant = newTenant();
        String profileId = assignedDevice(tenant, "u-5", "d-8", DeviceType.IOS, false, null);
        put(tenant, "/api/proxy", Map.of("mode", "DENY", "address", "ignored"));

        var xml = AnyConnectXml.parse(download(send(tenant, profileId, 1)).getBody().getBytes(StandardCharsets.UTF_8));
        assertThat(AnyConnectXml.text(xml, "ProxySettings")).isEqualTo("IgnoreProxy");
        assertThat(published().last(tenant, ProxySettingsChanged.class))
                .isEqualTo(new ProxySettingsChanged(tenant, ProxyMode.DENY, null, null, List.of()));
    }

    private static Map<String, String> errors(ResponseEntity<Map> answer) {
        Map<String, String> byField = new HashMap<>();
        for (Map<String, String> error : (List<Map<String, String>>) answer.getBody().get("errors")) {
            byField.merge(error.get("field"), error.get("message"), (a, b) -> a + " " + b);
        }
        return byField;
    }
}
