package org.sra.directory.nas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.Consumer;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.TestRestTemplate;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.sra.directory.DirectoryIntegrationTest;
import org.sra.directory.Fixtures;
import org.sra.directory.Fixtures.NewTenant;
import org.sra.events.EventEnvelope;
import org.sra.events.Topics;
import org.sra.events.nas.NasClientRegistered;
import org.sra.events.nas.NasClientRemoved;
import org.sra.kit.secrets.SecretSealer;
import org.sra.kit.test.TestTokens;

/** R-OPS-2: the operator registers a tenant's headends; the secret is sealed at rest and on the wire. */
@DirectoryIntegrationTest
class NasClientIntegrationTests {

    private static final String SECRET = "radius-shared-Secret-9f8e7d";

    @Autowired
    TestRestTemplate http;
    @Autowired
    MongoTemplate mongo;
    @Autowired
    EmbeddedKafkaBroker broker;
    @Autowired
    SecretSealer sealer;
    Fixtures api;

    @BeforeEach
    void setUp() {
        api = new Fixtures(http);
    }

    @Test
    void aRegisteredHeadendIsPublishedWithItsSecretSealedForTheTenantAndNeverShown() {
        NewTenant tenant = api.provision();
        try (Consumer<String, byte[]> consumer = Fixtures.consumer(broker, Topics.NAS_CLIENTS)) {
            ResponseEntity<String> created = api.exchange(HttpMethod.POST, nasPath(tenant), TestTokens.operator(),
                    Map.of("name", "Tokyo ASA", "address", "198.18.1.10", "sharedSecret", SECRET), String.class);
            assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
            assertThat(created.getBody()).contains("\"address\":\"198.18.1.10\"").doesNotContain(SECRET)
                    .doesNotContain("ecret");
            assertThat(api.exchange(HttpMethod.GET, nasPath(tenant), TestTokens.operator(), null, String.class).getBody())
                    .contains("Tokyo ASA").doesNotContain(SECRET).doesNotContain("ecret");

            Document stored = mongo.getCollection("nas_clients").find(new Document("tenantId", tenant.tenantId())).first();
            assertThat(stored.toJson()).doesNotContain(SECRET);
            assertThat(sealer.open(stored.getString("sealedSecret"), "nas-secret:" + tenant.tenantId())).isEqualTo(SECRET);

            NasClientRegistered event = (NasClientRegistered) Fixtures.await(consumer,
                    e -> e.tenantId().equals(tenant.tenantId()), 1).get(0).payload();
            assertThat(event.address()).isEqualTo("198.18.1.10");
            assertThat(event.sealedSecret()).doesNotContain(SECRET);
            assertThat(sealer.open(event.sealedSecret(), "nas-secret:" + tenant.tenantId())).isEqualTo(SECRET);
            assertThatThrownBy(() -> sealer.open(event.sealedSecret(), "nas-secret:another-tenant"))
                    .isInstanceOf(SecretSealer.SealedValueException.class);
        }
    }

