package org.sra.kit.test;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.TestRestTemplate;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureTestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * What every SRA service answers: liveness, readiness that checks its
 * database and the broker, Prometheus metrics, its OpenAPI description, and 401 problem
 * details on its API without a token. A service's test extends this and adds
 * {@link SraIntegrationTest}.
 */
@AutoConfigureTestRestTemplate
public abstract class StandardEndpointsContract {

    @Autowired
    protected TestRestTemplate http;

    /** A path of this service's API, e.g. {@code /api/devices}. */
    protected abstract String apiPath();

    @Test
    void livenessAndReadinessAreUpWithTheDatabaseAndTheBrokerChecked() {
        assertThat(http.getForEntity("/actuator/health/liveness", Map.class).getBody()).containsEntry("status", "UP");
        ResponseEntity<Map> readiness = http.getForEntity("/actuator/health/readiness", Map.class);
        assertThat(readiness.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat((Map<String, Object>) readiness.getBody().get("components")).containsKeys("mongoPing", "kafkaBroker");
    }

    @Test
    void prometheusMetricsAreExposed() {
        String metrics = http.getForObject("/actuator/prometheus", String.class);
        assertThat(metrics).contains("jvm_memory_used_bytes").contains("sra_outbox_published_total");
    }

    @Test
    void theOpenApiDescriptionIsServed() {
        ResponseEntity<Map> docs = http.getForEntity("/v3/api-docs", Map.class);
        assertThat(docs.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(docs.getBody()).containsKey("openapi");
    }

    @Test
    void theApiNeedsAToken() {
        ResponseEntity<Map> answer = http.getForEntity(apiPath(), Map.class);
        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(answer.getBody()).containsEntry("type", "urn:sra:problem:unauthenticated");
    }
}
