package org.sra.device;

import org.sra.kit.test.ServiceArchitectureContract;

/** The package boundaries every service keeps (see {@link ServiceArchitectureContract}), on device-service. */
class ArchitectureTests extends ServiceArchitectureContract {

    ArchitectureTests() {
        super(DeviceServiceApplication.class);
    }
}
