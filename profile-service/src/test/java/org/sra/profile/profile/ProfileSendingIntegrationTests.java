package org.sra.profile.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.assertj.core.api.Assertions;
import org.assertj.core.groups.Tuple;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.sra.events.device.DeviceAssigned;
import org.sra.events.device.DeviceChanged;
import org.sra.events.device.DeviceType;
import org.sra.events.profile.ProfileIssued;
import org.sra.events.profile.ProfileRemoved;
import org.sra.events.settings.AuthType;
import org.sra.events.settings.SettingsChanged;
import org.sra.events.user.UserSource;
import org.sra.events.user.VpnUserAdded;
import org.sra.kit.secrets.SecretSealer;
import org.sra.kit.test.TestTokens;
import org.sra.profile.support.ProfileIntegrationTest;

/** R-PRO-2, R-PRO-5: sending one profile or a selection, bulk delete, and their problems. */
class ProfileSendingIntegrationTests extends ProfileIntegrationTest {

    @Test
    void sendingAnnouncesEverythingTheMailNeedsWithTheUrlOnlySealed() {
        String tenant = newTenant();
        String profileId = assignedDevice(tenant, "u-1", "d-1", DeviceType.WINDOWS, false, null);
        Instant before = Instant.now();
        Map<String, Object> body = mail("anyone@example.org", 14, 3);
        body.put("subject", "  VPN プロファイル  ");

        ResponseEntity<Map> sent = post(tenant, "/api/profiles/" + profileId + "/send", body);

        assertThat(sent.getBody()).containsEntry("status", "WAITING_DOWNLOAD")
                .containsEntry("statusLabel", "プロファイルDL待ち");
        assertThat((Map<String, Object>) sent.getBody().get("link")).containsEntry("maxDownloads", 3)
                .containsEntry("remaining", 3).containsEntry("recipient", "anyone@example.org")
                .doesNotContainKey("token").doesNotContainKey("tokenHash");
        ProfileIssued issued = published().last(tenant, ProfileIssued.class);
        assertThat(issued.profileId()).isEqualTo(profileId);
        assertThat(issued.userId()).isEqualTo("u-1");
        assertThat(issued.deviceId()).isEqualTo("d-1");
        assertThat(issued.profileName()).as("the guide's user:device, for the mail").isEqualTo("u-1.name:d-1-name");
        assertThat(issued.recipient()).isEqualTo("anyone@example.org");
        assertThat(issued.subject()).isEqualTo("VPN プロファイル");
        assertThat(issued.maxDownloads()).isEqualTo(3);
        assertThat(issued.language()).isEqualTo("ja");
        assertThat(issued.expiresAt()).isBetween(before.plus(Duration.ofDays(14)).minusSeconds(1),
                Instant.now().plus(Duration.ofDays(14)));
        String token = tokenOf(issued);
        assertThat(issued.sealedDownloadUrl()).startsWith("v2:1:").doesNotContain(token);
        assertThat(sealer.open(issued.sealedDownloadUrl(), "profile-url:" + tenant))
                .isEqualTo("http://localhost:8080/download/" + token);
        assertThat(token).hasSize(43);
    }

    @Test
    void theSealedUrlDoesNotOpenForAnotherTenant() {
        String tenant = newTenant();
        send(tenant, assignedDevice(tenant, "u-2", "d-2", DeviceType.WINDOWS, false, null), 1);
        ProfileIssued issued = published().last(tenant, ProfileIssued.class);
        Assertions.assertThatThrownBy(
                () -> sealer.open(issued.sealedDownloadUrl(), "profile-url:" + newTenant()))
                .isInstanceOf(SecretSealer.SealedValueException.class);
    }

