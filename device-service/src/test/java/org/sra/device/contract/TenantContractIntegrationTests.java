package org.sra.device.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.TestRestTemplate;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureTestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.sra.device.TestEvents;
import org.sra.events.EventEnvelope;
import org.sra.events.tenant.TenantContractChanged;
import org.sra.events.tenant.TenantProvisioned;
import org.sra.events.tenant.TenantSuspended;
import org.sra.kit.test.SraIntegrationTest;
import org.sra.kit.test.TestTokens;

/** R-ASN-2: device-service learns each tenant's devices-per-user from the tenant events. */
@SraIntegrationTest
@AutoConfigureTestRestTemplate
class TenantContractIntegrationTests {

    @Autowired
    TestRestTemplate http;
    @Autowired
    EmbeddedKafkaBroker broker;

    @Test
    void theContractFollowsTheTenantEventsAndOnlyItsOwnTenantSeesIt() {
        String tenant = UUID.randomUUID().toString();
        String other = UUID.randomUUID().toString();
        assertThat(contract(tenant).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);

        TestEvents.publish(broker, new TenantProvisioned(tenant, "Acme", 3, "10.0.0.0/24"));
        await().atMost(Duration.ofSeconds(20)).until(() -> contract(tenant).getStatusCode() == HttpStatus.OK);
        assertThat(contract(tenant).getBody()).containsEntry("devicesPerUser", 3).containsEntry("suspended", false);

        EventEnvelope change = EventEnvelope.of(new TenantContractChanged(tenant, 4));
        TestEvents.publish(broker, change);
        TestEvents.publish(broker, change);
        TestEvents.publish(broker, new TenantSuspended(tenant));
        await().atMost(Duration.ofSeconds(20)).until(() -> Boolean.TRUE.equals(contract(tenant).getBody().get("suspended")));
        assertThat(contract(tenant).getBody()).containsEntry("devicesPerUser", 4);

        assertThat(contract(other).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    }

    private ResponseEntity<Map> contract(String tenant) {
        HttpHeaders headers = new HttpHeaders();
        headers.setBearerAuth(TestTokens.admin(tenant));
        return http.exchange("/api/devices/contract", HttpMethod.GET, new HttpEntity<>(headers), Map.class);
    }
}
