package org.sra.directory;

import org.sra.kit.test.StandardEndpointsContract;

@DirectoryIntegrationTest
class DirectoryStandardEndpointsIntegrationTests extends StandardEndpointsContract {

    @Override
    protected String apiPath() {
        return "/api/operator/tenants";
    }
}
