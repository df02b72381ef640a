package org.sra.profile.download;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.sra.events.device.DeviceAuthMethod;
import org.sra.events.device.DeviceAutoRegistered;
import org.sra.events.device.DeviceChanged;
import org.sra.events.device.DeviceType;
import org.sra.events.profile.ProfileDownloaded;
import org.sra.events.profile.ProfileLinkExpired;
import org.sra.events.tenant.TenantSuspended;
import org.sra.kit.web.ClientAddress;
import org.sra.profile.anyconnect.AnyConnectXml;
import org.sra.profile.profile.LinkToken;
import org.sra.profile.profile.Profile;
import org.sra.profile.support.ProfileIntegrationTest;

/**
 * R-PRO-3, R-PRO-4, R-PRO-6: the public download, its atomic count, the 410 page, the history,
 * and the status flow driven by device-service's events.
 */
@ExtendWith(OutputCaptureExtension.class)
class DownloadIntegrationTests extends ProfileIntegrationTest {

    @Autowired
    MongoTemplate mongo;

    @Test
    void theLinkServesAValidAnyConnectProfileNamedAfterTheProfileWithPrivateHeaders() throws Exception {
        String tenant = newTenant();
        String profileId = assignedDevice(tenant, "u-1", "d-1", DeviceType.WINDOWS, true, null);
        String token = send(tenant, profileId, 2);

        ResponseEntity<String> file = download(token);

        assertThat(file.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(file.getHeaders().getContentType().toString()).startsWith("application/xml");
        assertThat(file.getHeaders().getContentDisposition().getFilename()).as("<userName>_<deviceName>.xml")
                .isEqualTo("u-1.name_d-1-name.xml");
        assertThat(file.getHeaders().getFirst(HttpHeaders.CONTENT_DISPOSITION)).contains("filename=\"u-1.name_d-1-name.xml\"");
        assertThat(file.getHeaders().getCacheControl()).isEqualTo("no-store");
        assertThat(file.getHeaders().getFirst("Referrer-Policy")).isEqualTo("no-referrer");
        var xml = AnyConnectXml.parse(file.getBody().getBytes(StandardCharsets.UTF_8));
        assertThat(xml.getDocumentElement().getLocalName()).isEqualTo("AnyConnectProfile");
        assertThat(AnyConnectXml.text(xml, "HostAddress")).isEqualTo("vpn.example.com");
        assertThat(AnyConnectXml.text(xml, "LocalLanAccess")).isEqualTo("false");
    }

    @Test
    void withOneDownloadLeftTwoConcurrentRequestsGetExactlyOneFile() throws Exception {
        String tenant = newTenant();
        String profileId = assignedDevice(tenant, "u-2", "d-2", DeviceType.WINDOWS, false, null);
        String token = send(tenant, profileId, 2);
        assertThat(download(token).getStatusCode()).isEqualTo(HttpStatus.OK);

        List<HttpStatus> answers = concurrently(8, () -> (HttpStatus) download(token).getStatusCode());

        assertThat(answers).filteredOn(HttpStatus.OK::equals).hasSize(1);
        assertThat(answers).filteredOn(HttpStatus.GONE::equals).hasSize(7);
        assertThat(published().atLeast(tenant, ProfileDownloaded.class, 2)).extracting(ProfileDownloaded::remaining)
                .containsExactly(1, 0);
        assertThat(getList(tenant, "/api/profiles/" + profileId + "/downloads").getBody()).hasSize(2);
        assertThat(published().last(tenant, ProfileLinkExpired.class)).isEqualTo(new ProfileLinkExpired(tenant, profileId));
    }

    @Test
    void anUnlimitedLinkCountsEveryConcurrentDownload() throws Exception {
        String tenant = newTenant();
        String profileId = assignedDevice(tenant, "u-3", "d-3", DeviceType.WINDOWS, false, null);
        String token = send(tenant, profileId, null);

        List<HttpStatus> answers = concurrently(6, () -> (HttpStatus) download(token).getStatusCode());

        assertThat(answers).containsOnly(HttpStatus.OK);
        assertThat(getList(tenant, "/api/profiles/" + profileId + "/downloads").getBody()).hasSize(6);
        assertThat(published().atLeast(tenant, ProfileDownloaded.class, 6)).extracting(ProfileDownloaded::remaining)
                .containsOnlyNulls();
    }

    @Test
    void expiredUsedUpRevokedWrongAndTamperedTokensAllGetTheSameGonePageAndNothingElse() {
        String tenant = newTenant();
        String used = send(tenant, assignedDevice(tenant, "u-4", "d-4", DeviceType.WINDOWS, false, null), 1);
        download(used);
        String expired = send(tenant, assignedDevice(tenant, "u-5", "d-5", DeviceType.WINDOWS, false, null), 3);
        mongo.updateFirst(Query.query(Criteria.where("link.tokenHash").is(LinkToken.hash(expired))),
                new Update().set("link.expiresAt", Date.from(Instant.now().minusSeconds(1))),
                Profile.class);
        String revokedProfile = assignedDevice(tenant, "u-6", "d-6", DeviceType.WINDOWS, false, null);
        String revoked = send(tenant, revokedProfile, 3);
        assertThat(post(tenant, "/api/profiles/" + revokedProfile + "/revoke", null).getBody())
                .containsEntry("status", "LINK_EXPIRED");
        String wrong = LinkToken.generate().value();
        String tampered = used.substring(0, 42) + (used.charAt(42) == 'A' ? 'B' : 'A');

        List<ResponseEntity<String>> answers = List.of(download(used), download(expired), download(revoked),
                download(wrong), download(tampered), download("not-a-token"));

        for (ResponseEntity<String> answer : answers) {
            assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.GONE);
            assertThat(answer.getBody()).isEqualTo(answers.getFirst().getBody())
                    .contains("有効期限が切れています").contains("This link has expired").doesNotContain("AnyConnectProfile")
                    .as("styled by the gateway's stylesheet, in the console's wording")
                    .contains("<link rel=\"stylesheet\" href=\"/console/download.css\">").doesNotContain("<style")
                    .doesNotContain("style=").contains("ユーザプロフィール").doesNotContain("ユーザプロファイル");
            assertThat(answer.getHeaders().getFirst("Content-Security-Policy")).isEqualTo("default-src 'none'; style-src 'self'");
            assertThat(answer.getHeaders().getCacheControl()).isEqualTo("no-store");
            assertThat(answer.getHeaders().getFirst("Referrer-Policy")).isEqualTo("no-referrer");
            assertThat(answer.getHeaders().getContentType().toString()).startsWith("text/html");
        }
        assertThat(published().atLeast(tenant, ProfileLinkExpired.class, 1))
                .contains(new ProfileLinkExpired(tenant, revokedProfile));
    }

