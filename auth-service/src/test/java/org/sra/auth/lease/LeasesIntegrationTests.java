package org.sra.auth.lease;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureTestRestTemplate;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.sra.kit.test.SraIntegrationTest;

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

    @Test
    void twoReplicasRacingForAFullPoolNeverHandOutOneAddressTwice() throws Exception {
        Leases replicaTwo = new Leases(mongo, Clock.systemUTC(), new SimpleMeterRegistry());
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
}
