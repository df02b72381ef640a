package org.sra.directory.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.TestRestTemplate;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.utils.KafkaTestUtils;
import org.sra.directory.DirectoryIntegrationTest;
import org.sra.directory.Fixtures;
import org.sra.directory.Fixtures.NewTenant;
import org.sra.events.EventCodec;
import org.sra.events.EventEnvelope;
import org.sra.events.Topics;
import org.sra.events.audit.AuditRecorded;
import org.sra.kit.test.TestTokens;

/** R-ACC-5: the audit trail, from directory-service's own changes and other services' events. */
@DirectoryIntegrationTest
class AuditTrailIntegrationTests {

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
    void theOperatorsChangesToATenantAreRecordedWithActorBeforeAfterAndRequestId() {
        NewTenant tenant = api.provision();
        String tenantPath = "/api/operator/tenants/" + tenant.tenantId();
        api.call(HttpMethod.PUT, tenantPath + "/contract", TestTokens.operator(), Map.of("devicesPerUser", 5));
        api.call(HttpMethod.POST, tenantPath + "/suspend", TestTokens.operator(), null);
        api.call(HttpMethod.POST, tenantPath + "/resume", TestTokens.operator(), null);

        List<Map<String, Object>> items = awaitEntries(tenant, "", 5);
        assertThat(items).extracting(e -> e.get("action")).containsExactlyInAnyOrder("TENANT_PROVISIONED",
                "ADMIN_ACCOUNT_CREATED", "TENANT_CONTRACT_CHANGED", "TENANT_SUSPENDED", "TENANT_RESUMED");
        Map<String, Object> contract = items.stream().filter(e -> e.get("action").equals("TENANT_CONTRACT_CHANGED"))
                .findFirst().orElseThrow();
        assertThat(contract).containsEntry("actor", "operator").containsEntry("targetType", "tenant")
                .containsEntry("targetId", tenant.tenantId()).containsEntry("service", "directory-service");
        assertThat((String) contract.get("before")).contains("\"devicesPerUser\":2");
        assertThat((String) contract.get("after")).contains("\"devicesPerUser\":5");
        assertThat((String) contract.get("requestId")).isNotBlank();
        assertThat(contract.get("at")).isNotNull();
    }

    @Test
    void changesMadeInOtherServicesArriveAsEventsAndAreListedWithFiltersAndPaging() {
        NewTenant tenant = api.provision();
        for (int i = 0; i < 5; i++) {
            publish(tenant.tenantId(), "suzuki", "DEVICE_UPDATED", "d-" + i);
        }
        publish(tenant.tenantId(), "suzuki", "DEVICE_REMOVED", "d-9");
        publish(tenant.tenantId(), "tanaka", "DEVICE_UPDATED", "d-8");
        awaitEntries(tenant, "&actor=suzuki", 6);

        ResponseEntity<Map> page = api.call(HttpMethod.GET,
                "/api/audit?actor=suzuki&action=DEVICE_UPDATED&size=2&page=2", TestTokens.auditor(tenant.tenantId()),
                null);
        assertThat(page.getBody()).containsEntry("total", 5).containsEntry("page", 2).containsEntry("size", 2);
        assertThat((List<Map<String, Object>>) page.getBody().get("items")).hasSize(1)
                .allSatisfy(e -> assertThat(e).containsEntry("service", "device-service"));

        String future = Instant.now().plus(Duration.ofDays(1)).toString();
        assertThat(api.call(HttpMethod.GET, "/api/audit?from=" + future, TestTokens.admin(tenant.tenantId()), null)
                .getBody()).containsEntry("total", 0);
        String past = Instant.now().minus(Duration.ofDays(1)).toString();
        assertThat(api.call(HttpMethod.GET, "/api/audit?from=" + past + "&to=" + future + "&actor=tanaka",
                TestTokens.admin(tenant.tenantId()), null).getBody()).containsEntry("total", 1);
    }

    @Test
    void aRedeliveredAuditEventIsRecordedOnce() {
        NewTenant tenant = api.provision();
        EventEnvelope envelope = EventEnvelope.of(new AuditRecorded(tenant.tenantId(), "sato", "PROXY_CHANGED",
                "proxy", tenant.tenantId(), null, "{}", "req-1", "profile-service"));
        send(envelope);
        send(envelope);
        awaitEntries(tenant, "&actor=sato", 1);
        publish(tenant.tenantId(), "sato", "LAST", "x");
        awaitEntries(tenant, "&actor=sato", 2);
        assertThat(api.call(HttpMethod.GET, "/api/audit?actor=sato", TestTokens.admin(tenant.tenantId()), null)
                .getBody()).containsEntry("total", 2);
    }