    @Test
    void resendingRevokesThePreviousLink() {
        String tenant = newTenant();
        String profileId = assignedDevice(tenant, "u-7", "d-7", DeviceType.WINDOWS, false, null);
        String first = send(tenant, profileId, 5);
        assertThat(get(tenant, "/api/profiles/" + profileId).getBody()).containsEntry("status", "WAITING_DOWNLOAD");
        String second = send(tenant, profileId, 5);
        assertThat(get(tenant, "/api/profiles/" + profileId).getBody())
                .containsEntry("status", "WAITING_DOWNLOAD_RESENT")
                .containsEntry("statusLabel", "プロファイルDL待ち [再送信フロー]");

        assertThat(download(first).getStatusCode()).isEqualTo(HttpStatus.GONE);
        assertThat(download(second).getStatusCode()).isEqualTo(HttpStatus.OK);
    }

    @Test
    void everyUseIsRecordedWithTimeSourceAndUserAgentForTheAdminOnly() {
        String tenant = newTenant();
        String profileId = assignedDevice(tenant, "u-8", "d-8", DeviceType.WINDOWS, false, null);
        String token = send(tenant, profileId, 3);
        // the address is the gateway's header; a client's own X-Forwarded-For or Forwarded is not read
        HttpHeaders headers = new HttpHeaders();
        headers.set(ClientAddress.HEADER, "198.51.100.23");
        headers.set("X-Forwarded-For", "203.0.113.99");
        headers.set("Forwarded", "for=203.0.113.99");
        headers.set(HttpHeaders.USER_AGENT, "Mozilla/5.0 (Windows NT 10.0) Test");
        assertThat(http.exchange("/download/" + token, HttpMethod.GET, new HttpEntity<>(headers), String.class)
                .getStatusCode()).isEqualTo(HttpStatus.OK);

        List<Map<String, Object>> history = getList(tenant, "/api/profiles/" + profileId + "/downloads").getBody();
        assertThat(history).singleElement().satisfies(entry -> {
            assertThat(entry).containsEntry("sourceIp", "198.51.100.23")
                    .containsEntry("userAgent", "Mozilla/5.0 (Windows NT 10.0) Test").containsKey("at");
        });
        assertThat(get(newTenant(), "/api/profiles/" + profileId + "/downloads").getStatusCode())
                .isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(http.getForEntity("/api/profiles/" + profileId + "/downloads", Map.class).getStatusCode())
                .isEqualTo(HttpStatus.UNAUTHORIZED);
    }

