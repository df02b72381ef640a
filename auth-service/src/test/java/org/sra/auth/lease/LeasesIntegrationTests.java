package org.sra.auth.lease;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import java.util.stream.IntStream;

import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureTestRestTemplate;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.sra.fixtures.time.MovableClock;
import org.sra.kit.test.SraIntegrationTest;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * R-AUT-5: no address is ever given to two live sessions, also when two auth-service replicas
 * (two {@link Leases} on the same database) hand out addresses at the same moment.
 */
@SraIntegrationTest
@AutoConfigureTestRestTemplate
class LeasesIntegrationTests {

    @Autowired
    Leases replicaOne;
    @Autowired
    MongoTemplate mongo;
    @Autowired
    MeterRegistry meters;

    /** A second replica's leases on the same store; its lookup batcher is not started, so each lookup is a query of its own. */
    Leases otherReplica() {
        return new Leases(mongo, Clock.systemUTC(), new LeaseLookups(mongo, new SimpleMeterRegistry()),
                new SimpleMeterRegistry());
    }

    @Test
    void twoReplicasRacingForAFullPoolNeverHandOutOneAddressTwice() throws Exception {
        Leases replicaTwo = otherReplica();
        String tenant = "race-" + UUID.randomUUID();
        AddressPool pool = AddressPool.parse("10.90.0.0/27"); // 29 addresses
        List<Callable<Optional<Lease>>> requests = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            Leases replica = i % 2 == 0 ? replicaOne : replicaTwo;
            String holder = "device:d-" + i;
            requests.add(() -> replica.acquire(tenant, pool, holder, Duration.ofMinutes(5)));
        }
        List<String> granted = new ArrayList<>();
        try (ExecutorService threads = Executors.newFixedThreadPool(8)) {
            for (Future<Optional<Lease>> result : threads.invokeAll(requests)) {
                result.get().ifPresent(lease -> granted.add(lease.address()));
            }
        }
        assertThat(granted).hasSize(pool.size()).doesNotHaveDuplicates().allMatch(pool::contains);
    }

    @Test
    void theRenewalsOfLeasesTakenAtOnceSpreadOverAQuarterOfTheirTime() {
        String tenant = "renew-" + UUID.randomUUID();
        AddressPool pool = AddressPool.parse("10.97.0.0/24");
        Duration ttl = Duration.ofSeconds(100);
        Instant t0 = Instant.parse("2031-01-01T00:00:00Z");
        MovableClock clock = new MovableClock(t0);
        Leases replica = new Leases(mongo, clock, new LeaseLookups(mongo, new SimpleMeterRegistry()),
                new SimpleMeterRegistry());
        List<String> holders = IntStream.range(0, 200).mapToObj(i -> "device:r-" + i).toList();
        holders.forEach(holder -> replica.acquire(tenant, pool, holder, ttl).orElseThrow());

        IntFunction<Long> renewedAt = seconds -> {
            clock.set(t0.plusSeconds(seconds));
            return holders.stream().map(holder -> replica.acquire(tenant, pool, holder, ttl).orElseThrow())
                    .filter(lease -> lease.expiresAt().equals(t0.plusSeconds(seconds).plus(ttl))).count();
        };
        assertThat(renewedAt.apply(49)).as("renewed with more than half their time left").isZero();
        long early = renewedAt.apply(60);
        assertThat(early).as("renewed with 40 s of 100 left: some, not all (about 40 %%)").isBetween(30L, 130L);
        assertThat(renewedAt.apply(76)).as("renewed with 24 s of 100 left: all those not renewed at 60 s")
                .isEqualTo(200 - early);
    }

    @Test
    void theSameDeviceGetsItsAddressBackAndAnExpiredLeaseIsReused() throws Exception {
        String tenant = "reuse-" + UUID.randomUUID();
        AddressPool pool = AddressPool.parse("10.91.0.0/30"); // 1 address
        String first = replicaOne.acquire(tenant, pool, "device:a", Duration.ofMinutes(5)).orElseThrow().address();
        assertThat(replicaOne.acquire(tenant, pool, "device:a", Duration.ofMinutes(5)).orElseThrow().address())
                .isEqualTo(first);
        assertThat(replicaOne.acquire(tenant, pool, "device:b", Duration.ofMinutes(5))).isEmpty();

        String other = "expiry-" + UUID.randomUUID();
        replicaOne.acquire(other, pool, "device:a", Duration.ofMillis(1));
        Thread.sleep(20);
        assertThat(replicaOne.acquire(other, pool, "device:b", Duration.ofMinutes(5)).orElseThrow().holder())
                .isEqualTo("device:b");
    }

    @Test
    void concurrentReconnectsShareBatchedLookupsAndEachGetsItsOwnAddressBack() throws Exception {
        String tenant = "batch-" + UUID.randomUUID();
        AddressPool pool = AddressPool.parse("10.92.0.0/24");
        Map<String, String> first = new HashMap<>();
        for (int i = 0; i < 60; i++) {
            first.put("device:b-" + i, replicaOne.acquire(tenant, pool, "device:b-" + i, Duration.ofMinutes(5))
                    .orElseThrow().address());
        }
        List<Callable<String[]>> reconnects = new ArrayList<>();
        for (String holder : first.keySet()) {
            reconnects.add(() -> new String[] {holder,
                    replicaOne.acquire(tenant, pool, holder, Duration.ofMinutes(5)).orElseThrow().address()});
        }
        DistributionSummary lookupsPerQuery = meters.get("sra.auth.lease.lookups").summary();
        long queriesBefore = lookupsPerQuery.count();
        double lookupsBefore = lookupsPerQuery.totalAmount();
        long start = System.nanoTime();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (Future<String[]> result : threads.invokeAll(reconnects)) {
                assertThat(result.get()[1]).as(result.get()[0]).isEqualTo(first.get(result.get()[0]));
            }
        }
        // answered by the batched lookups, not by 60 lookups timing out into queries of their own
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
        assertThat(lookupsPerQuery.totalAmount() - lookupsBefore).as("every lookup went through the dispatcher")
                .isEqualTo(60);
        assertThat(lookupsPerQuery.count() - queriesBefore).as("queries shared by the 60 concurrent lookups")
                .isLessThan(60);
    }

    @Test
    void anAddressAnotherReplicaReleasedIsNeverHandedOutFromMemory() {
        Leases replicaTwo = otherReplica();
        String tenant = "released-" + UUID.randomUUID();
        AddressPool pool = AddressPool.parse("10.93.0.0/30"); // 1 address
        String address = replicaOne.acquire(tenant, pool, "device:a", Duration.ofMinutes(5)).orElseThrow().address();
        replicaTwo.release(tenant, address, null); // the session's Stop reached the other replica
        assertThat(replicaTwo.acquire(tenant, pool, "device:b", Duration.ofMinutes(5)).orElseThrow().address())
                .isEqualTo(address);
        assertThat(replicaOne.acquire(tenant, pool, "device:a", Duration.ofMinutes(5))).isEmpty();
    }

    @Test
    void theSameDeviceAnsweredByTwoReplicasAtOnceHoldsOneAddress() throws Exception {
        Leases replicaTwo = otherReplica();
        String tenant = "twice-" + UUID.randomUUID();
        AddressPool pool = AddressPool.parse("10.94.0.0/24");
        List<Callable<String>> requests = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            Leases replica = i % 2 == 0 ? replicaOne : replicaTwo;
            requests.add(() -> replica.acquire(tenant, pool, "device:same", Duration.ofMinutes(5)).orElseThrow().address());
        }
        List<String> answered = new ArrayList<>();
        try (ExecutorService threads = Executors.newFixedThreadPool(8)) {
            for (Future<String> result : threads.invokeAll(requests)) {
                answered.add(result.get());
            }
        }
        assertThat(answered).hasSize(16).containsOnly(answered.getFirst());
        assertThat(mongo.count(Query.query(Criteria.where("tenantId").is(tenant)), Lease.class)).isEqualTo(1);
    }

    @Test
    void aDeviceWhoseLeaseRanOutGetsItsAddressBackUnlessItWasTakenAndAnAddressOutsideThePoolIsGivenUp()
            throws Exception {
        String tenant = "back-" + UUID.randomUUID();
        AddressPool pool = AddressPool.parse("10.95.0.0/28");
        String first = replicaOne.acquire(tenant, pool, "device:a", Duration.ofMillis(1)).orElseThrow().address();
        Thread.sleep(20);
        Lease again = replicaOne.acquire(tenant, pool, "device:a", Duration.ofMinutes(5)).orElseThrow();
        assertThat(again.address()).isEqualTo(first);
        assertThat(again.expiresAt()).isAfter(Instant.now().plusSeconds(60));

        AddressPool moved = AddressPool.parse("10.96.0.0/28"); // the tenant's pool was changed
        Lease inNewPool = replicaOne.acquire(tenant, moved, "device:a", Duration.ofMinutes(5)).orElseThrow();
        assertThat(moved.contains(inNewPool.address())).isTrue();
        assertThat(mongo.find(Query.query(Criteria.where("tenantId").is(tenant)), Lease.class))
                .extracting(Lease::address).containsExactly(inNewPool.address());
    }

    @Test
    void leasesWrittenBeforeHolderKeysExistedAreKeyedAtStartAndFoundAgain() {
        String tenant = "older-" + UUID.randomUUID();
        AddressPool pool = AddressPool.parse("10.97.0.0/24");
        String address = pool.address(7);
        mongo.getCollection("leases").insertOne(new Document("_id", UUID.randomUUID().toString())
                .append("tenantId", tenant).append("address", address).append("holder", "device:old")
                .append("expiresAt", Date.from(Instant.now().plusSeconds(600))));
        replicaOne.indexes(); // what a start after the upgrade does
        assertThat(replicaOne.acquire(tenant, pool, "device:old", Duration.ofMinutes(5)).orElseThrow().address())
                .isEqualTo(address);
        assertThat(mongo.count(Query.query(Criteria.where("tenantId").is(tenant)), Lease.class)).isEqualTo(1);
    }

    @Test
    void aLeaseStoredWithARandomIdKeepsItsAddressUntilItExpiresAndIsThenTakenOver() {
        String tenant = "random-id-" + UUID.randomUUID();
        AddressPool pool = AddressPool.parse("10.98.0.0/30"); // 1 address
        String id = UUID.randomUUID().toString();
        mongo.getCollection("leases").insertOne(new Document("_id", id).append("tenantId", tenant)
                .append("address", pool.address(0)).append("holder", "device:old")
                .append("holderKey", Lease.holderKey(tenant, "device:old"))
                .append("expiresAt", Date.from(Instant.now().plusSeconds(600))));
        assertThat(replicaOne.acquire(tenant, pool, "device:new", Duration.ofMinutes(5))).isEmpty();

        mongo.getCollection("leases").updateOne(new Document("_id", id), new Document("$set",
                new Document("expiresAt", Date.from(Instant.now().minusSeconds(1)))));
        Lease taken = replicaOne.acquire(tenant, pool, "device:new", Duration.ofMinutes(5)).orElseThrow();
        assertThat(taken.address()).isEqualTo(pool.address(0));
        assertThat(taken.holder()).isEqualTo("device:new");
        assertThat(mongo.count(Query.query(Criteria.where("tenantId").is(tenant)), Lease.class)).isEqualTo(1);
    }

    @Test
    void aStopFreesTheAddressOnlyWhenItsSessionStillHoldsIt() {
        String tenant = "release-" + UUID.randomUUID();
        AddressPool pool = AddressPool.parse("10.99.0.0/30");
        String address = replicaOne.acquire(tenant, pool, "device:a", Duration.ofMinutes(5)).orElseThrow().address();
        replicaOne.renew(tenant, address, "s-1", Duration.ofMinutes(5)); // Accounting-Start
        replicaOne.release(tenant, address, "s-other");
        assertThat(mongo.count(Query.query(Criteria.where("tenantId").is(tenant)), Lease.class)).isEqualTo(1);
        replicaOne.release(tenant, address, "s-1");
        assertThat(mongo.count(Query.query(Criteria.where("tenantId").is(tenant)), Lease.class)).isZero();
    }
}
