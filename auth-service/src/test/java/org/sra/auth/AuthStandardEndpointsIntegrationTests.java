package org.sra.auth;

import org.sra.kit.test.SraIntegrationTest;
import org.sra.kit.test.StandardEndpointsContract;

@SraIntegrationTest
class AuthStandardEndpointsIntegrationTests extends StandardEndpointsContract {

    @Override
    protected String apiPath() {
        return "/api/auth/sessions";
    }
}