    @Test
    void aDeviceWithoutDeviceAuthenticationIsReadyRightAfterTheDownload() {
        String tenant = newTenant();
        String profileId = assignedDevice(tenant, "u-9", "d-9", DeviceType.WINDOWS, false, null);
        download(send(tenant, profileId, 1));

        assertThat(get(tenant, "/api/profiles/" + profileId).getBody()).containsEntry("status", "READY")
                .containsEntry("statusLabel", "接続準備完了");
        assertThat(published().last(tenant, ProfileDownloaded.class).deviceRegistered()).isTrue();
    }

    @Test
    void aSerialDeviceWaitsForItsIdUntilDeviceServiceAutoRegistersIt() {
        String tenant = newTenant();
        String profileId = assignedDevice(tenant, "u-10", "d-10", DeviceType.WINDOWS, true, null);
        download(send(tenant, profileId, 1));
        assertThat(get(tenant, "/api/profiles/" + profileId).getBody())
                .containsEntry("status", "WAITING_DEVICE_REGISTRATION");
        assertThat(published().last(tenant, ProfileDownloaded.class).deviceRegistered()).isFalse();

        publish(new DeviceAutoRegistered(tenant, "d-10", "u-10", "FCH2233X", "win"));
        publish(new DeviceChanged(tenant, "d-10", "d-10-name", true, DeviceType.WINDOWS, true,
                DeviceAuthMethod.SERIAL_ID, "FCH2233X", null));

        await().atMost(Duration.ofSeconds(20)).until(() ->
                "READY".equals(get(tenant, "/api/profiles/" + profileId).getBody().get("status")));
    }

    @Test
    void aSerialEnteredByHandOrAMacDeviceIsReadyRightAfterTheDownload() {
        String tenant = newTenant();
        String serial = assignedDevice(tenant, "u-11", "d-11", DeviceType.WINDOWS, true, "SERIAL-BY-HAND");
        publish(new DeviceChanged(tenant, "d-12", "mac-pc", true, DeviceType.MAC, true, DeviceAuthMethod.MAC_ADDRESS,
                null, "12:34:56:78:90:ab"));
        String mac = assignedDevice(tenant, "u-11", "d-12", DeviceType.MAC, true, null);
        publish(new DeviceChanged(tenant, "d-12", "mac-pc", true, DeviceType.MAC, true, DeviceAuthMethod.MAC_ADDRESS,
                null, "12:34:56:78:90:ab"));
        await().atMost(Duration.ofSeconds(20)).until(() ->
                "mac-pc".equals(get(tenant, "/api/profiles/" + mac).getBody().get("deviceName")));

        download(send(tenant, serial, 1));
        download(send(tenant, mac, 1));

        assertThat(get(tenant, "/api/profiles/" + serial).getBody()).containsEntry("status", "READY");
        assertThat(get(tenant, "/api/profiles/" + mac).getBody()).containsEntry("status", "READY");
    }

    @Test
    void aSuspendedTenantServesNoDownloads() {
        String tenant = newTenant();
        String token = send(tenant, assignedDevice(tenant, "u-13", "d-13", DeviceType.WINDOWS, false, null), 3);
        publish(new TenantSuspended(tenant));
        await().atMost(Duration.ofSeconds(20)).until(() -> download(token).getStatusCode() == HttpStatus.GONE);
    }

    @Test
    void headRequestsFromMailScannersDoNotUseUpTheLink() {
        String tenant = newTenant();
        String token = send(tenant, assignedDevice(tenant, "u-14", "d-14", DeviceType.WINDOWS, false, null), 1);
        ResponseEntity<String> probe = http.exchange("/download/" + token, HttpMethod.HEAD, HttpEntity.EMPTY,
                String.class);
        assertThat(probe.getStatusCode()).isEqualTo(HttpStatus.METHOD_NOT_ALLOWED);
        assertThat(download(token).getStatusCode()).isEqualTo(HttpStatus.OK);
    }

    @Test
    void theTokenIsNeitherStoredNorLoggedInClear(CapturedOutput output) {
        String tenant = newTenant();
        String profileId = assignedDevice(tenant, "u-15", "d-15", DeviceType.WINDOWS, false, null);
        String token = send(tenant, profileId, 2);
        download(token);
        download(token);
        download(token);

        for (String collection : mongo.getCollectionNames()) {
            for (Document document : mongo.getCollection(collection).find()) {
                assertThat(document.toJson()).as(collection).doesNotContain(token);
            }
        }
        assertThat(output.getAll()).doesNotContain(token).contains("Download refused");
    }

    private static <T> List<T> concurrently(int requests, Callable<T> call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(requests);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < requests; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return call.call();
                }));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
