package org.sra.directory;

import org.sra.kit.test.SraIntegrationTest;
import org.sra.kit.test.StandardEndpointsContract;

@SraIntegrationTest
class DirectoryStandardEndpointsIntegrationTests extends StandardEndpointsContract {

    @Override
    protected String apiPath() {
        return "/api/operator/tenants";
    }
}
