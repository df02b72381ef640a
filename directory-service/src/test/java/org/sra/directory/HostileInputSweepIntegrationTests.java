package org.sra.directory;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.sra.kit.test.HostileInputSweep;
import org.sra.kit.test.TestTokens;

/**
 * Every operation of directory-service's OpenAPI, sent malformed multipart bodies, junk JSON, out
 * of range paging, an over-long address and a wrong content type: each answer is a 4xx problem
 * and nothing in the store changes ({@link HostileInputSweep}). The tenant, its first admin and
 * a LOCAL user and a NAS client are real, so a request that slipped through would change the tenant's contract,
 * settings, admins or users.
 */
@DirectoryIntegrationTest
class HostileInputSweepIntegrationTests {

    @Autowired
    TestRestTemplate http;
    @Autowired
    MongoTemplate mongo;
    @LocalServerPort
    int port;

    @Test
    void everyOperationRefusesHostileInputWithAProblemAndChangesNothing() {
        Fixtures api = new Fixtures(http);
        Fixtures.NewTenant tenant = api.provision();
        String admin = TestTokens.admin(tenant.tenantId());
        assertThat(api.call(HttpMethod.PUT, "/api/settings/auth-type", admin, Map.of("authType", "LOCAL"))
                .getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(api.call(HttpMethod.POST, "/api/local-users", admin, Map.of("userName", "hostile",
                "password", "Sakura-2026-x")).getStatusCode()).isEqualTo(HttpStatus.CREATED);
        String userId = mongo.getCollection("local_users").find(new Document("tenantId", tenant.tenantId())).first()
                .getString("_id");
        List<Map<String, Object>> admins = api.exchange(HttpMethod.GET, "/api/admins", admin, null, List.class).getBody();
        String accountId = (String) admins.getFirst().get("accountId");

        Map<String, Object> nas = api.call(HttpMethod.POST, "/api/operator/tenants/" + tenant.tenantId() + "/nas-clients",
                TestTokens.operator(), Map.of("name", "sweep-asa", "address", "192.0.2.77",
                        "sharedSecret", "Sweep-Shared-Secret-2026")).getBody();
        String nasClientId = (String) nas.get("nasClientId");
        assertThat(nasClientId).isNotBlank();

        HostileInputSweep.against(port, mongo).tenantAdmin(tenant.tenantId())
                .pathValue("id", tenant.tenantId()).pathValue("tenantId", tenant.tenantId())
                .pathValue("userId", userId).pathValue("accountId", accountId).pathValue("nasClientId", nasClientId)
                .bookkeeping("ad_check_attempts", "the per-tenant limit of AD checks counts refused attempts too")
                .bookkeeping("audit_trail", "refused AD settings are audited on purpose (SETTINGS_ACTIVE_DIRECTORY_REFUSED);"
                        + " every accepted change also changes the tenant, settings, account or user documents compared")
                .accepts("POST /api/operator/tenants/{id}/admins", "json-empty",
                        "the login id is optional: {} adds an admin with a generated login id")
                .run()
                .assertClean();
    }
}
