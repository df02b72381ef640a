package org.sra.device.registration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.TestRestTemplate;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureTestRestTemplate;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.sra.device.TestApi;
import org.sra.device.TestEvents;
import org.sra.events.EventEnvelope;
import org.sra.events.connection.DeviceAutoRegistrationRequested;
import org.sra.events.device.DeviceAutoRegistered;
import org.sra.events.device.DeviceAutoRegistrationFailed;
import org.sra.events.device.DeviceAutoRegistrationFailed.Reason;
import org.sra.events.device.DeviceChanged;
import org.sra.events.settings.AuthType;
import org.sra.events.settings.SettingsChanged;
import org.sra.events.user.UserSource;
import org.sra.events.user.VpnUserAdded;
import org.sra.kit.test.SraIntegrationTest;

/** R-AUT-4 (device side), R-SET-5, R-DEV-2: auto-registration of a presented serial ID. */
@SraIntegrationTest
@AutoConfigureTestRestTemplate
class AutoRegistrationIntegrationTests {

    @Autowired
    TestRestTemplate http;
    @Autowired
    EmbeddedKafkaBroker broker;
    @Autowired
    MongoTemplate mongo;
    @Autowired
    AutoRegistration registration;

    final String tenant = UUID.randomUUID().toString();
    TestApi admin;

    @BeforeEach
    void tenantWithAutoRegistrationAndOneUser() {
        admin = TestApi.admin(http, tenant);
        settings(tenant, true);
        user("u-1", "suzuki");
    }

