package org.sra.auth.readmodel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureTestRestTemplate;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.sra.events.EventEnvelope;
import org.sra.events.device.DeviceAssigned;
import org.sra.events.device.DeviceAuthMethod;
import org.sra.events.device.DeviceChanged;
import org.sra.events.device.DeviceType;
import org.sra.events.profile.ProfileSettingsChanged;
import org.sra.events.user.UserSource;
import org.sra.events.user.VpnUserAdded;
import org.sra.fixtures.time.MovableClock;
import org.sra.kit.secrets.SecretSealer;
import org.sra.kit.test.SraIntegrationTest;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * Each replica consumes only some partitions, so what another replica wrote must reach this
 * replica's read model: through the change feed within a couple of seconds, and — should a change
 * record be missing (the writer died between its two writes) — through the full reload. The other
 * replica here is a second {@link ReadModelUpdates} with its own memory on the same store, as a
 * second process would be.
 */
@SraIntegrationTest
@AutoConfigureTestRestTemplate
class ReadModelRefreshIntegrationTests {

    @Autowired
    ReadModel model;
    @Autowired
    MeterRegistry meters;
    @Autowired
    MongoTemplate mongo;
    @Autowired
    ReadModelChanges changes;
    @Autowired
    ReadModelSettings settings;
    @Autowired
    SecretSealer sealer;
    @Autowired
    ObjectProvider<AccessRevocations> revocations;

    ReadModelUpdates anotherReplica() {
        ReadModel itsMemory = new ReadModel(mongo, sealer, changes, settings, Clock.systemUTC(), new SimpleMeterRegistry());
        return new ReadModelUpdates(mongo, itsMemory, changes, revocations);
    }

    @Test
    void aUserDeviceAndProfileAnotherReplicaWroteArePickedUpByThePollWithinACoupleOfSeconds() {
        ReadModelUpdates other = anotherReplica();
        String tenant = "replica-" + UUID.randomUUID().toString().substring(0, 8);
        double polledBefore = meters.get("sra.auth.read-model.documents").tag("kind", "poll").counter().count();

        VpnUserAdded user = new VpnUserAdded(tenant, "u-yamada", "yamada", "yamada", null, UserSource.LOCAL);
        other.onVpnUserAdded(EventEnvelope.of(user), user);
        DeviceChanged device = new DeviceChanged(tenant, "d-1", "pc-1", true, DeviceType.WINDOWS, true,
                DeviceAuthMethod.SERIAL_ID, "SN-1", null);
        other.onDeviceChanged(EventEnvelope.of(device), device);
        DeviceAssigned assigned = new DeviceAssigned(tenant, "d-1", "u-yamada", "yamada");
        other.onDeviceAssigned(EventEnvelope.of(assigned), assigned);
        ProfileSettingsChanged profile = new ProfileSettingsChanged(tenant, "p-1", "u-yamada", "d-1", true, false, true);
        other.onProfileSettingsChanged(EventEnvelope.of(profile), profile);

        await().atMost(Duration.ofSeconds(3)).until(() -> model.user(tenant, "yamada").isPresent()
                && model.devicesOf(tenant, "u-yamada").size() == 1 && model.profile(tenant, "u-yamada", "d-1").isPresent());
        assertThat(meters.get("sra.auth.read-model.documents").tag("kind", "poll").counter().count() - polledBefore)
                .as("documents the polls fetched").isGreaterThanOrEqualTo(3);

        DeviceChanged switchedOff = new DeviceChanged(tenant, "d-1", "pc-1", false, DeviceType.WINDOWS, true,
                DeviceAuthMethod.SERIAL_ID, "SN-1", null);
        other.onDeviceChanged(EventEnvelope.of(switchedOff), switchedOff);
        await().atMost(Duration.ofSeconds(3)).until(() -> !model.devicesOf(tenant, "u-yamada").getFirst().connectionAllowed());
    }

