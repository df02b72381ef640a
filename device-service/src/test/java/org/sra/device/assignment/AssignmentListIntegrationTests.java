package org.sra.device.assignment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.TestRestTemplate;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureTestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.sra.device.TestApi;
import org.sra.device.TestEvents;
import org.sra.events.tenant.TenantProvisioned;
import org.sra.events.user.UserSource;
import org.sra.events.user.VpnUserAdded;
import org.sra.kit.test.SraIntegrationTest;

/**
 * The assignment screen's user list: searched by the server over all the tenant's users (user or
 * display name, any case), a page at a time with the total.
 */
@SraIntegrationTest
@AutoConfigureTestRestTemplate
class AssignmentListIntegrationTests {

    @Autowired
    TestRestTemplate http;
    @Autowired
    EmbeddedKafkaBroker broker;

    @Test
    void theUserListIsSearchedOverEveryUserAndPagedWithItsTotal() {
        String tenant = UUID.randomUUID().toString();
        TestApi admin = TestApi.admin(http, tenant);
        TestEvents.publish(broker, new TenantProvisioned(tenant, "Acme", 2, "10.0.0.0/24"));
        for (int n = 0; n < 60; n++) {
            String name = String.format("user%02d", n);
            TestEvents.publish(broker, new VpnUserAdded(tenant, "u-" + n, name, n == 57 ? "山田 太郎" : "User " + n,
                    name + "@example.com", UserSource.LOCAL));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> ((Number) admin.get("/api/assignments?size=1")
                .getBody().get("total")).intValue() == 60);

        Map<String, Object> second = page(admin, "/api/assignments?page=1&size=50");
        assertThat(second).containsEntry("total", 60).containsEntry("page", 1).containsEntry("size", 50);
        assertThat(names(second)).hasSize(10).first().isEqualTo("user50");

        Map<String, Object> searched = page(admin, "/api/assignments?name=USER5&size=50");
        assertThat(searched).containsEntry("total", 10);
        assertThat(names(searched)).containsExactly("user50", "user51", "user52", "user53", "user54", "user55",
                "user56", "user57", "user58", "user59");
        Map<String, Object> byDisplayName = page(admin, "/api/assignments?name=山田");
        assertThat(names(byDisplayName)).containsExactly("user57");
        assertThat(page(admin, "/api/assignments?name=.*")).containsEntry("total", 0);
        assertThat(page(TestApi.admin(http, UUID.randomUUID().toString()), "/api/assignments?name=user"))
                .containsEntry("total", 0);
        assertThat(admin.get("/api/assignments?size=501").getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    }

    private static Map<String, Object> page(TestApi api, String path) {
        ResponseEntity<Map> answer = api.get(path);
        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.OK);
        return answer.getBody();
    }

    @SuppressWarnings("unchecked")
    private static List<String> names(Map<String, Object> page) {
        return ((List<Map<String, Object>>) page.get("items")).stream().map(u -> (String) u.get("userName")).toList();
    }
}
