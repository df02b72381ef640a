package org.sra.directory.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.awaitility.Awaitility;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.TestRestTemplate;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.sra.directory.DirectoryIntegrationTest;
import org.sra.directory.Fixtures;
import org.sra.directory.Fixtures.NewTenant;
import org.sra.kit.test.TestTokens;

/** The built-in directory (LOCAL): users with platform-kept passwords, reset by the admin, added as VPN users. */
@DirectoryIntegrationTest
class LocalUsersIntegrationTests {

    static final String PASSWORD = "Sakura-2026-x";

    @Autowired
    TestRestTemplate http;
    @Autowired
    MongoTemplate mongo;
    @Autowired
    LocalDirectory directory;

    @Test
    void aLocalUserIsCreatedWithAHashedPasswordResetByTheAdminAndAddedAsVpnUser() {
        Fixtures api = new Fixtures(http);
        NewTenant tenant = api.provision();
        String admin = TestTokens.admin(tenant.tenantId());
        api.call(HttpMethod.PUT, "/api/settings/auth-type", admin, Map.of("authType", "LOCAL"));

        ResponseEntity<String> created = api.exchange(HttpMethod.POST, "/api/local-users", admin,
                Map.of("userName", "suzuki", "displayName", "鈴木 一郎", "mail", "suzuki@example.com",
                        "password", PASSWORD), String.class);
        assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat(created.getBody()).doesNotContain(PASSWORD).doesNotContain("assword\":");
        String userId = mongo.getCollection("local_users").find(new Document("tenantId", tenant.tenantId())).first()
                .getString("_id");
        assertThat(api.exchange(HttpMethod.GET, "/api/local-users", admin, null, String.class).getBody())
                .contains("\"userId\":\"" + userId + "\"").doesNotContain("$2");
        Document stored = mongo.getCollection("local_users").find(new Document("_id", userId)).first();
        assertThat(stored.getString("passwordHash")).startsWith("$2").doesNotContain(PASSWORD);
        assertThat(directory.verify(tenant.tenantId(), "SUZUKI", PASSWORD)).isTrue();
        assertThat(directory.verify(tenant.tenantId(), "suzuki", "wrong-2026")).isFalse();
        assertThat(directory.verify("another-tenant", "suzuki", PASSWORD)).isFalse();

        assertThat(api.call(HttpMethod.POST, "/api/local-users", admin, Map.of("userName", "Suzuki",
                "password", PASSWORD)).getBody()).containsEntry("type", "urn:sra:problem:local-user-name-taken");
        assertThat(api.call(HttpMethod.POST, "/api/local-users", admin, Map.of("userName", "weak",
                "password", "password")).getBody()).containsEntry("type", "urn:sra:problem:local-user-password-weak");
        assertThat(api.call(HttpMethod.POST, "/api/local-users", admin, Map.of("userName", "*)(uid=*",
                "password", PASSWORD)).getBody()).containsEntry("type", "urn:sra:problem:local-user-name-invalid");

        String newPassword = "Momiji-2027-y";
        assertThat(api.exchange(HttpMethod.POST, "/api/local-users/" + userId + "/password", admin,
                Map.of("password", newPassword), String.class).getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(directory.verify(tenant.tenantId(), "suzuki", PASSWORD)).isFalse();
        assertThat(directory.verify(tenant.tenantId(), "suzuki", newPassword)).isTrue();
        assertThat(api.call(HttpMethod.POST, "/api/local-users/" + userId + "/password",
                TestTokens.admin(api.provision().tenantId()), Map.of("password", newPassword)).getStatusCode())
                .isEqualTo(HttpStatus.NOT_FOUND);

        Map<String, Object> available = api.call(HttpMethod.GET, "/api/vpn-users/available", admin, null).getBody();
        assertThat(available).containsEntry("total", 1);
        assertThat(api.exchange(HttpMethod.POST, "/api/vpn-users", admin, Map.of("userNames", List.of("suzuki")),
                String.class).getBody()).contains("\"source\":\"LOCAL\"").contains("鈴木 一郎");

        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(api.exchange(HttpMethod.GET,
                "/api/audit?action=LOCAL_USER_PASSWORD_RESET", admin, null, String.class).getBody())
                .contains("\"total\":1").doesNotContain("$2").doesNotContain(newPassword));
    }
}
