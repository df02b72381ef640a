package org.sra.directory.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.TestRestTemplate;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.sra.directory.DirectoryIntegrationTest;
import org.sra.directory.Fixtures;
import org.sra.directory.Fixtures.NewTenant;
import org.sra.events.EventEnvelope;
import org.sra.events.Topics;
import org.sra.events.account.AdminAccountChanged;

/** R-ACC-4: several admins per tenant, roles admin and auditor; admins manage their own tenant's. */
@DirectoryIntegrationTest
class TenantAdminsIntegrationTests {

    @Autowired
    TestRestTemplate http;
    @Autowired
    EmbeddedKafkaBroker broker;
    Fixtures api;

    @BeforeEach
    void setUp() {
        api = new Fixtures(http);
    }

    @Test
    void anAdminAddsAnAuditorWhoCanReadButEveryWriteAnswers403() {
        NewTenant tenant = api.provision();
        String admin = api.activate(tenant.loginId(), tenant.initialPassword());
        String auditorLogin = Fixtures.unique("auditor");
        ResponseEntity<Map> created = api.call(HttpMethod.POST, "/api/admins", admin,
                Map.of("loginId", auditorLogin, "role", "AUDITOR"));
        assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        String initial = (String) created.getBody().get("initialPassword");
        assertThat((Map<String, Object>) created.getBody().get("account")).containsEntry("role", "AUDITOR")
                .containsEntry("passwordChangeRequired", true);

        String auditorScoped = (String) ((Map<String, Object>) created.getBody().get("account")).get("loginId");
        assertThat(auditorScoped).isEqualTo(auditorLogin + "@" + tenant.tenantId().substring(0, 8));
        String auditor = api.activate(auditorScoped, initial);
        String adminId = accountId(admin, tenant.loginId());
        assertThat(api.status(HttpMethod.GET, "/api/admins", auditor)).isEqualTo(HttpStatus.OK);
        assertThat(api.call(HttpMethod.GET, "/api/audit", auditor, null).getStatusCode()).isEqualTo(HttpStatus.OK);

        assertThat(api.call(HttpMethod.POST, "/api/admins", auditor,
                Map.of("loginId", Fixtures.unique("sneaky"), "role", "ADMIN")).getStatusCode())
                .isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(api.call(HttpMethod.PUT, "/api/admins/" + adminId + "/role", auditor, Map.of("role", "AUDITOR"))
                .getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(api.call(HttpMethod.POST, "/api/admins/" + adminId + "/password-reset", auditor, null)
                .getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(api.call(HttpMethod.DELETE, "/api/admins/" + adminId, auditor, null).getStatusCode())
                .isEqualTo(HttpStatus.FORBIDDEN);
        // an auditor still changes their own password and logs out
        assertThat(api.call(HttpMethod.POST, "/api/account/logout", auditor, null).getStatusCode())
                .isEqualTo(HttpStatus.NO_CONTENT);
    }

    @Test
    void adminsManageEachOtherButTheLastAdminStays() {
        NewTenant tenant = api.provision();
        String first = api.activate(tenant.loginId(), tenant.initialPassword());
        String firstId = accountId(first, tenant.loginId());

        assertThat(api.call(HttpMethod.DELETE, "/api/admins/" + firstId, first, null).getBody())
                .containsEntry("type", "urn:sra:problem:last-admin");
        assertThat(api.call(HttpMethod.PUT, "/api/admins/" + firstId + "/role", first, Map.of("role", "AUDITOR"))
                .getStatusCode()).isEqualTo(HttpStatus.CONFLICT);

        String secondLogin = Fixtures.unique("second");
        ResponseEntity<Map> second = api.call(HttpMethod.POST, "/api/admins", first,
                Map.of("loginId", secondLogin, "role", "ADMIN"));
        String secondId = (String) ((Map<String, Object>) second.getBody().get("account")).get("accountId");
        String secondToken = api.activate((String) ((Map<String, Object>) second.getBody().get("account")).get("loginId"),
                (String) second.getBody().get("initialPassword"));

        ResponseEntity<Map> reset = api.call(HttpMethod.POST, "/api/admins/" + firstId + "/password-reset", secondToken,
                null);
        assertThat(reset.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(api.status(HttpMethod.GET, "/api/admins", first))
                .as("a reset ends the account's sessions").isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(api.login(tenant.loginId(), (String) reset.getBody().get("initialPassword")).getBody())
                .containsEntry("passwordChangeRequired", true);

        assertThat(api.call(HttpMethod.PUT, "/api/admins/" + firstId + "/role", secondToken, Map.of("role", "AUDITOR"))
                .getBody()).containsEntry("role", "AUDITOR");
        assertThat(api.call(HttpMethod.DELETE, "/api/admins/" + firstId, secondToken, null).getStatusCode())
                .isEqualTo(HttpStatus.NO_CONTENT);
        assertThat(api.call(HttpMethod.GET, "/api/admins/" + firstId, secondToken, null).getStatusCode())
                .isEqualTo(HttpStatus.NOT_FOUND);
        assertThat((List<Map<String, Object>>) api.exchange(HttpMethod.GET, "/api/admins", secondToken, null,
                List.class).getBody()).extracting(a -> a.get("accountId")).containsExactly(secondId);
    }

    @Test
    void badInputNamesTheFieldAndWritesNothing() {
        NewTenant tenant = api.provision();
        String admin = api.activate(tenant.loginId(), tenant.initialPassword());

        ResponseEntity<Map> badRole = api.call(HttpMethod.POST, "/api/admins", admin,
                Map.of("loginId", Fixtures.unique("x"), "role", "ROOT"));
        assertThat(badRole.getBody()).containsEntry("type", "urn:sra:problem:role-invalid").containsEntry("field", "role");
        ResponseEntity<Map> badId = api.call(HttpMethod.POST, "/api/admins", admin,
                Map.of("loginId", "山田 太郎", "role", "ADMIN"));
        assertThat(badId.getBody()).containsEntry("type", "urn:sra:problem:login-id-invalid")
                .containsEntry("field", "loginId");
        String scope = tenant.tenantId().substring(0, 8);
        ResponseEntity<Map> tooLong = api.call(HttpMethod.POST, "/api/admins", admin,
                Map.of("loginId", "a".repeat(56), "role", "ADMIN"));
        assertThat(tooLong.getBody()).containsEntry("type", "urn:sra:problem:login-id-too-long")
                .containsEntry("field", "loginId");
        assertThat((String) tooLong.getBody().get("detail")).contains("55").contains("@" + scope);

        String name = Fixtures.unique("twice");
        assertThat(api.call(HttpMethod.POST, "/api/admins", admin, Map.of("loginId", name, "role", "AUDITOR"))
                .getStatusCode()).isEqualTo(HttpStatus.CREATED);
        // the tenant's own accounts are taken, whether typed with the scope or without, in any case
        for (String again : List.of(name.toUpperCase(), name + "@" + scope)) {
            ResponseEntity<Map> taken = api.call(HttpMethod.POST, "/api/admins", admin,
                    Map.of("loginId", again, "role", "ADMIN"));
            assertThat(taken.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
            assertThat(taken.getBody()).containsEntry("type", "urn:sra:problem:login-id-taken")
                    .containsEntry("field", "loginId");
        }

        assertThat(api.exchange(HttpMethod.GET, "/api/admins", admin, null, List.class).getBody()).hasSize(2);
    }

    @Test
    void accountChangesArePublishedAsAdminAccountChangedWithoutAnySecret() {
        NewTenant tenant = api.provision();
        try (Consumer<String, byte[]> consumer = Fixtures.consumer(broker, Topics.ADMIN_ACCOUNTS)) {
            api.activate(tenant.loginId(), tenant.initialPassword());
            // the same topic carries the AdminTokensRevoked of the password change (TokenRevocationIntegrationTests)
            List<EventEnvelope> events = Fixtures.await(consumer,
                    e -> e.tenantId().equals(tenant.tenantId()) && e.payload() instanceof AdminAccountChanged, 2);
            assertThat(events).extracting(EventEnvelope::payload).extracting(p -> ((AdminAccountChanged) p).change())
                    .containsExactly("CREATED", "PASSWORD_CHANGED");
            AdminAccountChanged created = (AdminAccountChanged) events.get(0).payload();
            assertThat(created.loginId()).isEqualTo(tenant.loginId());
            assertThat(created.role()).isEqualTo("ADMIN");
            assertThat(events.toString()).doesNotContain(tenant.initialPassword()).doesNotContain(Fixtures.STRONG)
                    .doesNotContain("$2a$");
        }
    }

    private String accountId(String token, String loginId) {
        return (String) ((Map<String, Object>) api.call(HttpMethod.GET, "/api/account/me", token, null).getBody()
                .get("account")).get("accountId");
    }
}
