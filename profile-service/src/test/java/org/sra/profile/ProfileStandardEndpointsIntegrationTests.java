package org.sra.profile;

import org.sra.kit.test.SraIntegrationTest;
import org.sra.kit.test.StandardEndpointsContract;

@SraIntegrationTest
class ProfileStandardEndpointsIntegrationTests extends StandardEndpointsContract {

    @Override
    protected String apiPath() {
        return "/api/profiles";
    }
}
