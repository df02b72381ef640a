package org.sra.notification;

import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.sra.kit.test.HostileInputSweep;

/**
 * Every operation of notification-service's OpenAPI, sent malformed multipart bodies, out of
 * range paging, an over-long address and a wrong content type: each answer is a 4xx problem and
 * nothing in the store changes ({@link HostileInputSweep}).
 */
@NotificationIntegrationTest
class HostileInputSweepIntegrationTests {

    @Autowired
    MongoTemplate mongo;
    @LocalServerPort
    int port;

    @Test
    void everyOperationRefusesHostileInputWithAProblemAndChangesNothing() {
        HostileInputSweep.against(port, mongo).tenantAdmin(UUID.randomUUID().toString())
                .run()
                .assertClean();
    }
}
