package org.sra.device;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.TestRestTemplate;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureTestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.sra.events.tenant.TenantProvisioned;
import org.sra.events.user.UserSource;
import org.sra.events.user.VpnUserAdded;
import org.sra.kit.test.HostileInputSweep;
import org.sra.kit.test.SraIntegrationTest;

/**
 * Every operation of device-service's OpenAPI, sent malformed multipart bodies, junk JSON, out of
 * range paging, an over-long address and a wrong content type: each answer is a 4xx problem and
 * nothing in the store changes ({@link HostileInputSweep}). The ids are real, so a request that
 * slipped through would change a device or an assignment.
 */
@SraIntegrationTest
@AutoConfigureTestRestTemplate
class HostileInputSweepIntegrationTests {

    @Autowired
    TestRestTemplate http;
    @Autowired
    EmbeddedKafkaBroker broker;
    @Autowired
    MongoTemplate mongo;
    @LocalServerPort
    int port;

    @Test
    void everyOperationRefusesHostileInputWithAProblemAndChangesNothing() {
        String tenant = UUID.randomUUID().toString();
        TestApi admin = TestApi.admin(http, tenant);
        TestEvents.publish(broker, new TenantProvisioned(tenant, "Sweep", 2, "10.0.0.0/24"));
        TestEvents.publish(broker, new VpnUserAdded(tenant, "u-sweep", "sweep", "SWEEP", "sweep@example.com",
                UserSource.LOCAL));
        await().atMost(Duration.ofSeconds(20)).until(() -> admin.get("/api/devices/contract").getStatusCode().is2xxSuccessful()
                && admin.get("/api/assignments/u-sweep").getStatusCode().is2xxSuccessful());
        String assigned = admin.createDevice("sweep-assigned");
        admin.post("/api/assignments/u-sweep/devices/" + assigned, Map.of());
        String free = admin.createDevice("sweep-free");

        HostileInputSweep.against(port, mongo).tenantAdmin(tenant)
                // a request that slipped through would change the free device or assign it; the
                // user's assignment would lose its device
                .pathValue("id", free).pathValue("deviceId", free).pathValue("userId", "u-sweep")
                .run()
                .assertClean();
    }
}
