package org.sra.kit.testapp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.TestRestTemplate;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureTestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.utils.KafkaTestUtils;
import org.sra.events.Topics;
import org.sra.kit.outbox.OutboxRelay;
import org.sra.kit.outbox.PendingEvent;
import org.sra.kit.test.SraIntegrationTest;
import org.sra.kit.test.TestTokens;
import org.sra.kit.testapp.KitTestApplication.HandledTrace;

/**
 * One trace from an HTTP request through the outbox, the relay and Kafka to the consumer: the
 * outbox row keeps the request's trace context, the relay sends it as the record's
 * {@code traceparent} header, and the consumer handles the event in a child span of the same
 * trace (its MDC, hence its log lines and the audit request id, name the request's trace id).
 */
@SraIntegrationTest
@AutoConfigureTestRestTemplate
class TraceAcrossKafkaIntegrationTests {

    @Autowired
    TestRestTemplate http;
    @Autowired
    Widgets widgets;
    @Autowired
    OutboxRelay relay;
    @Autowired
    EmbeddedKafkaBroker broker;

    @AfterEach
    void relayRunsAgain() {
        relay.start();
    }

    @Test
    void theCallersTraceIsKeptInTheOutboxSentWithTheRecordAndContinuedByTheConsumer() {
        String traceId = hex(16);
        String callerSpan = hex(8);
        relay.stop();

        HttpHeaders headers = bearer();
        headers.set("traceparent", "00-" + traceId + "-" + callerSpan + "-01");
        ResponseEntity<Map> created = http.exchange("/api/widgets", HttpMethod.POST,
                new HttpEntity<>(Map.of("name", "traced"), headers), Map.class);

        assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat(created.getHeaders().getFirst("X-Trace-Id")).isEqualTo(traceId);
        String widgetId = (String) created.getBody().get("id");
        PendingEvent pending = widgets.findById(widgetId).orElseThrow().pendingEvents().getFirst();
        // the server's span of the request, a child of the caller's, in the caller's trace
        assertThat(pending.traceparent()).matches("00-" + traceId + "-[0-9a-f]{16}-01")
                .doesNotContain(callerSpan);
        String requestSpan = pending.traceparent().split("-")[2];

        relay.start();

        try (Consumer<String, byte[]> tenants = topicConsumer()) {
            ConsumerRecord<String, byte[]> record = recordOf(tenants, widgetId);
            Header header = record.headers().lastHeader("traceparent");
            assertThat(header).as("traceparent header of the relayed record").isNotNull();
            assertThat(new String(header.value(), StandardCharsets.UTF_8)).isEqualTo(pending.traceparent());
        }
        HandledTrace handled = await().atMost(Duration.ofSeconds(20))
                .until(() -> KitTestApplication.HANDLED_TRACES.get(widgetId), trace -> trace != null);
        assertThat(handled.traceId()).isEqualTo(traceId);
        assertThat(handled.auditRequestId()).isEqualTo(traceId);
        assertThat(handled.spanId()).as("the consumer's own span").isNotBlank().isNotEqualTo(requestSpan)
                .isNotEqualTo(callerSpan);
    }

    @Test
    void aRequestWithoutTraceStartsANewTraceThatStillReachesTheConsumer() {
        ResponseEntity<Map> created = http.exchange("/api/widgets", HttpMethod.POST,
                new HttpEntity<>(Map.of("name", "untraced"), bearer()), Map.class);

        assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        String traceId = created.getHeaders().getFirst("X-Trace-Id");
        assertThat(traceId).matches("[0-9a-f]{32}").isNotEqualTo("0".repeat(32));
        String widgetId = (String) created.getBody().get("id");
        HandledTrace handled = await().atMost(Duration.ofSeconds(20))
                .until(() -> KitTestApplication.HANDLED_TRACES.get(widgetId), trace -> trace != null);
        assertThat(handled.traceId()).isEqualTo(traceId);
        assertThat(handled.auditRequestId()).isEqualTo(traceId);
    }

    private static HttpHeaders bearer() {
        HttpHeaders headers = new HttpHeaders();
        headers.setBearerAuth(TestTokens.admin("tenant-trace"));
        return headers;
    }

    private static String hex(int bytes) {
        byte[] random = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(random);
        random[0] |= 1; // never all zeros (an invalid id)
        return HexFormat.of().formatHex(random);
    }

    private ConsumerRecord<String, byte[]> recordOf(Consumer<String, byte[]> consumer, String key) {
        ConsumerRecord<String, byte[]>[] found = new ConsumerRecord[1];
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            for (ConsumerRecord<String, byte[]> record : KafkaTestUtils.getRecords(consumer, Duration.ofMillis(500))) {
                if (key.equals(record.key())) {
                    found[0] = record;
                }
            }
            return found[0] != null;
        });
        return found[0];
    }

    private Consumer<String, byte[]> topicConsumer() {
        Map<String, Object> props = KafkaTestUtils.consumerProps(broker, "trace-reader-" + hex(4), false);
        props.put("auto.offset.reset", "earliest");
        props.put("key.deserializer", StringDeserializer.class);
        props.put("value.deserializer", ByteArrayDeserializer.class);
        Consumer<String, byte[]> consumer = new DefaultKafkaConsumerFactory<String, byte[]>(props).createConsumer();
        consumer.subscribe(List.of(Topics.TENANTS));
        return consumer;
    }
}