    @Test
    void removingAHeadendPublishesNasClientRemoved() {
        NewTenant tenant = api.provision();
        try (Consumer<String, byte[]> consumer = Fixtures.consumer(broker, Topics.NAS_CLIENTS)) {
            String id = (String) api.call(HttpMethod.POST, nasPath(tenant), TestTokens.operator(),
                    Map.of("name", "Osaka ASA", "address", "198.18.2.0/29", "sharedSecret", SECRET)).getBody()
                    .get("nasClientId");
            assertThat(api.call(HttpMethod.DELETE, nasPath(tenant) + "/" + id, TestTokens.operator(), null)
                    .getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
            List<EventEnvelope> events = Fixtures.await(consumer, e -> e.tenantId().equals(tenant.tenantId()), 2);
            assertThat(events.get(1).payload()).isEqualTo(new NasClientRemoved(tenant.tenantId(), id));
            assertThat(api.exchange(HttpMethod.GET, nasPath(tenant), TestTokens.operator(), null, List.class).getBody())
                    .isEmpty();
            assertThat(api.call(HttpMethod.DELETE, nasPath(tenant) + "/" + id, TestTokens.operator(), null)
                    .getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        }
    }

    @Test
    void badInputNamesTheFieldNeverEchoesTheSecretAndWritesNothing() {
        NewTenant tenant = api.provision();
        api.call(HttpMethod.POST, nasPath(tenant), TestTokens.operator(),
                Map.of("name", "Nagoya ASA", "address", "198.18.3.0/28", "sharedSecret", SECRET));

        ResponseEntity<Map> overlap = api.call(HttpMethod.POST, nasPath(tenant), TestTokens.operator(),
                Map.of("name", "Again", "address", "198.18.3.5", "sharedSecret", SECRET));
        assertThat(overlap.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(overlap.getBody()).containsEntry("type", "urn:sra:problem:nas-address-taken")
                .containsEntry("field", "address").containsEntry("conflictingAddress", "198.18.3.0/28");

        ResponseEntity<Map> badAddress = api.call(HttpMethod.POST, nasPath(tenant), TestTokens.operator(),
                Map.of("name", "Bad", "address", "asa.example", "sharedSecret", SECRET));
        assertThat(badAddress.getBody()).containsEntry("type", "urn:sra:problem:nas-address-invalid")
                .containsEntry("field", "address");

        ResponseEntity<String> shortSecret = api.exchange(HttpMethod.POST, nasPath(tenant), TestTokens.operator(),
                Map.of("name", "Short", "address", "198.18.4.1", "sharedSecret", "tiny-secret"), String.class);
        assertThat(shortSecret.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(shortSecret.getBody()).contains("\"field\":\"sharedSecret\"").doesNotContain("tiny-secret");

        assertThat(api.call(HttpMethod.POST, "/api/operator/tenants/no-such-tenant/nas-clients", TestTokens.operator(),
                Map.of("name", "Lost", "address", "198.18.5.1", "sharedSecret", SECRET)).getStatusCode())
                .isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(api.exchange(HttpMethod.GET, nasPath(tenant), TestTokens.operator(), null, List.class).getBody())
                .hasSize(1);
    }

    @Test
    void tenantAdminsCannotTouchNasClients() {
        NewTenant tenant = api.provision();
        assertThat(api.call(HttpMethod.GET, nasPath(tenant), TestTokens.admin(tenant.tenantId()), null).getStatusCode())
                .isEqualTo(HttpStatus.FORBIDDEN);
    }

    @Test
    @SuppressWarnings("unchecked")
    void aFormWithThreeBadFieldsGetsThemAllAtOnceNamedAsTheScreenLabelsThem() {
        NewTenant tenant = api.provision();
        Map<String, Object> bad = Map.of("name", " ", "address", "198.18.1.10/".repeat(2), "sharedSecret", "short");
        Map<String, Map<String, String>> expected = Map.of(
                "ja", Map.of("name", "「名前」を入力してください。",
                        "address", "「アドレス」は 18 文字以内で入力してください。",
                        "sharedSecret", "「共有シークレット」は 16～128 文字で入力してください。"),
                "en", Map.of("name", "Enter Name.",
                        "address", "Address must be at most 18 characters.",
                        "sharedSecret", "Shared secret must be 16 to 128 characters."));
        expected.forEach((language, messages) -> {
            HttpHeaders headers = new HttpHeaders();
            headers.setBearerAuth(TestTokens.operator());
            headers.set("Accept-Language", language);
            ResponseEntity<Map> answer = http.exchange(nasPath(tenant), HttpMethod.POST,
                    new HttpEntity<>(bad, headers), Map.class);
            assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
            List<Map<String, String>> errors = (List<Map<String, String>>) answer.getBody().get("errors");
            assertThat(errors).hasSize(3);
            assertThat(errors).allSatisfy(error -> assertThat(error.get("message")).as(language)
                    .isEqualTo(messages.get(error.get("field"))));
        });
    }

    private static String nasPath(NewTenant tenant) {
        return "/api/operator/tenants/" + tenant.tenantId() + "/nas-clients";
    }
}
