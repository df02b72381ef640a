package org.sra.device;

import org.sra.kit.test.SraIntegrationTest;
import org.sra.kit.test.StandardEndpointsContract;

@SraIntegrationTest
class DeviceStandardEndpointsIntegrationTests extends StandardEndpointsContract {

    @Override
    protected String apiPath() {
        return "/api/devices/contract";
    }
}
