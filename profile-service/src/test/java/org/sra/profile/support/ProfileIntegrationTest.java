package org.sra.profile.support;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.TestRestTemplate;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureTestRestTemplate;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.sra.events.EventEnvelope;
import org.sra.events.EventPayload;
import org.sra.events.device.DeviceAssigned;
import org.sra.events.device.DeviceAuthMethod;
import org.sra.events.device.DeviceChanged;
import org.sra.events.device.DeviceType;
import org.sra.events.profile.ProfileIssued;
import org.sra.kit.outbox.AggregateDocument;
import org.sra.kit.secrets.SecretSealer;
import org.sra.kit.test.SraIntegrationTest;
import org.sra.kit.test.TestTokens;
import org.sra.kit.web.ClientAddress;
import org.sra.profile.facts.Facts;
import org.sra.profile.facts.UserFact;

import com.mongodb.client.model.Filters;

/**
 * Base of every integration test of this module: one shared Spring context (real embedded Kafka
 * broker and MongoDB-wire-protocol store), publishing the other services' events on the real
 * topics and reading what profile-service publishes.
 */
@SraIntegrationTest
@AutoConfigureTestRestTemplate
public abstract class ProfileIntegrationTest {

    @Autowired
    protected TestRestTemplate http;
    @Autowired
    protected EmbeddedKafkaBroker broker;
    @Autowired
    protected SecretSealer sealer;
    @Autowired
    protected Facts facts;
    @Autowired
    private MongoTemplate outboxStore;

    protected static String newTenant() {
        return "t-" + UUID.randomUUID().toString().substring(0, 8);
    }

    protected void publish(EventPayload payload) {
        publish(EventEnvelope.of(payload));
    }

    protected void publish(EventEnvelope envelope) {
        PublishedEvents.traffic(broker).publish(envelope);
    }

    /**
     * Waits until everything profile-service saved for the tenant so far has been published (no
     * document of the tenant holds an outbox entry) and read by {@link #published()}: an event
     * that was going to be published by then is there. Tests that assert an event was NOT
     * published call this first.
     */
    protected void awaitAllPublished(String tenant) {
        await("the outboxes of " + tenant + " emptied").atMost(Duration.ofSeconds(45)).until(() ->
                outboxStore.getCollectionNames().stream().allMatch(collection -> outboxStore.getCollection(collection)
                        .countDocuments(Filters.and(Filters.eq("tenantId", tenant),
                                Filters.exists(AggregateDocument.OUTBOX + ".0"))) == 0));
        published().caughtUp();
    }

    /** What profile-service published, as a consumer of its topics sees it. */
    protected PublishedEvents published() {
        return PublishedEvents.from(broker);
    }

    /**
     * Waits until profile-service has consumed the user's {@code VpnUserAdded} (its mail address):
     * it arrives on another topic than the device events, in no set order with them.
     */
    protected void awaitUserWithMail(String tenant, String userId) {
        await().atMost(Duration.ofSeconds(20))
                .until(() -> facts.user(tenant, userId).map(UserFact::mail).isPresent());
    }

    /** A device as device-service announces it, then its assignment; waits for the profile. */
    protected String assignedDevice(String tenant, String user, String device, DeviceType type, boolean deviceAuth,
                                    String serial) {
        publish(new DeviceChanged(tenant, device, device + "-name", true, type, deviceAuth,
                deviceAuth ? DeviceAuthMethod.SERIAL_ID : null, serial, null));
        publish(new DeviceAssigned(tenant, device, user, user + ".name"));
        String profileId = user + ":" + device;
        await().atMost(Duration.ofSeconds(20)).until(() -> get(tenant, "/api/profiles/" + profileId)
                .getStatusCode().is2xxSuccessful());
        return profileId;
    }

    protected ResponseEntity<Map> get(String tenant, String path) {
        return exchange(tenant, HttpMethod.GET, path, null, null);
    }

    protected ResponseEntity<List> getList(String tenant, String path) {
        HttpHeaders headers = new HttpHeaders();
        headers.setBearerAuth(TestTokens.admin(tenant));
        return http.exchange(path, HttpMethod.GET, new HttpEntity<>(headers), List.class);
    }

    protected ResponseEntity<Map> exchange(String tenant, HttpMethod method, String path, Object body,
                                           String language) {
        HttpHeaders headers = new HttpHeaders();
        headers.setBearerAuth(TestTokens.admin(tenant));
        if (language != null) {
            headers.set(HttpHeaders.ACCEPT_LANGUAGE, language);
        }
        return http.exchange(path, method, new HttpEntity<>(body, headers), Map.class);
    }

    protected ResponseEntity<Map> post(String tenant, String path, Object body) {
        return exchange(tenant, HttpMethod.POST, path, body, null);
    }

    protected ResponseEntity<Map> put(String tenant, String path, Object body) {
        return exchange(tenant, HttpMethod.PUT, path, body, null);
    }

    protected static Map<String, Object> mail(String recipient, int days, Integer downloads) {
        Map<String, Object> body = new HashMap<>();
        body.put("recipient", recipient);
        body.put("subject", "VPNプロファイルのご案内");
        body.put("validityDays", days);
        body.put("maxDownloads", downloads);
        return body;
    }

    /**
     * Sends the profile's mail and returns the token, read the way notification-service reads it:
     * from the {@code ProfileIssued} event, opening the sealed URL with the tenant's context.
     */
    protected String send(String tenant, String profileId, Integer downloads) {
        int before = published().of(tenant, ProfileIssued.class).size();
        ResponseEntity<Map> sent = post(tenant, "/api/profiles/" + profileId + "/send",
                mail("user@example.com", 7, downloads));
        if (!sent.getStatusCode().is2xxSuccessful()) {
            throw new AssertionError("send failed: " + sent.getBody());
        }
        ProfileIssued issued = published().atLeast(tenant, ProfileIssued.class, before + 1).get(before);
        return tokenOf(issued);
    }

    protected String tokenOf(ProfileIssued issued) {
        String url = sealer.open(issued.sealedDownloadUrl(), "profile-url:" + issued.tenantId());
        return url.substring(url.lastIndexOf('/') + 1);
    }

    protected ResponseEntity<String> download(String token) {
        return download(token, "203.0.113.7", "AnyConnect-Test/1.0");
    }

    /** A download as the gateway forwards it: the client's address in the gateway's header. */
    protected ResponseEntity<String> download(String token, String sourceIp, String userAgent) {
        HttpHeaders headers = new HttpHeaders();
        headers.set(ClientAddress.HEADER, sourceIp);
        headers.set(HttpHeaders.USER_AGENT, userAgent);
        return http.exchange("/download/" + token, HttpMethod.GET, new HttpEntity<>(headers), String.class);
    }
}
