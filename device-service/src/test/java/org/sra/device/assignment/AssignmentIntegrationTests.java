package org.sra.device.assignment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.TestRestTemplate;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureTestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.sra.device.TestApi;
import org.sra.device.TestEvents;
import org.sra.events.EventEnvelope;
import org.sra.events.device.DeviceAssigned;
import org.sra.events.device.DeviceUnassigned;
import org.sra.events.tenant.TenantContractChanged;
import org.sra.events.tenant.TenantProvisioned;
import org.sra.events.user.UserSource;
import org.sra.events.user.VpnUserAdded;
import org.sra.events.user.VpnUserRemoved;
import org.sra.kit.test.SraIntegrationTest;

/** R-ASN-1 … R-ASN-3, R-DEV-4, R-USR-3: assigning devices to users. */
@SraIntegrationTest
@AutoConfigureTestRestTemplate
class AssignmentIntegrationTests {

    @Autowired
    TestRestTemplate http;
    @Autowired
    EmbeddedKafkaBroker broker;
    @Autowired
    Assignments assignments;

    final String tenant = UUID.randomUUID().toString();
    TestApi admin;

    @BeforeEach
    void tenantWithTwoUsers() {
        admin = TestApi.admin(http, tenant);
        TestEvents.publish(broker, new TenantProvisioned(tenant, "Acme", 2, "10.0.0.0/24"));
        user("u-1", "suzuki");
        user("u-2", "tanaka");
        await().atMost(Duration.ofSeconds(20)).until(() -> admin.get("/api/devices/contract").getStatusCode().is2xxSuccessful());
    }

    void user(String id, String name) {
        TestEvents.publish(broker, new VpnUserAdded(tenant, id, name, name.toUpperCase(), name + "@example.com",
                UserSource.LOCAL));
        await().atMost(Duration.ofSeconds(20)).until(() -> admin.get("/api/assignments/" + id).getStatusCode().is2xxSuccessful());
    }

    @Test
    void twentyParallelAssignmentsForOneUserWithALimitOfTwoLetExactlyTwoThrough() throws Exception {
        List<String> devices = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            devices.add(admin.createDevice("pc-" + i));
        }
        ExecutorService pool = Executors.newFixedThreadPool(20);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<ResponseEntity<Map>>> answers = new ArrayList<>();
        for (String device : devices) {
            Callable<ResponseEntity<Map>> assign = () -> {
                start.await();
                return admin.post("/api/assignments/u-1/devices/" + device, Map.of());
            };
            answers.add(pool.submit(assign));
        }
        start.countDown();
        List<ResponseEntity<Map>> results = new ArrayList<>();
        for (Future<ResponseEntity<Map>> answer : answers) {
            results.add(answer.get());
        }
        pool.shutdown();

