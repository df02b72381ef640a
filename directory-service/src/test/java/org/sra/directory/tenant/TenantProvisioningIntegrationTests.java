package org.sra.directory.tenant;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.utils.KafkaTestUtils;
import org.sra.events.EventCodec;
import org.sra.events.EventEnvelope;
import org.sra.events.Topics;
import org.sra.events.tenant.TenantContractChanged;
import org.sra.events.tenant.TenantProvisioned;
import org.sra.events.tenant.TenantResumed;
import org.sra.events.tenant.TenantSuspended;
import org.sra.directory.DirectoryIntegrationTest;
import org.sra.kit.test.TestTokens;

/** R-OPS-1: the operator creates tenants; each change reaches the broker through the outbox. */
@DirectoryIntegrationTest
class TenantProvisioningIntegrationTests {

    @Autowired
    TestRestTemplate http;
    @Autowired
    EmbeddedKafkaBroker broker;

    @Test
    void creatingATenantPublishesTenantProvisionedKeyedByTheTenant() {
        try (Consumer<String, byte[]> tenants = consumer()) {
            ResponseEntity<Map> created = operator(HttpMethod.POST, "/api/operator/tenants",
                    Map.of("name", "Acme", "devicesPerUser", 3, "vpnPool", "10.30.0.0/24"));
            assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
            String tenantId = (String) created.getBody().get("tenantId");
            assertThat(created.getBody()).containsEntry("status", "ACTIVE").containsEntry("devicesPerUser", 3);

            operator(HttpMethod.PUT, "/api/operator/tenants/" + tenantId + "/contract", Map.of("devicesPerUser", 5));

            List<EventEnvelope> events = new ArrayList<>();
            Awaitility.await().atMost(Duration.ofSeconds(45)).until(() -> {
                for (ConsumerRecord<String, byte[]> record : KafkaTestUtils.getRecords(tenants, Duration.ofMillis(300))) {
                    EventEnvelope envelope = EventCodec.decode(record.value());
                    // at-least-once delivery: see what a deduplicating consumer sees
                    if (tenantId.equals(record.key()) && events.stream().noneMatch(e -> e.eventId().equals(envelope.eventId()))) {
                        events.add(envelope);
                    }
                }
                return events.size() >= 2;
            });
            assertThat(events.get(0).payload()).isEqualTo(new TenantProvisioned(tenantId, "Acme", 3, "10.30.0.0/24"));
            assertThat(events.get(1).payload()).isEqualTo(new TenantContractChanged(tenantId, 5));
        }
    }

    @Test
    void theDefaultContractIsTwoDevicesPerUser() {
        ResponseEntity<Map> created = operator(HttpMethod.POST, "/api/operator/tenants",
                Map.of("name", "Default Ltd", "vpnPool", "10.31.0.0/24"));
        assertThat(created.getBody()).containsEntry("devicesPerUser", 2);
    }

    @Test
    @SuppressWarnings("unchecked")
    void theOperatorsListIsSearchedFilteredAndPagedByTheServerWithItsTotal() {
        String mark = "Paged" + System.nanoTime();
        for (int i = 0; i < 25; i++) {
            operator(HttpMethod.POST, "/api/operator/tenants",
                    Map.of("name", mark + " Co " + String.format("%02d", 24 - i), "vpnPool", "10.60." + i + ".0/24"));
        }
        operator(HttpMethod.POST, "/api/operator/tenants/" + tenantIdOf(mark + " Co 03") + "/suspend", null);

        ResponseEntity<Map> first = operator(HttpMethod.GET, "/api/operator/tenants?page=0&size=10&name="
                + mark.toLowerCase(), null);
        assertThat(first.getBody()).containsEntry("total", 25).containsEntry("page", 0).containsEntry("size", 10);
        List<Map<String, Object>> items = (List<Map<String, Object>>) first.getBody().get("items");
        assertThat(items).extracting(item -> item.get("name")).as("by name, any case of the search")
                .containsExactly(IntStream.range(0, 10)
                        .mapToObj(n -> mark + " Co " + String.format("%02d", n)).toArray());
        assertThat((List<?>) operator(HttpMethod.GET, "/api/operator/tenants?page=2&size=10&name=" + mark, null)
                .getBody().get("items")).hasSize(5);
        ResponseEntity<Map> suspended = operator(HttpMethod.GET, "/api/operator/tenants?page=0&name=" + mark
                + "&status=suspended", null);
        assertThat(suspended.getBody()).containsEntry("total", 1);

        assertThat(operator(HttpMethod.GET, "/api/operator/tenants?page=0&status=GONE", null).getBody())
                .containsEntry("type", "urn:sra:problem:list-filter-invalid").containsEntry("field", "status");
        assertThat(operator(HttpMethod.GET, "/api/operator/tenants?page=-1", null).getStatusCode())
                .isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(operator(HttpMethod.GET, "/api/operator/tenants?page=0&size=501", null).getStatusCode())
                .isEqualTo(HttpStatus.BAD_REQUEST);
    }

    private String tenantIdOf(String name) {
        ResponseEntity<List> all = http.exchange("/api/operator/tenants", HttpMethod.GET,
                new HttpEntity<>(operatorHeaders()), List.class);
        return ((List<Map<String, Object>>) all.getBody()).stream().filter(t -> name.equals(t.get("name")))
                .map(t -> (String) t.get("tenantId")).findFirst().orElseThrow();
    }

    private HttpHeaders operatorHeaders() {
        HttpHeaders headers = new HttpHeaders();
        headers.setBearerAuth(TestTokens.operator());
        return headers;
    }

