package org.sra.directory;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;
import org.springframework.boot.resttestclient.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ResponseEntity;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.utils.KafkaTestUtils;
import org.sra.events.EventCodec;
import org.sra.events.EventEnvelope;
import org.sra.fixtures.entra.EntraStandIn;
import org.sra.kit.test.TestTokens;
import org.sra.kit.web.ClientAddress;

/** Calls and data the directory-service integration tests share (one context, one database). */
public final class Fixtures {

    public static final String OPERATOR_LOGIN = "root-operator";
    public static final String OPERATOR_INITIAL_PASSWORD = "Operator-Initial-42";
    public static final String STRONG = "Kirishima-Pass-2026";

    private static final AtomicInteger POOLS = new AtomicInteger();

    private final TestRestTemplate http;

    public Fixtures(TestRestTemplate http) {
        this.http = http;
    }

    /** A VPN pool no other test uses (the tests share one database). */
    public static String freshPool() {
        return "172.16." + POOLS.incrementAndGet() + ".0/24";
    }

    public static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A tenant as the operator creates it: id, first admin's login id and initial password. */
    public record NewTenant(String tenantId, String loginId, String initialPassword, Map<String, Object> created) {
    }

    public NewTenant provision() {
        ResponseEntity<Map> created = call(HttpMethod.POST, "/api/operator/tenants", TestTokens.operator(),
                Map.of("name", unique("Tenant"), "vpnPool", freshPool()));
        assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        Map<String, Object> notice = (Map<String, Object>) created.getBody().get("registrationNotice");
        return new NewTenant((String) created.getBody().get("tenantId"), (String) notice.get("loginId"),
                (String) notice.get("initialPassword"), created.getBody());
    }

    public ResponseEntity<Map> login(String loginId, String password) {
        return login(loginId, password, "192.0.2.1");
    }

    /** A login as the gateway forwards it: the client's address in the gateway's header. */
    public ResponseEntity<Map> login(String loginId, String password, String source) {
        HttpHeaders headers = new HttpHeaders();
        headers.set(ClientAddress.HEADER, source);
        return login(loginId, password, headers);
    }

    public ResponseEntity<Map> login(String loginId, String password, HttpHeaders headers) {
        return http.exchange("/api/account/login", HttpMethod.POST,
                new HttpEntity<>(Map.of("loginId", loginId, "password", password), headers), Map.class);
    }

    /** Logs in with the initial password and sets {@link #STRONG}; the full token. */
    public String activate(String loginId, String initialPassword) {
        String restricted = (String) login(loginId, initialPassword).getBody().get("accessToken");
        ResponseEntity<Map> changed = call(HttpMethod.POST, "/api/account/password", restricted,
                Map.of("currentPassword", initialPassword, "newPassword", STRONG));
        assertThat(changed.getStatusCode()).isEqualTo(HttpStatus.OK);
        return (String) changed.getBody().get("accessToken");
    }

    /** Only the status, whatever the body (lists, problems). */
    public HttpStatusCode status(HttpMethod method, String path, String token) {
        return exchange(method, path, token, null, String.class).getStatusCode();
    }

    public ResponseEntity<Map> call(HttpMethod method, String path, String token, Object body) {
        return exchange(method, path, token, body, Map.class);
    }

    public <T> ResponseEntity<T> exchange(HttpMethod method, String path, String token, Object body, Class<T> type) {
        HttpHeaders headers = new HttpHeaders();
        if (token != null) {
            headers.setBearerAuth(token);
        }
        return http.exchange(path, method, new HttpEntity<>(body, headers), type);
    }

    /** The Entra ID dialog filled in for the shared stand-in; tests change one field. */
    public static Map<String, Object> entraForm() {
        Map<String, Object> form = new HashMap<>();
        form.put("domain", EntraStandIn.DOMAIN);
        form.put("clientId", EntraStandIn.CLIENT_ID);
        form.put("clientSecret", EntraStandIn.CLIENT_SECRET);
        form.put("secretExpiresOn", "2037-03-20");
        form.put("adminUser", EntraStandIn.ADMIN);
        form.put("adminPassword", EntraStandIn.ADMIN_PASSWORD);
        return form;
    }

    public static Consumer<String, byte[]> consumer(EmbeddedKafkaBroker broker, String topic) {
        Map<String, Object> props = KafkaTestUtils.consumerProps(broker, "test-" + System.nanoTime(), false);
        props.put("auto.offset.reset", "earliest");
        props.put("key.deserializer", StringDeserializer.class);
        props.put("value.deserializer", ByteArrayDeserializer.class);
        Consumer<String, byte[]> consumer = new DefaultKafkaConsumerFactory<String, byte[]>(props).createConsumer();
        consumer.subscribe(List.of(topic));
        return consumer;
    }

    /** Waits until the events matching {@code wanted} number {@code count}; returns them in order. */
    public static List<EventEnvelope> await(Consumer<String, byte[]> consumer, Predicate<EventEnvelope> wanted,
                                            int count) {
        List<EventEnvelope> events = new ArrayList<>();
        // up to 45 s: a document saved while the relay held its lease keeps the lease (30 s)
        Awaitility.await().atMost(Duration.ofSeconds(45)).until(() -> {
            for (ConsumerRecord<String, byte[]> record : KafkaTestUtils.getRecords(consumer, Duration.ofMillis(300))) {
                EventEnvelope envelope = EventCodec.decode(record.value());
                // delivery is at-least-once: count what a deduplicating consumer sees
                if (wanted.test(envelope) && events.stream().noneMatch(e -> e.eventId().equals(envelope.eventId()))) {
                    events.add(envelope);
                }
            }
            return events.size() >= count;
        });
        return events;
    }
}
