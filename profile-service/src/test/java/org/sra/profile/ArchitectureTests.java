package org.sra.profile;

import org.sra.kit.test.ServiceArchitectureContract;

/** The package boundaries every service keeps (see {@link ServiceArchitectureContract}), on profile-service. */
class ArchitectureTests extends ServiceArchitectureContract {

    ArchitectureTests() {
        super(ProfileServiceApplication.class);
    }
}
