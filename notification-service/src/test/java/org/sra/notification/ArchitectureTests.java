package org.sra.notification;

import org.sra.kit.test.ServiceArchitectureContract;

/** The package boundaries every service keeps (see {@link ServiceArchitectureContract}), on notification-service. */
class ArchitectureTests extends ServiceArchitectureContract {

    ArchitectureTests() {
        super(NotificationServiceApplication.class);
    }
}
