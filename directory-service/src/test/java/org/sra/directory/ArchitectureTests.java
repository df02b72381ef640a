package org.sra.directory;

import org.sra.kit.test.ServiceArchitectureContract;

/** The package boundaries every service keeps (see {@link ServiceArchitectureContract}), on directory-service. */
class ArchitectureTests extends ServiceArchitectureContract {

    ArchitectureTests() {
        super(DirectoryServiceApplication.class);
    }
}