    @Test
    void aSelectionGoesToEachUsersDirectoryAddressInTheTenantsLanguage() {
        String tenant = newTenant();
        publish(new SettingsChanged(tenant, AuthType.LOCAL, true, true, List.of(), null, null, "10.0.0.0/24", "en",
                null, null));
        publish(new VpnUserAdded(tenant, "u-3", "saburo", "Saburo", "saburo@acme.example", UserSource.LOCAL));
        publish(new VpnUserAdded(tenant, "u-4", "shiro", "Shiro", "shiro@acme.example", UserSource.LOCAL));
        String first = assignedDevice(tenant, "u-3", "d-3", DeviceType.WINDOWS, false, null);
        String second = assignedDevice(tenant, "u-4", "d-4", DeviceType.IOS, false, null);
        awaitUserWithMail(tenant, "u-3");
        awaitUserWithMail(tenant, "u-4");
        Awaitility.await().atMost(Duration.ofSeconds(20))
                .until(() -> "en".equals(facts.language(tenant))); // SettingsChanged, a third topic

        ResponseEntity<List> sent = http.exchange("/api/profiles/send", HttpMethod.POST,
                new HttpEntity<>(Map.of("profileIds", List.of(first, second), "subject", "VPN",
                        "validityDays", 30), adminHeaders(tenant)), List.class);

        assertThat(sent.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(published().atLeast(tenant, ProfileIssued.class, 2))
                .extracting(ProfileIssued::recipient, ProfileIssued::maxDownloads, ProfileIssued::language)
                .containsExactlyInAnyOrder(Tuple.tuple("saburo@acme.example", null, "en"),
                        Tuple.tuple("shiro@acme.example", null, "en"));
    }

    @Test
    void aLargeSelectionGoesToEachUsersOwnAddressNamedAfterTheirOwnDevice() {
        String tenant = newTenant();
        int count = 60;
        for (int n = 0; n < count; n++) {
            publish(new VpnUserAdded(tenant, "u-" + n, "user" + n, "User " + n, "user" + n + "@acme.example",
                    UserSource.LOCAL));
            publish(new DeviceChanged(tenant, "d-" + n, "pc-" + n, true, DeviceType.WINDOWS, false, null, null, null));
            publish(new DeviceAssigned(tenant, "d-" + n, "u-" + n, "user" + n));
        }
        List<String> userIds = IntStream.range(0, count).mapToObj(n -> "u-" + n).toList();
        List<String> profileIds = IntStream.range(0, count).mapToObj(n -> "u-" + n + ":d-" + n).toList();
        await().atMost(Duration.ofSeconds(30)).until(() -> getList(tenant, "/api/profiles").getBody().size() == count
                && facts.users(tenant, userIds).size() == count);

        ResponseEntity<List> sent = http.exchange("/api/profiles/send", HttpMethod.POST,
                new HttpEntity<>(Map.of("profileIds", profileIds, "subject", "VPN",
                        "validityDays", 7), adminHeaders(tenant)), List.class);

        assertThat(sent.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(sent.getBody()).hasSize(count).allSatisfy(view -> {
            @SuppressWarnings("unchecked")
            Map<String, Object> profile = (Map<String, Object>) view;
            String n = ((String) profile.get("profileId")).substring("u-".length()).split(":")[0];
            assertThat(profile).containsEntry("name", "user" + n + ":pc-" + n).containsEntry("status", "WAITING_DOWNLOAD");
        });
        assertThat(published().atLeast(tenant, ProfileIssued.class, count)).hasSize(count).allSatisfy(issued -> {
            String n = issued.userId().substring("u-".length());
            assertThat(issued.deviceId()).isEqualTo("d-" + n);
            assertThat(issued.recipient()).isEqualTo("user" + n + "@acme.example");
            assertThat(issued.profileName()).isEqualTo("user" + n + ":pc-" + n);
        });
    }

    @Test
    void aSelectionWithAUserWithoutAddressSendsNothingAndSaysWhich() {
        String tenant = newTenant();
        publish(new VpnUserAdded(tenant, "u-5", "goro", "Goro", "goro@acme.example", UserSource.LOCAL));
        String known = assignedDevice(tenant, "u-5", "d-5", DeviceType.WINDOWS, false, null);
        awaitUserWithMail(tenant, "u-5");
        String unknown = assignedDevice(tenant, "u-6", "d-6", DeviceType.WINDOWS, false, null);

        ResponseEntity<Map> refused = post(tenant, "/api/profiles/send", Map.of("profileIds", List.of(known, unknown),
                "subject", "VPN", "validityDays", 3));

        assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(refused.getBody()).containsEntry("type", "urn:sra:problem:recipient-unknown")
                .containsEntry("profileIds", List.of(unknown));
        assertThat(get(tenant, "/api/profiles/" + known).getBody()).containsEntry("status", "MAIL_NOT_SENT");
        awaitAllPublished(tenant);
        assertThat(published().of(tenant, ProfileIssued.class)).isEmpty();
    }

    @Test
    void everyBadFieldGetsAClearMessageInJapaneseByDefaultAndInEnglishOnRequest() {
        String tenant = newTenant();
        String profileId = assignedDevice(tenant, "u-7", "d-7", DeviceType.WINDOWS, false, null);
        Map<String, Object> bad = new HashMap<>(Map.of("recipient", "nobody", "subject", "a\nBcc: x@evil.example",
                "validityDays", 31, "maxDownloads", 6));

        ResponseEntity<Map> ja = exchange(tenant, HttpMethod.POST, "/api/profiles/" + profileId + "/send", bad, null);
        ResponseEntity<Map> en = exchange(tenant, HttpMethod.POST, "/api/profiles/" + profileId + "/send", bad, "en");

        assertThat(ja.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(ja.getBody()).containsEntry("type", "urn:sra:problem:invalid-request");
        assertThat(errors(ja)).containsEntry("recipient", "メールアドレスの形式が正しくありません。")
                .containsEntry("subject", "件名に改行や制御文字は使えません。")
                .containsEntry("validityDays", "URL有効期限は1～30日の間で設定してください。")
                .containsEntry("maxDownloads", "ダウンロード回数は1～5回、または無制限（空欄）で設定してください。");
        assertThat(errors(en)).containsEntry("recipient", "The mail address is not valid.")
                .containsEntry("validityDays", "The URL validity must be 1 to 30 days.");
        assertThat(get(tenant, "/api/profiles/" + profileId).getBody()).containsEntry("status", "MAIL_NOT_SENT");

        // three fields left empty: all three at once, each named as the dialog labels it, one wording
        Map<String, Object> empty = new HashMap<>();
        empty.put("recipient", "");
        empty.put("subject", "");
        empty.put("validityDays", null);
        assertThat(errors(exchange(tenant, HttpMethod.POST, "/api/profiles/" + profileId + "/send", empty, null)))
                .containsOnly(Map.entry("recipient", "「メールアドレス」を入力してください。"),
                        Map.entry("subject", "「件名」を入力してください。"),
                        Map.entry("validityDays", "「URL有効期限（日）」を入力してください。"));
        assertThat(errors(exchange(tenant, HttpMethod.POST, "/api/profiles/" + profileId + "/send", empty, "en")))
                .containsOnly(Map.entry("recipient", "Enter Mail address."), Map.entry("subject", "Enter Subject."),
                        Map.entry("validityDays", "Enter URL validity (days)."));
    }

    @Test
    void anUnknownProfileIsNamed() {
        String tenant = newTenant();
        ResponseEntity<Map> missing = exchange(tenant, HttpMethod.POST, "/api/profiles/u-x:d-x/send",
                mail("a@b.c", 1, 1), "en");
        assertThat(missing.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(missing.getBody()).containsEntry("type", "urn:sra:problem:profiles-not-found");
        assertThat((String) missing.getBody().get("detail")).contains("u-x:d-x");
    }

    @Test
    void aSelectionIsDeletedAllOrNothing() {
        String tenant = newTenant();
        String first = assignedDevice(tenant, "u-8", "d-8", DeviceType.WINDOWS, false, null);
        String second = assignedDevice(tenant, "u-9", "d-9", DeviceType.WINDOWS, false, null);
        String token = send(tenant, first, 3);

        assertThat(post(tenant, "/api/profiles/delete", Map.of("profileIds", List.of(first, "u-0:d-0")))
                .getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(getList(tenant, "/api/profiles").getBody()).hasSize(2);

        assertThat(post(tenant, "/api/profiles/delete", Map.of("profileIds", List.of(first, second))).getStatusCode())
                .isEqualTo(HttpStatus.NO_CONTENT);
        assertThat(getList(tenant, "/api/profiles").getBody()).isEmpty();
        assertThat(published().atLeast(tenant, ProfileRemoved.class, 2)).extracting(ProfileRemoved::profileId)
                .containsExactlyInAnyOrder(first, second);
        assertThat(download(token).getStatusCode()).isEqualTo(HttpStatus.GONE);
    }

    private static Map<String, String> errors(ResponseEntity<Map> answer) {
        Map<String, String> byField = new HashMap<>();
        for (Map<String, String> error : (List<Map<String, String>>) answer.getBody().get("errors")) {
            byField.put(error.get("field"), error.get("message"));
        }
        return byField;
    }

    private static HttpHeaders adminHeaders(String tenant) {
        var headers = new HttpHeaders();
        headers.setBearerAuth(TestTokens.admin(tenant));
        return headers;
    }
}