    @Test
    void aReplicasPollDoesNotFetchWhatItWroteItselfButFetchesAnotherReplicasWriteOfTheSameDocument() {
        String tenant = "own-" + UUID.randomUUID().toString().substring(0, 8);
        MovableClock clock = new MovableClock(Instant.now());
        SimpleMeterRegistry replicaMeters = new SimpleMeterRegistry();
        ReadModel replica = new ReadModel(mongo, sealer, changes, settings, clock, replicaMeters);
        replica.load();
        clock.advance(Duration.ofSeconds(1));
        replica.refresh(); // what earlier writers left in the feed is fetched now, not below
        double polledBefore = replicaMeters.get("sra.auth.read-model.documents").tag("kind", "poll").counter().count();

        ReadModelUpdates itself = new ReadModelUpdates(mongo, replica, changes, revocations);
        for (int i = 0; i < 20; i++) {
            DeviceChanged device = new DeviceChanged(tenant, "d-" + i, "pc-" + i, true, DeviceType.WINDOWS, false,
                    null, null, null);
            itself.onDeviceChanged(EventEnvelope.of(device), device);
        }
        clock.advance(Duration.ofSeconds(1));
        replica.refresh();
        assertThat(replicaMeters.get("sra.auth.read-model.documents").tag("kind", "poll").counter().count() - polledBefore)
                .as("documents the poll fetched after this replica's own 20 writes").isZero();

        DeviceChanged switchedOff = new DeviceChanged(tenant, "d-0", "pc-0", false, DeviceType.WINDOWS, false,
                null, null, null);
        anotherReplica().onDeviceChanged(EventEnvelope.of(switchedOff), switchedOff);
        clock.advance(Duration.ofSeconds(1));
        replica.refresh();
        assertThat(replicaMeters.get("sra.auth.read-model.documents").tag("kind", "poll").counter().count() - polledBefore)
                .as("the other replica's write of d-0").isEqualTo(1);
    }

    @Test
    void aViewDocumentWrittenWithoutAChangeRecordIsPickedUpByTheFullReloadAndThePollReadsOnlyWhatChanged() {
        String tenant = "lost-" + UUID.randomUUID().toString().substring(0, 8);
        MovableClock clock = new MovableClock(Instant.now());
        SimpleMeterRegistry replicaMeters = new SimpleMeterRegistry();
        ReadModel replica = new ReadModel(mongo, sealer, changes, settings, clock, replicaMeters);
        replica.load();
        clock.advance(Duration.ofSeconds(1));
        replica.refresh(); // what earlier tests' writers left in the feed is fetched now, not below
        double polledBefore = replicaMeters.get("sra.auth.read-model.documents").tag("kind", "poll").counter().count();

        // as if their writers died between the document and its change record
        for (int i = 0; i < 50; i++) {
            mongo.save(new UserView(tenant + ":u-lost-" + i, tenant, "u-lost-" + i, "lost-" + i, UserSource.LOCAL,
                    false, Instant.now(), null));
        }
        VpnUserAdded noted = new VpnUserAdded(tenant, "u-noted", "noted", "noted", null, UserSource.LOCAL);
        anotherReplica().onVpnUserAdded(EventEnvelope.of(noted), noted);

        clock.advance(Duration.ofSeconds(1));
        replica.refresh();
        assertThat(replica.user(tenant, "noted")).as("found through its change record").isPresent();
        assertThat(replica.user(tenant, "lost-0")).as("no change record: the poll does not see it").isEmpty();
        assertThat(replicaMeters.get("sra.auth.read-model.documents").tag("kind", "poll").counter().count()
                - polledBefore).as("documents the poll read").isLessThan(50);

        // the regular polls go on (a minute apart here); the one due after full-reload starts the repair
        Instant repairDue = clock.instant().plus(settings.fullReload());
        while (clock.instant().isBefore(repairDue)) {
            clock.advance(Duration.ofMinutes(1));
            replica.refresh();
            if (replica.repairing()) {
                break;
            }
        }
        assertThat(replica.repairing()).as("a repair under way after " + settings.fullReload()).isTrue();
        // the repair reads one view collection per round, never all of them in one round
        long largestCollection = Stream.of(TenantView.class, NasClientView.class, UserView.class, DeviceView.class,
                ProfileView.class, LocalPasswordView.class).mapToLong(type -> mongo.count(new Query(), type)).max()
                .orElseThrow();
        int rounds = 1;
        while (replica.repairing() && rounds < 20) {
            double before = replicaMeters.get("sra.auth.read-model.documents").tag("kind", "full").counter().count();
            clock.advance(Duration.ofSeconds(1));
            replica.refresh();
            rounds++;
            assertThat(replicaMeters.get("sra.auth.read-model.documents").tag("kind", "full").counter().count() - before)
                    .as("documents read by repair round %d", rounds).isLessThanOrEqualTo(largestCollection);
        }
        assertThat(rounds).as("rounds of the repair: one per view collection").isEqualTo(6);
        assertThat(replica.user(tenant, "lost-0")).isPresent();
        assertThat(replica.user(tenant, "lost-49")).isPresent();
        assertThat(replicaMeters.get("sra.auth.read-model.refresh").tag("kind", "full").timer().count())
                .as("the start and the repair due after " + settings.fullReload()).isEqualTo(2);
    }