        assertThat(results.stream().filter(r -> r.getStatusCode() == HttpStatus.OK)).hasSize(2);
        assertThat(results.stream().filter(r -> r.getStatusCode() != HttpStatus.OK))
                .hasSize(18)
                .allSatisfy(r -> assertThat(r.getBody()).containsEntry("type", "urn:sra:problem:assignment-limit-reached")
                        .containsEntry("detail", "ユーザ【suzuki】に割り当てられるデバイスは 2 台までです。"));
        assertThat((List<?>) admin.get("/api/assignments/u-1").getBody().get("devices")).hasSize(2);
        assertThat(admin.get("/api/devices?assigned=true").getBody()).containsEntry("totalElements", 2);
    }

    @Test
    void aDeviceHasAtMostOneUserAndOnlyFreeDevicesAreOffered() {
        String laptop = admin.createDevice("laptop");
        String phone = admin.createDevice("phone");
        admin.post("/api/assignments/u-1/devices/" + laptop, Map.of());

        ResponseEntity<Map> taken = admin.post("/api/assignments/u-2/devices/" + laptop, Map.of());
        assertThat(taken.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(taken.getBody()).containsEntry("type", "urn:sra:problem:device-taken");

        ResponseEntity<List> offered = admin.getList("/api/assignments/available-devices");
        assertThat(offered.getBody()).extracting(d -> ((Map<?, ?>) d).get("id")).containsExactly(phone);
    }

    @Test
    void twoAdminsAssigningOneDeviceToTwoUsersAtOnceGiveItToOnlyOne() throws Exception {
        for (int round = 0; round < 5; round++) {
            String device = admin.createDevice("contested-" + round);
            ExecutorService pool = Executors.newFixedThreadPool(2);
            CountDownLatch start = new CountDownLatch(1);
            Future<ResponseEntity<Map>> first = pool.submit(() -> {
                start.await();
                return admin.post("/api/assignments/u-1/devices/" + device, Map.of());
            });
            Future<ResponseEntity<Map>> second = pool.submit(() -> {
                start.await();
                return admin.post("/api/assignments/u-2/devices/" + device, Map.of());
            });
            start.countDown();
            List<HttpStatus> statuses = List.of((HttpStatus) first.get().getStatusCode(),
                    (HttpStatus) second.get().getStatusCode());
            pool.shutdown();
            assertThat(statuses).containsExactlyInAnyOrder(HttpStatus.OK, HttpStatus.CONFLICT);
            admin.delete("/api/assignments/u-1/devices/" + device);
            admin.delete("/api/assignments/u-2/devices/" + device);
        }
    }

    @Test
    void theSuccessMessageIsTheGuidesInJapaneseAndItsCounterpartInEnglish() {
        String laptop = admin.createDevice("laptop");
        ResponseEntity<Map> ja = admin.post("/api/assignments/u-1/devices/" + laptop, Map.of());
        assertThat(ja.getBody()).containsEntry("message", "ユーザ【suzuki】へのデバイス割当を変更しました。");
        ResponseEntity<Map> en = admin.inEnglish().put("/api/assignments/u-1", Map.of("deviceIds", List.of()));
        assertThat(en.getBody()).containsEntry("message", "The device assignment of user [suzuki] was changed.");
    }

    @Test
    void assignmentsAndUnassignmentsAreAnnouncedForProfileAndAuthService() {
        String laptop = admin.createDevice("laptop");
        admin.post("/api/assignments/u-1/devices/" + laptop, Map.of());
        assertThat(TestEvents.awaitPublished(broker, tenant, DeviceAssigned.class, e -> e.deviceId().equals(laptop)))
                .isEqualTo(new DeviceAssigned(tenant, laptop, "u-1", "suzuki"));
        admin.delete("/api/assignments/u-1/devices/" + laptop);
        assertThat(TestEvents.awaitPublished(broker, tenant, DeviceUnassigned.class, e -> e.deviceId().equals(laptop)))
                .isEqualTo(new DeviceUnassigned(tenant, laptop, "u-1"));
    }

    @Test
    void replacingAUsersDevicesChecksEverythingFirstAndChangesNothingOnAMistake() {
        String a = admin.createDevice("a");
        String b = admin.createDevice("b");
        String c = admin.createDevice("c");
        String others = admin.createDevice("others");
        admin.post("/api/assignments/u-2/devices/" + others, Map.of());
        admin.put("/api/assignments/u-1", Map.of("deviceIds", List.of(a, b)));

        ResponseEntity<Map> tooMany = admin.put("/api/assignments/u-1", Map.of("deviceIds", List.of(a, b, c)));
        assertThat(tooMany.getBody()).containsEntry("type", "urn:sra:problem:assignment-limit-reached");
        ResponseEntity<Map> taken = admin.put("/api/assignments/u-1", Map.of("deviceIds", List.of(c, others)));
        assertThat(taken.getBody()).containsEntry("type", "urn:sra:problem:device-taken");
        assertThat(deviceNames("u-1")).containsExactly("a", "b");

        ResponseEntity<Map> swapped = admin.put("/api/assignments/u-1", Map.of("deviceIds", List.of(b, c)));
        assertThat(swapped.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(deviceNames("u-1")).containsExactly("b", "c");
    }

    @Test
    void aReplacementWithoutTheDeviceListIsRefusedAndChangesNothing() {
        String a = admin.createDevice("kept-a");
        admin.put("/api/assignments/u-1", Map.of("deviceIds", List.of(a)));

        for (Map<String, Object> body : List.<Map<String, Object>>of(Map.of(),
                Collections.singletonMap("deviceIds", null))) {
            ResponseEntity<Map> refused = admin.inEnglish().put("/api/assignments/u-1", body);

            assertThat(refused.getStatusCode()).as("%s", body).isEqualTo(HttpStatus.BAD_REQUEST);
            assertThat(refused.getBody()).containsEntry("type", "urn:sra:problem:assignment-devices-missing");
            assertThat((String) refused.getBody().get("detail")).contains("devices").doesNotContain("deviceIds");
        }
        // a misspelt list is refused as a field that does not exist (the kit's strict JSON reading)
        ResponseEntity<Map> misspelt = admin.inEnglish().put("/api/assignments/u-1", Map.of("deviceId", List.of()));
        assertThat(misspelt.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(misspelt.getBody()).containsEntry("type", "urn:sra:problem:unknown-field")
                .containsEntry("field", "deviceId");
        assertThat(deviceNames("u-1")).containsExactly("kept-a");
        // an empty list is a choice: the user keeps no device
        assertThat(admin.put("/api/assignments/u-1", Map.of("deviceIds", List.of())).getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(deviceNames("u-1")).isEmpty();
    }

    @Test
    void theLimitFollowsTheTenantsContract() {
        TestEvents.publish(broker, new TenantContractChanged(tenant, 3));
        await().atMost(Duration.ofSeconds(20)).until(() -> Integer.valueOf(3).equals(admin.get("/api/assignments/u-1").getBody().get("limit")));
        List<String> ids = List.of(admin.createDevice("x"), admin.createDevice("y"), admin.createDevice("z"));
        assertThat(admin.put("/api/assignments/u-1", Map.of("deviceIds", ids)).getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(admin.post("/api/assignments/u-1/devices/" + admin.createDevice("w"), Map.of()).getStatusCode())
                .isEqualTo(HttpStatus.CONFLICT);
    }

    @Test
    void aRemovedUsersDevicesAreUnassigned() {
        String laptop = admin.createDevice("laptop");
        String phone = admin.createDevice("phone");
        admin.put("/api/assignments/u-1", Map.of("deviceIds", List.of(laptop, phone)));

        TestEvents.publish(broker, new VpnUserRemoved(tenant, "u-1", "suzuki"));
        await().atMost(Duration.ofSeconds(20)).until(() -> admin.get("/api/assignments/u-1").getStatusCode() == HttpStatus.NOT_FOUND);
        assertThat(admin.get("/api/devices?assigned=true").getBody()).containsEntry("totalElements", 0);
        TestEvents.awaitPublished(broker, tenant, DeviceUnassigned.class, e -> e.deviceId().equals(phone));

        // the user comes back: the slots are free again
        user("u-1", "suzuki");
        assertThat(admin.put("/api/assignments/u-1", Map.of("deviceIds", List.of(laptop, phone))).getStatusCode())
                .isEqualTo(HttpStatus.OK);
    }

    @Test
    void handlingTheSameUserRemovalTwiceChangesNothingMore() {
        String laptop = admin.createDevice("laptop");
        admin.post("/api/assignments/u-2/devices/" + laptop, Map.of());
        EventEnvelope removal = EventEnvelope.of(new VpnUserRemoved(tenant, "u-2", "tanaka"));
        assignments.onUserRemoved(removal, removal.payload(VpnUserRemoved.class));
        assignments.onUserRemoved(removal, removal.payload(VpnUserRemoved.class));
        assertThat(admin.get("/api/devices/" + laptop).getBody()).containsEntry("assignedUserId", null);
        assertThat(admin.get("/api/assignments/u-2").getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    }

    @Test
    void unknownUsersAndOtherTenantsDevicesAreNotFound() {
        String laptop = admin.createDevice("laptop");
        assertThat(admin.post("/api/assignments/nobody/devices/" + laptop, Map.of()).getBody())
                .containsEntry("type", "urn:sra:problem:user-not-found");
        String foreign = TestApi.admin(http, UUID.randomUUID().toString()).createDevice("foreign");
        assertThat(admin.post("/api/assignments/u-1/devices/" + foreign, Map.of()).getStatusCode())
                .isEqualTo(HttpStatus.NOT_FOUND);
    }

    List<String> deviceNames(String user) {
        return ((List<Map<String, Object>>) admin.get("/api/assignments/" + user).getBody().get("devices")).stream()
                .map(d -> (String) d.get("name")).toList();
    }
}
