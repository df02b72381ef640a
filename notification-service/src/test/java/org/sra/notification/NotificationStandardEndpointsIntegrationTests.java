package org.sra.notification;

import org.sra.kit.test.SraIntegrationTest;
import org.sra.kit.test.StandardEndpointsContract;

@SraIntegrationTest
class NotificationStandardEndpointsIntegrationTests extends StandardEndpointsContract {

    @Override
    protected String apiPath() {
        return "/api/notifications/deliveries";
    }
}