    @Test
    void anOverlappingPoolIsRefusedNamingTheOtherPool() {
        operator(HttpMethod.POST, "/api/operator/tenants", Map.of("name", "First", "vpnPool", "10.40.0.0/16"));
        ResponseEntity<Map> clash = operator(HttpMethod.POST, "/api/operator/tenants",
                Map.of("name", "Second", "vpnPool", "10.40.7.0/24"));
        assertThat(clash.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(clash.getBody()).containsEntry("type", "urn:sra:problem:vpn-pool-overlaps")
                .containsEntry("conflictingPool", "10.40.0.0/16");
        assertThat((String) clash.getBody().get("detail")).contains("10.40.0.0/16").contains("First");
    }

    @Test
    void badInputIsRefusedAndWritesNothing() {
        int before = tenantCount();
        assertThat(operator(HttpMethod.POST, "/api/operator/tenants", Map.of("name", "X", "vpnPool", "10.0.0.1/24"))
                .getBody()).containsEntry("type", "urn:sra:problem:vpn-pool-invalid");
        for (String notPrivate : List.of("127.0.0.0/8", "0.0.0.0/8", "224.0.0.0/8", "169.254.0.0/16", "8.8.8.0/24")) {
            ResponseEntity<Map> refused = operator(HttpMethod.POST, "/api/operator/tenants",
                    Map.of("name", "Z " + notPrivate, "vpnPool", notPrivate));
            assertThat(refused.getStatusCode()).as(notPrivate).isEqualTo(HttpStatus.BAD_REQUEST);
            assertThat(refused.getBody()).as(notPrivate).containsEntry("type", "urn:sra:problem:vpn-pool-not-private");
        }
        assertThat(operator(HttpMethod.POST, "/api/operator/tenants", Map.of("name", "", "vpnPool", "10.50.0.0/24"))
                .getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(operator(HttpMethod.POST, "/api/operator/tenants",
                Map.of("name", "Y", "devicesPerUser", 0, "vpnPool", "10.51.0.0/24")).getStatusCode())
                .isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(tenantCount()).isEqualTo(before);
    }

    @Test
    void suspendingAndResumingATenantPublishesBothFacts() {
        try (Consumer<String, byte[]> tenants = consumer()) {
            String tenantId = (String) operator(HttpMethod.POST, "/api/operator/tenants",
                    Map.of("name", "Pausable", "vpnPool", "10.32.0.0/24")).getBody().get("tenantId");
            assertThat(operator(HttpMethod.POST, "/api/operator/tenants/" + tenantId + "/suspend", null).getBody())
                    .containsEntry("status", "SUSPENDED");
            assertThat(operator(HttpMethod.POST, "/api/operator/tenants/" + tenantId + "/resume", null).getBody())
                    .containsEntry("status", "ACTIVE");
            List<Object> payloads = new ArrayList<>();
            Set<UUID> seen = new HashSet<>();
            Awaitility.await().atMost(Duration.ofSeconds(45)).until(() -> {
                for (ConsumerRecord<String, byte[]> record : KafkaTestUtils.getRecords(tenants, Duration.ofMillis(300))) {
                    EventEnvelope envelope = EventCodec.decode(record.value());
                    if (tenantId.equals(record.key()) && seen.add(envelope.eventId())) {
                        payloads.add(envelope.payload());
                    }
                }
                return payloads.size() >= 3;
            });
            assertThat(payloads).containsExactly(new TenantProvisioned(tenantId, "Pausable", 2, "10.32.0.0/24"),
                    new TenantSuspended(tenantId), new TenantResumed(tenantId));
        }
    }

    @Test
    void anUnknownTenantIsNotFoundInTheCallersLanguage() {
        HttpHeaders headers = new HttpHeaders();
        headers.setBearerAuth(TestTokens.operator());
        headers.set("Accept-Language", "en");
        ResponseEntity<Map> answer = http.exchange("/api/operator/tenants/nope/suspend", HttpMethod.POST,
                new HttpEntity<>(null, headers), Map.class);
        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(answer.getBody()).containsEntry("type", "urn:sra:problem:tenant-not-found")
                .containsEntry("detail", "Tenant nope was not found.");
    }

    @Test
    void tenantAdminsCannotUseTheOperatorApi() {
        HttpHeaders headers = new HttpHeaders();
        headers.setBearerAuth(TestTokens.admin("some-tenant"));
        ResponseEntity<Map> answer = http.exchange("/api/operator/tenants", HttpMethod.POST,
                new HttpEntity<>(Map.of("name", "Sneaky", "vpnPool", "10.60.0.0/24"), headers), Map.class);
        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    }

    private int tenantCount() {
        HttpHeaders headers = new HttpHeaders();
        headers.setBearerAuth(TestTokens.operator());
        return http.exchange("/api/operator/tenants", HttpMethod.GET, new HttpEntity<>(headers), List.class)
                .getBody().size();
    }

    private ResponseEntity<Map> operator(HttpMethod method, String path, Object body) {
        HttpHeaders headers = new HttpHeaders();
        headers.setBearerAuth(TestTokens.operator());
        return http.exchange(path, method, new HttpEntity<>(body, headers), Map.class);
    }

    private Consumer<String, byte[]> consumer() {
        Map<String, Object> props = KafkaTestUtils.consumerProps(broker, "test-" + System.nanoTime(), false);
        props.put("auto.offset.reset", "earliest");
        props.put("key.deserializer", StringDeserializer.class);
        props.put("value.deserializer", ByteArrayDeserializer.class);
        Consumer<String, byte[]> consumer = new DefaultKafkaConsumerFactory<String, byte[]>(props).createConsumer();
        consumer.subscribe(List.of(Topics.TENANTS));
        return consumer;
    }
}