    void settings(String tenantId, boolean autoRegistration) {
        TestEvents.publish(broker, new SettingsChanged(tenantId, AuthType.LOCAL, autoRegistration, true, List.of(),
                null, null, "10.0.0.0/24", "ja", null, null));
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            TenantSettings held = mongo.findById(tenantId, TenantSettings.class);
            return held != null && held.autoRegistration() == autoRegistration;
        });
    }

    void user(String id, String name) {
        TestEvents.publish(broker, new VpnUserAdded(tenant, id, name, name, null, UserSource.LOCAL));
        await().atMost(Duration.ofSeconds(20)).until(() -> admin.get("/api/assignments/" + id).getStatusCode().is2xxSuccessful());
    }

    String assignedDevice(String user, Map<String, Object> device) {
        String id = admin.createDevice(device);
        admin.post("/api/assignments/" + user + "/devices/" + id, Map.of());
        return id;
    }

    static Map<String, Object> device(String name, String type, String method) {
        return Map.of("name", name, "connectionAllowed", true, "type", type, "deviceAuth", true, "method", method);
    }

    DeviceAutoRegistrationFailed failure(String serial) {
        return TestEvents.awaitPublished(broker, tenant, DeviceAutoRegistrationFailed.class,
                e -> e.presentedSerial().equals(serial));
    }

    @Test
    void theFirstConnectionRegistersThePresentedSerialOnTheUsersFreeDeviceOfThatPlatform() {
        assignedDevice("u-1", device("phone", "IOS", "SERIAL_ID"));
        String laptop = assignedDevice("u-1", device("laptop", "WINDOWS", "SERIAL_ID"));

        TestEvents.publish(broker, new DeviceAutoRegistrationRequested(tenant, "u-1", "suzuki", "PF-123", "win",
                "Tokyo VPN"));

        // first seen: it names who, which device and which headend, for the admins' mail
        assertThat(TestEvents.awaitPublished(broker, tenant, DeviceAutoRegistered.class, e -> e.deviceId().equals(laptop)))
                .isEqualTo(new DeviceAutoRegistered(tenant, laptop, "u-1", "PF-123", "win", "suzuki", "laptop",
                        "Tokyo VPN", true));
        assertThat(TestEvents.awaitPublished(broker, tenant, DeviceChanged.class, e -> "PF-123".equals(e.serialId())).deviceId())
                .isEqualTo(laptop);
        assertThat(admin.get("/api/devices/" + laptop).getBody()).containsEntry("serialId", "PF-123");

        // the same serial asked again (a request that raced the first): confirmed, not first seen, no second mail
        TestEvents.publish(broker, new DeviceAutoRegistrationRequested(tenant, "u-1", "suzuki", "PF-123", "win",
                "Tokyo VPN"));
        assertThat(TestEvents.awaitPublished(broker, tenant, DeviceAutoRegistered.class,
                e -> e.deviceId().equals(laptop) && !e.registeredNow()).serialId()).isEqualTo("PF-123");
    }

    @Test
    void eachReasonItCannotRegisterIsAnnouncedWithItsCode() {
        String phone = assignedDevice("u-1", device("phone", "ANDROID", "SERIAL_ID"));
        TestEvents.publish(broker, new DeviceAutoRegistrationRequested(tenant, "u-1", "suzuki", "SN-MISMATCH", "win"));
        // the device by its name as well, which the admins' mail shows
        assertThat(failure("SN-MISMATCH")).isEqualTo(new DeviceAutoRegistrationFailed(tenant, "u-1", "suzuki", phone,
                "SN-MISMATCH", "win", Reason.PLATFORM_MISMATCH, "phone"));

        String macBook = assignedDevice("u-1", device("macbook", "MAC", "MAC_ADDRESS"));
        TestEvents.publish(broker, new DeviceAutoRegistrationRequested(tenant, "u-1", "suzuki", "SN-MAC", "mac-intel"));
        assertThat(failure("SN-MAC").reason()).isEqualTo(Reason.MAC_DEVICE);
        assertThat(failure("SN-MAC").deviceId()).isEqualTo(macBook);
        assertThat(admin.get("/api/devices/" + macBook).getBody()).containsEntry("macAddress", null)
                .containsEntry("serialId", null);

        admin.createDevice(Map.of("name", "someone-elses", "connectionAllowed", true, "type", "ANDROID",
                "deviceAuth", true, "serialId", "SN-TAKEN"));
        TestEvents.publish(broker, new DeviceAutoRegistrationRequested(tenant, "u-1", "suzuki", "SN-TAKEN", "android"));
        assertThat(failure("SN-TAKEN").reason()).isEqualTo(Reason.SERIAL_IN_USE);

        user("u-2", "tanaka");
        TestEvents.publish(broker, new DeviceAutoRegistrationRequested(tenant, "u-2", "tanaka", "SN-NONE", "win"));
        assertThat(failure("SN-NONE")).isEqualTo(new DeviceAutoRegistrationFailed(tenant, "u-2", "tanaka", null,
                "SN-NONE", "win", Reason.NO_FREE_DEVICE));

        settings(tenant, false);
        TestEvents.publish(broker, new DeviceAutoRegistrationRequested(tenant, "u-1", "suzuki", "SN-OFF", "android"));
        assertThat(failure("SN-OFF").reason()).isEqualTo(Reason.DISABLED);
        assertThat(admin.get("/api/devices/" + phone).getBody()).containsEntry("serialId", null);
    }

    @Test
    void ofTwoRequestsRacingForOneDeviceOneRegistersAndTheOtherFails() throws Exception {
        for (int round = 0; round < 5; round++) {
            String device = assignedDevice("u-1", device("race-" + round, "WINDOWS", "SERIAL_ID"));
            String first = "SN-A" + round;
            String second = "SN-B" + round;
            race(new DeviceAutoRegistrationRequested(tenant, "u-1", "suzuki", first, "win"),
                    new DeviceAutoRegistrationRequested(tenant, "u-1", "suzuki", second, "win"));

            String registered = (String) admin.get("/api/devices/" + device).getBody().get("serialId");
            assertThat(registered).isIn(first, second);
            String loser = registered.equals(first) ? second : first;
            assertThat(failure(loser).reason()).isEqualTo(Reason.NO_FREE_DEVICE);
            admin.delete("/api/assignments/u-1/devices/" + device);
        }
    }

    @Test
    void ofTwoDevicesRacingForOneSerialOneGetsItAndTheOtherFailsWithSerialInUse() throws Exception {
        user("u-3", "sato");
        for (int round = 0; round < 5; round++) {
            String mine = assignedDevice("u-1", device("mine-" + round, "WINDOWS", "SERIAL_ID"));
            String theirs = assignedDevice("u-3", device("theirs-" + round, "WINDOWS", "SERIAL_ID"));
            String serial = "SN-SHARED-" + round;
            race(new DeviceAutoRegistrationRequested(tenant, "u-1", "suzuki", serial, "win"),
                    new DeviceAutoRegistrationRequested(tenant, "u-3", "sato", serial, "win"));

            List<Object> serials = List.of(String.valueOf(admin.get("/api/devices/" + mine).getBody().get("serialId")),
                    String.valueOf(admin.get("/api/devices/" + theirs).getBody().get("serialId")));
            assertThat(serials).containsExactlyInAnyOrder(serial, "null");
            assertThat(failure(serial).reason()).isEqualTo(Reason.SERIAL_IN_USE);
            admin.delete("/api/assignments/u-1/devices/" + mine);
            admin.delete("/api/assignments/u-3/devices/" + theirs);
        }
    }

    /** Runs both requests at the same moment, as two consumer threads would. */
    void race(DeviceAutoRegistrationRequested one, DeviceAutoRegistrationRequested other) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        CompletableFuture<Void> a = CompletableFuture.runAsync(() -> handle(start, one));
        CompletableFuture<Void> b = CompletableFuture.runAsync(() -> handle(start, other));
        start.countDown();
        CompletableFuture.allOf(a, b).get();
    }

    void handle(CountDownLatch start, DeviceAutoRegistrationRequested request) {
        try {
            start.await();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
        registration.onRequested(EventEnvelope.of(request), request);
    }
}
