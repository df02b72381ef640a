package org.sra.auth.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureTestRestTemplate;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.sra.auth.lease.AddressPool;
import org.sra.auth.lease.Leases;
import org.sra.auth.readmodel.ReadModel;
import org.sra.auth.readmodel.TenantView;
import org.sra.auth.support.TestEvents;
import org.sra.events.tenant.TenantProvisioned;
import org.sra.kit.test.SraIntegrationTest;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * Pool use per tenant after real leases: the fullest tenants by name, the rest summed as
 * {@code other}, expired leases not counted.
 */
@SraIntegrationTest
@AutoConfigureTestRestTemplate
class PoolUseIntegrationTests {

    @Autowired
    Leases leases;
    @Autowired
    MongoTemplate mongo;
    @Autowired
    ReadModel model;
    @Autowired
    EmbeddedKafkaBroker broker;
    @Autowired
    PoolUse service;

    @Test
    void theFullestTenantsAreLabelledAndTheRestSummedAsOther() {
        String prefix = "pool-" + UUID.randomUUID() + "-";
        String full = prefix + "full", most = prefix + "most", some = prefix + "some", little = prefix + "little";
        Map<String, AddressPool> pools = Map.of(
                full, AddressPool.parse("10.60.0.0/30"),     // 1 address
                most, AddressPool.parse("10.60.1.0/29"),     // 5 addresses
                some, AddressPool.parse("10.60.2.0/29"),     // 5
                little, AddressPool.parse("10.60.3.0/28"));  // 13
        lease(full, pools.get(full), 1);
        lease(most, pools.get(most), 4);
        lease(some, pools.get(some), 2);
        lease(little, pools.get(little), 1);
        // a lease that ran out holds nothing
        leases.acquire(little, pools.get(little), "device:gone", Duration.ofMillis(-1));

        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        PoolUse use = new PoolUse(mongo, Clock.systemUTC(),
                tenant -> Optional.ofNullable(pools.get(tenant)), meters, 2);
        use.measure();

        assertThat(ratio(meters, full)).isEqualTo(1.0);
        assertThat(ratio(meters, most)).isCloseTo(0.8, within(1e-9));
        assertThat(meters.find(PoolUse.RATIO).tag("tenant", some).gauge()).as("beyond the 2 fullest").isNull();
        assertThat(meters.find(PoolUse.RATIO).tag("tenant", little).gauge()).isNull();
        // some (2 of 5) and little (1 of 13) together: 3 of 18
        assertThat(ratio(meters, PoolUse.OTHER)).isCloseTo(3.0 / 18, within(1e-9));
        assertThat(meters.find(PoolUse.USED).tag("tenant", PoolUse.OTHER).gauge().value()).isEqualTo(3);
        assertThat(meters.find(PoolUse.RATIO).gauges()).hasSize(3);

        // the next measurement follows the leases: little fills up and takes some's place among the named
        lease(little, pools.get(little), 12);
        use.measure();
        assertThat(ratio(meters, little)).isEqualTo(1.0);
        assertThat(meters.find(PoolUse.RATIO).tag("tenant", most).gauge()).as("now third").isNull();
        assertThat(ratio(meters, PoolUse.OTHER)).isCloseTo(6.0 / 10, within(1e-9));
        assertThat(meters.find(PoolUse.RATIO).gauges()).hasSize(3);
    }

    @Test
    void thePoolIsTheOneTheReadModelKnowsForTheTenant() {
        String tenant = "pool-model-" + UUID.randomUUID();
        TestEvents.publish(broker, new TenantProvisioned(tenant, "Tenant " + tenant, 2, "10.61.0.0/29"));
        await().atMost(Duration.ofSeconds(30)).until(() -> model.tenant(tenant).map(TenantView::vpnPool).isPresent());
        lease(tenant, AddressPool.parse("10.61.0.0/29"), 2);

        assertThat(service).as("the service's own measurement").isNotNull();
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        new PoolUse(mongo, Clock.systemUTC(), model, meters, 10_000).measure();

        assertThat(ratio(meters, tenant)).isCloseTo(0.4, within(1e-9)); // 2 of 5
        assertThat(meters.find(PoolUse.USED).tag("tenant", tenant).gauge().value()).isEqualTo(2);
    }

    private void lease(String tenant, AddressPool pool, int devices) {
        for (int i = 0; i < devices; i++) {
            assertThat(leases.acquire(tenant, pool, "device:" + UUID.randomUUID(), Duration.ofMinutes(5)))
                    .as("lease %d of %s", i, tenant).isPresent();
        }
    }

    private static double ratio(SimpleMeterRegistry meters, String tenant) {
        Gauge gauge = meters.find(PoolUse.RATIO).tag("tenant", tenant).gauge();
        assertThat(gauge).as("ratio of %s", tenant).isNotNull();
        return gauge.value();
    }
}
