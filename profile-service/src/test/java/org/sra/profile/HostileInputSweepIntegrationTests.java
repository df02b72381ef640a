package org.sra.profile;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.sra.events.device.DeviceType;
import org.sra.events.user.UserSource;
import org.sra.events.user.VpnUserAdded;
import org.sra.kit.test.HostileInputSweep;
import org.sra.profile.support.ProfileIntegrationTest;

/**
 * Every operation of profile-service's OpenAPI, sent malformed multipart bodies, junk JSON, out of
 * range paging, an over-long address and a wrong content type: each answer is a 4xx problem and
 * nothing in the store changes ({@link HostileInputSweep}). The profile is real, so a request that
 * slipped through would send, revoke or delete it.
 */
class HostileInputSweepIntegrationTests extends ProfileIntegrationTest {

    @Autowired
    MongoTemplate mongo;
    @LocalServerPort
    int port;

    @Test
    void everyOperationRefusesHostileInputWithAProblemAndChangesNothing() {
        String tenant = newTenant();
        publish(new VpnUserAdded(tenant, "u-sweep", "sweep", "SWEEP", "sweep@example.com", UserSource.LOCAL));
        awaitUserWithMail(tenant, "u-sweep");
        String profileId = assignedDevice(tenant, "u-sweep", "d-sweep", DeviceType.WINDOWS, true, "PF1SWEEP");
        String token = send(tenant, profileId, 3);

        HostileInputSweep.against(port, mongo).tenantAdmin(tenant)
                .pathValue("profileId", profileId).pathValue("token", token)
                .run()
                .assertClean();
    }
}
