package org.sra.notification;

import org.sra.kit.test.StandardEndpointsContract;

@NotificationIntegrationTest
class NotificationStandardEndpointsIntegrationTests extends StandardEndpointsContract {

    @Override
    protected String apiPath() {
        return "/api/notifications/deliveries";
    }
}
