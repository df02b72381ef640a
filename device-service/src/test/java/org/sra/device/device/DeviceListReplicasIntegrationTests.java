package org.sra.device.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.TestRestTemplate;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureTestRestTemplate;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.sra.device.TestApi;
import org.sra.device.TestEvents;
import org.sra.events.device.DeviceType;
import org.sra.events.user.UserSource;
import org.sra.events.user.VpnUserAdded;
import org.sra.fixtures.time.MovableClock;
import org.sra.kit.test.SraIntegrationTest;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * R-DEV-5 with two replicas of device-service on one store: each replica pages from its own
 * list in memory, and sees on its next list what the other wrote — at once, not after a delay.
 * "The other replica" here is a second {@link DeviceListIndexes} (and journal writer) on the
 * same database, with a clock of its own.
 */
@SraIntegrationTest
@AutoConfigureTestRestTemplate
class DeviceListReplicasIntegrationTests {

    @Autowired
    TestRestTemplate http;
    @Autowired
    MongoTemplate mongo;
    @Autowired
    EmbeddedKafkaBroker broker;

    final String tenant = UUID.randomUUID().toString();
    final MovableClock clock = new MovableClock();
    TestApi admin;
    DeviceListIndexes otherReplica;
    DeviceListChanges otherReplicasJournal;

    @BeforeEach
    void replicas() {
        admin = TestApi.admin(http, tenant);
        otherReplicasJournal = new DeviceListChanges(mongo.getMongoDatabaseFactory(), clock);
        otherReplica = new DeviceListIndexes(mongo, otherReplicasJournal, clock,
                new DeviceListIndexes.Settings(200, Duration.ofMinutes(10)), new SimpleMeterRegistry());
    }

    @Test
    void whatOneReplicaWritesIsOnTheOthersNextList() {
        assertThat(otherReplicaLists(DeviceFilter.none())).isEmpty();

        String laptop = admin.createDevice("laptop");
        String desktop = admin.createDevice("desktop");
        assertThat(otherReplicaLists(DeviceFilter.none())).containsExactly(desktop, laptop);

        admin.put("/api/devices/" + desktop, TestApi.serialDevice("zz-desktop"));
        assertThat(otherReplicaLists(DeviceFilter.none())).containsExactly(laptop, desktop);

        TestEvents.publish(broker, new VpnUserAdded(tenant, "u-1", "sato", "Sato", null, UserSource.LOCAL));
        await().atMost(Duration.ofSeconds(20)).until(() -> admin.get("/api/assignments/u-1").getStatusCode()
                .is2xxSuccessful());
        admin.post("/api/assignments/u-1/devices/" + laptop, Map.of());
        assertThat(otherReplicaLists(new DeviceFilter(null, null, true, null, null, null))).containsExactly(laptop);

        admin.delete("/api/devices/" + desktop);
        assertThat(otherReplicaLists(DeviceFilter.none())).containsExactly(laptop);

        admin.postCsv("/api/devices/csv/import", ("name,connectionAllowed,type,deviceAuth,method,serialId,macAddress\n"
                + "imported-1,true,MAC,false,,,\nimported-2,false,IOS,false,,,\n").getBytes(StandardCharsets.UTF_8));
        assertThat(otherReplica.select(tenant, DeviceFilter.none(), 0, 50).total()).isEqualTo(3);
        assertThat(otherReplicaLists(new DeviceFilter("imported", null, null, null, false, null))).hasSize(1);
    }

    @Test
    void whatTheOtherReplicaWritesIsOnThisReplicasNextList() {
        admin.createDevice("mine");
        assertThat(DeviceIntegrationTests.names(admin.get("/api/devices"))).containsExactly("mine");

        String id = writtenByTheOtherReplica("theirs");
        otherReplicasJournal.announce(tenant, List.of(id));

        assertThat(DeviceIntegrationTests.names(admin.get("/api/devices"))).containsExactly("mine", "theirs");
        assertThat(admin.get("/api/devices?name=their").getBody()).containsEntry("totalElements", 1);
    }

    @Test
    void aChangeWhoseWriterDiedBeforeJournallingItIsPickedUpByARebuild() {
        assertThat(otherReplicaLists(DeviceFilter.none())).isEmpty();
        // the writer took a revision and died before storing what it changed
        String died = writtenByTheOtherReplica("half-announced");
        mongo.getCollection(DeviceListChanges.HEADS).updateOne(Filters.eq("_id", tenant),
                Updates.inc("revision", 1L), new UpdateOptions().upsert(true));
        assertThat(otherReplicaLists(DeviceFilter.none())).as("the change may still be on its way").isEmpty();

        clock.advance(Duration.ofSeconds(DeviceListIndexes.GAP_GRACE_SECONDS + 1));
        assertThat(otherReplicaLists(DeviceFilter.none())).containsExactly(died);
    }

    @Test
    void aChangeNeverAnnouncedAtAllIsPickedUpByThePeriodicRebuild() {
        assertThat(otherReplicaLists(DeviceFilter.none())).isEmpty();
        String silent = writtenByTheOtherReplica("silent");
        assertThat(otherReplicaLists(DeviceFilter.none())).isEmpty();

        clock.advance(Duration.ofMinutes(11));
        otherReplicaLists(DeviceFilter.none()); // starts the rebuild in the background
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(otherReplicaLists(DeviceFilter.none())).containsExactly(silent));
    }

    private List<String> otherReplicaLists(DeviceFilter filter) {
        return otherReplica.select(tenant, filter, 0, 50).ids();
    }

    /** A device saved by the other replica, past this replica's own save callbacks. */
    private String writtenByTheOtherReplica(String name) {
        Device device = Device.create(UUID.randomUUID().toString(), tenant,
                new DeviceSpec(name, true, DeviceType.WINDOWS, false, null, null, null), Instant.now(), null);
        Document document = new Document();
        mongo.getConverter().write(device, document);
        mongo.getCollection(mongo.getCollectionName(Device.class)).insertOne(document);
        return device.id();
    }

}