    @Test
    void theCsvExportNeutralisesFormulas() {
        NewTenant tenant = api.provision();
        publish(tenant.tenantId(), "=HYPERLINK(\"http://evil.example\",\"click\")", "DEVICE_UPDATED", "+81-3-1234");
        awaitEntries(tenant, "&action=DEVICE_UPDATED", 1);

        ResponseEntity<byte[]> csv = api.exchange(HttpMethod.GET, "/api/audit/export.csv?action=DEVICE_UPDATED",
                TestTokens.auditor(tenant.tenantId()), null, byte[].class);
        assertThat(csv.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(csv.getHeaders().getContentType().toString()).startsWith("text/csv");
        String text = new String(csv.getBody(), StandardCharsets.UTF_8);
        assertThat(text).startsWith("\uFEFFtime,actor,action,targetType,targetId,before,after,requestId,service,targetName");
        assertThat(text).contains("\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"click\"\")\"").contains("'+81-3-1234")
                .doesNotContain(",=HYPERLINK").doesNotContain(",+81");
    }

    @Test
    void secretsInBeforeAndAfterAreMasked() {
        NewTenant tenant = api.provision();
        api.call(HttpMethod.POST, "/api/operator/tenants/" + tenant.tenantId() + "/nas-clients", TestTokens.operator(),
                Map.of("name", "Audit ASA", "address", "198.18.9.1", "sharedSecret", "audited-Secret-0123456789"));
        Map<String, Object> entry = awaitEntries(tenant, "&action=NAS_CLIENT_REGISTERED", 1).get(0);
        assertThat((String) entry.get("after")).contains("\"sharedSecret\":\"********\"").contains("198.18.9.1")
                .doesNotContain("audited-Secret").doesNotContain("v1:").doesNotContain("v2:");
    }

    @Test
    void entriesNameTheirTargetAndAreFoundByPartOfThatNameAndByKind() {
        NewTenant tenant = api.provision();
        api.call(HttpMethod.POST, "/api/operator/tenants/" + tenant.tenantId() + "/nas-clients", TestTokens.operator(),
                Map.of("name", "Osaka ASA", "address", "198.18.9.2", "sharedSecret", "audited-Secret-0123456789"));
        send(EventEnvelope.of(new AuditRecorded(tenant.tenantId(), "suzuki", "DEVICE_ASSIGNED", "device", "d-42", null,
                "{\"userId\":\"u-1\",\"userName\":\"taro\"}", "req-9", "device-service", "Taro-PC_01")));
        awaitEntries(tenant, "", 2);

        List<Map<String, Object>> byName = awaitEntries(tenant, "&target=taro-pc", 1);
        assertThat(byName).singleElement().satisfies(e -> assertThat(e).containsEntry("targetName", "Taro-PC_01")
                .containsEntry("targetType", "device").containsEntry("action", "DEVICE_ASSIGNED"));
        assertThat(awaitEntries(tenant, "&targetType=nas-client", 1)).singleElement()
                .satisfies(e -> assertThat(e).containsEntry("targetName", "Osaka ASA"));
        assertThat(api.call(HttpMethod.GET, "/api/audit?target=.*", TestTokens.admin(tenant.tenantId()), null)
                .getBody()).as("the name is matched as typed, not as a pattern").containsEntry("total", 0);

        String csv = new String(api.exchange(HttpMethod.GET, "/api/audit/export.csv?target=taro",
                TestTokens.auditor(tenant.tenantId()), null, byte[].class).getBody(), StandardCharsets.UTF_8);
        assertThat(csv.lines().toList()).hasSize(2);
        assertThat(csv.lines().toList().get(1)).contains("DEVICE_ASSIGNED").endsWith(",Taro-PC_01");
    }

    @Test
    void unreadableFiltersAreRefusedNamingTheParameter() {
        ResponseEntity<Map> answer = api.call(HttpMethod.GET, "/api/audit?from=yesterday",
                TestTokens.admin("any-tenant"), null);
        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(answer.getBody()).containsEntry("type", "urn:sra:problem:audit-parameter-invalid")
                .containsEntry("field", "from");
        assertThat(api.call(HttpMethod.GET, "/api/audit/export.csv?to=soon", TestTokens.admin("any-tenant"), null)
                .getBody()).containsEntry("field", "to");
        assertThat(api.call(HttpMethod.GET, "/api/audit?size=1000", TestTokens.admin("any-tenant"), null).getBody())
                .containsEntry("field", "size");
    }

    private List<Map<String, Object>> awaitEntries(NewTenant tenant, String filter, int count) {
        var holder = new Object() {
            List<Map<String, Object>> items = List.of();
        };
        Awaitility.await().atMost(Duration.ofSeconds(45)).pollInterval(Duration.ofMillis(200)).until(() -> {
            holder.items = (List<Map<String, Object>>) api.call(HttpMethod.GET, "/api/audit?size=200" + filter,
                    TestTokens.admin(tenant.tenantId()), null).getBody().get("items");
            return holder.items.size() >= count;
        });
        return holder.items;
    }

    private void publish(String tenantId, String actor, String action, String targetId) {
        send(EventEnvelope.of(new AuditRecorded(tenantId, actor, action, "device", targetId, "{\"name\":\"pc-1\"}",
                "{\"name\":\"pc-2\"}", "req-" + targetId, "device-service")));
    }

    private void send(EventEnvelope envelope) {
        Map<String, Object> props = KafkaTestUtils.producerProps(broker);
        try (var producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(Topics.AUDIT, envelope.tenantId(), EventCodec.encodeToBytes(envelope)));
            producer.flush();
        }
    }
}