    @Test
    void aValidityPeriodEndsOnceAtItsLatestEndAndAForgottenOneIsNotAskedAgain() {
        ReadModel replica = new ReadModel(mongo, sealer, changes, settings, Clock.systemUTC(), new SimpleMeterRegistry());
        Instant t0 = Instant.parse("2031-01-01T00:00:00Z");
        replica.apply(new UserView("t-v:u-1", "t-v", "u-1", "sato", UserSource.LOCAL, false, t0, null, true, null,
                t0.plusSeconds(10)));
        replica.apply(new UserView("t-v:u-2", "t-v", "u-2", "kato", UserSource.LOCAL, false, t0, null, true, null,
                t0.plusSeconds(20)));
        // the first user's period moved later, the second user removed
        replica.apply(new UserView("t-v:u-1", "t-v", "u-1", "sato", UserSource.LOCAL, false, t0, null, true, null,
                t0.plusSeconds(100)));
        replica.apply(new UserView("t-v:u-2", "t-v", "u-2", "kato", UserSource.LOCAL, true, t0, null, true, null,
                t0.plusSeconds(20)));

        assertThat(replica.validityEnded(t0, t0.plusSeconds(60))).as("nothing ends where the periods used to").isEmpty();
        assertThat(replica.validityEnded(t0.plusSeconds(60), t0.plusSeconds(100)))
                .containsExactly(new ReadModel.ValidityEnded("t-v", "u-1", null));
        assertThat(replica.validityEnded(t0.plusSeconds(100), t0.plusSeconds(200))).as("the end is exclusive of after")
                .isEmpty();
        replica.forgetValidityEndedBy(t0.plusSeconds(100));
        assertThat(replica.validityEnded(t0, t0.plusSeconds(200))).isEmpty();
    }

    @Test
    void aReplicaWhosePollStoodStillLongerThanTheFeedIsKeptReloadsEverything() {
        String tenant = "stalled-" + UUID.randomUUID().toString().substring(0, 8);
        MovableClock clock = new MovableClock(Instant.now());
        SimpleMeterRegistry replicaMeters = new SimpleMeterRegistry();
        ReadModel replica = new ReadModel(mongo, sealer, changes,
                new ReadModelSettings(Duration.ofHours(1), Duration.ofMinutes(4)), clock, replicaMeters);
        replica.load();
        mongo.save(new UserView(tenant + ":u-1", tenant, "u-1", "sato", UserSource.LOCAL, false, Instant.now(), null));

        clock.advance(Duration.ofMinutes(2)); // half the retention: its change records may be gone by now
        replica.refresh();
        assertThat(replica.user(tenant, "sato")).isPresent();
        assertThat(replicaMeters.get("sra.auth.read-model.refresh").tag("kind", "full").timer().count()).isEqualTo(2);
    }

}
