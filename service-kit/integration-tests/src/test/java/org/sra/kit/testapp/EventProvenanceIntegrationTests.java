package org.sra.kit.testapp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureTestRestTemplate;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.utils.KafkaTestUtils;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;
import org.sra.events.EventCodec;
import org.sra.events.EventEnvelope;
import org.sra.events.Services;
import org.sra.events.Topics;
import org.sra.events.device.DeviceRemoved;
import org.sra.events.tenant.TenantContractChanged;
import org.sra.events.tenant.TenantProvisioned;
import org.sra.kit.messaging.EventRoutes;
import org.sra.kit.messaging.IdempotentEventConsumer;
import org.sra.kit.messaging.RefusedEventException;
import org.sra.kit.test.SraIntegrationTest;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;

/**
 * The consumer takes an event only from its type's owner: one whose envelope names another
 * producer, or that arrives on a topic other than its type's, is not handled, is counted and
 * goes to the dead-letter topic at once (no retries), and the partition keeps flowing. The
 * outbox names this service as the producer of what it publishes.
 */
@SraIntegrationTest
// as the HTTP tests have it: one Spring context (and one embedded Kafka broker) for all the kit's tests
@AutoConfigureTestRestTemplate
class EventProvenanceIntegrationTests {

    @Autowired
    MongoTemplate mongo;
    @Autowired
    EmbeddedKafkaBroker broker;
    @Autowired
    MeterRegistry meters;
    @Autowired
    Widgets widgets;

    @Test
    void anEventNamingAProducerThatDoesNotOwnItsTypeIsDeadLetteredUnhandledAndNotRetried() throws Exception {
        String tenant = id();
        EventEnvelope forged = EventEnvelope.of(new TenantProvisioned(tenant, "forged", 2, "10.0.0.0/24"))
                .producedBy(Services.DEVICE);
        EventEnvelope genuine = EventEnvelope.of(new TenantContractChanged(tenant, 3)).producedBy(Services.DIRECTORY);
        double refusedBefore = refused("TenantProvisioned", "producer");

        try (var producer = producer(); Consumer<String, byte[]> dlq = deadLetterConsumer()) {
            producer.send(record(Topics.TENANTS, forged)).get();
            producer.send(record(Topics.TENANTS, genuine)).get();

            await().atMost(Duration.ofSeconds(30)).until(() -> effects(tenant) == 1); // the genuine one, after it
            List<String> deadLetters = deadLettersMentioning(producer, dlq, forged.aggregateId(), forged.eventId());
            assertThat(deadLetters).singleElement().satisfies(dead -> assertThat(EventCodec.decode(
                    dead.getBytes(StandardCharsets.UTF_8)).producer()).isEqualTo("device-service"));
        }
        // the consumer got past a marker sent after both: nothing more of them can still take effect
        assertThat(effects(tenant)).as("only the genuine event took effect").isEqualTo(1);
        assertThat(refused("TenantProvisioned", "producer") - refusedBefore).as("refused once, not retried")
                .isEqualTo(1.0);
        assertThat(mongo.getCollection("handled_events").countDocuments(
                new Document("_id", forged.eventId().toString()))).isZero();
    }

    @Test
    void anEventOnATopicItsOwnerDoesNotWriteIsDeadLetteredEvenWhenNotRouted() throws Exception {
        String tenant = id();
        // device-service's own event, by device-service, but on directory-service's topic
        EventEnvelope misplaced = EventEnvelope.of(new DeviceRemoved(tenant, id())).producedBy(Services.DEVICE);
        EventEnvelope genuine = EventEnvelope.of(new TenantContractChanged(tenant, 2)).producedBy(Services.DIRECTORY);
        double refusedBefore = refused("DeviceRemoved", "topic");

        try (var producer = producer(); Consumer<String, byte[]> dlq = deadLetterConsumer()) {
            producer.send(new ProducerRecord<>(Topics.TENANTS, tenant, EventCodec.encodeToBytes(misplaced))).get();
            producer.send(record(Topics.TENANTS, genuine)).get();

            await().atMost(Duration.ofSeconds(30)).until(() -> effects(tenant) == 1);
            assertThat(deadLettersMentioning(producer, dlq, tenant, misplaced.eventId())).hasSize(1);
        }
        assertThat(refused("DeviceRemoved", "topic") - refusedBefore).isEqualTo(1.0);
    }

    @Test
    void theOutboxNamesThisServiceAsTheProducerOfWhatItPublishes() {
        Widget widget = widgets.save(Widget.create(id(), "tenant-a", "named"));

        try (Consumer<String, byte[]> tenants = topicConsumer(Topics.TENANTS)) {
            List<EventEnvelope> seen = new ArrayList<>();
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                for (ConsumerRecord<String, byte[]> record : KafkaTestUtils.getRecords(tenants, Duration.ofMillis(500))) {
                    if (widget.id().equals(record.key())) {
                        seen.add(EventCodec.decode(record.value()));
                    }
                }
                return !seen.isEmpty();
            });
            assertThat(seen).extracting(EventEnvelope::producer).containsOnly("directory-service");
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> effects(widget.id()) == 1); // and it was taken
    }

    @Test
    void anEnvelopeWithoutAProducerIsRefusedOnlyWhenProducersAreRequired() {
        String tenant = id();
        AtomicInteger handled = new AtomicInteger();
        EventRoutes routes = EventRoutes.builder()
                .on(TenantContractChanged.class, (envelope, changed) -> handled.incrementAndGet())
                .build();
        SimpleMeterRegistry counted = new SimpleMeterRegistry();
        EventEnvelope unnamed = EventEnvelope.of(new TenantContractChanged(tenant, 5));
        EventEnvelope named = EventEnvelope.of(new TenantContractChanged(tenant, 6)).producedBy(Services.DIRECTORY);

        try (var strict = new IdempotentEventConsumer(routes, mongo, counted, ObservationRegistry.NOOP,
                Clock.systemUTC(), true);
             var lenient = new IdempotentEventConsumer(routes, mongo, new SimpleMeterRegistry(),
                     ObservationRegistry.NOOP, Clock.systemUTC(), false)) {
            assertThatThrownBy(() -> strict.accept(message(unnamed, Topics.TENANTS)))
                    .isInstanceOfSatisfying(RefusedEventException.class,
                            refused -> assertThat(refused.reason()).isEqualTo("no-producer"))
                    .hasMessageNotContaining("\"payload\"");
            assertThat(handled).hasValue(0);
            assertThat(counted.counter("sra.events.refused", "type", "TenantContractChanged", "reason", "no-producer")
                    .count()).isEqualTo(1.0);

            strict.accept(message(named, Topics.TENANTS));
            assertThat(handled).hasValue(1);

            lenient.accept(message(unnamed, Topics.TENANTS));
            assertThat(handled).hasValue(2);

            assertThatThrownBy(() -> lenient.accept(message(
                    EventEnvelope.of(new TenantContractChanged(tenant, 7)).producedBy("profile-service"), Topics.TENANTS)))
                    .isInstanceOfSatisfying(RefusedEventException.class,
                            refused -> assertThat(refused.reason()).isEqualTo("producer"));
            assertThat(handled).hasValue(2);
        }
    }

    private static Message<byte[]> message(EventEnvelope envelope, String topic) {
        return MessageBuilder.withPayload(EventCodec.encodeToBytes(envelope))
                .setHeader(KafkaHeaders.RECEIVED_TOPIC, topic).build();
    }

    private double refused(String type, String reason) {
        var counter = meters.find("sra.events.refused").tags("type", type, "reason", reason).counter();
        return counter == null ? 0 : counter.count();
    }

    /**
     * The dead letters of the event whose record had key {@code key}. Reads the dead-letter topic
     * until the event is there; then sends a marker on the same partition (after the event), one
     * that is refused at once too (a type profile-service does not own), and reads until the marker
     * is dead-lettered and on to the topic's end as it stands then. The consumer takes a partition's
     * records in order, so a retry of the event would have been dead-lettered before the marker:
     * every copy there is has been read.
     */
    private static List<String> deadLettersMentioning(KafkaProducer<String, byte[]> producer,
                                                      Consumer<String, byte[]> dlq, String key, UUID eventId)
            throws Exception {
        List<String> deadLetters = new ArrayList<>();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            read(dlq, deadLetters);
            return mentioning(deadLetters, eventId) > 0;
        });
        EventEnvelope marker = EventEnvelope.of(new TenantContractChanged("marker-" + id(), 1)).producedBy(Services.PROFILE);
        producer.send(new ProducerRecord<>(Topics.TENANTS, key, EventCodec.encodeToBytes(marker))).get();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            read(dlq, deadLetters);
            return mentioning(deadLetters, marker.eventId()) > 0;
        });
        Map<TopicPartition, Long> end = dlq.endOffsets(dlq.assignment());
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            read(dlq, deadLetters);
            return end.entrySet().stream().allMatch(partition -> dlq.position(partition.getKey()) >= partition.getValue());
        });
        return deadLetters.stream().filter(value -> value.contains(eventId.toString())).toList();
    }

    private static void read(Consumer<String, byte[]> dlq, List<String> deadLetters) {
        for (ConsumerRecord<String, byte[]> dead : dlq.poll(Duration.ofMillis(200))) {
            deadLetters.add(new String(dead.value(), StandardCharsets.UTF_8));
        }
    }

    private static long mentioning(List<String> deadLetters, UUID eventId) {
        return deadLetters.stream().filter(value -> value.contains(eventId.toString())).count();
    }

    private int effects(String tenantId) {
        Document effect = mongo.getCollection("effects").find(new Document("_id", tenantId)).first();
        return effect == null ? 0 : effect.getInteger("count");
    }

    private KafkaProducer<String, byte[]> producer() {
        Map<String, Object> props = KafkaTestUtils.producerProps(broker);
        props.put("key.serializer", StringSerializer.class);
        props.put("value.serializer", ByteArraySerializer.class);
        return new KafkaProducer<>(props);
    }

    private Consumer<String, byte[]> topicConsumer(String topic) {
        Map<String, Object> props = KafkaTestUtils.consumerProps(broker, "reader-" + id(), false);
        props.put("auto.offset.reset", "earliest");
        props.put("key.deserializer", StringDeserializer.class);
        props.put("value.deserializer", ByteArrayDeserializer.class);
        Consumer<String, byte[]> consumer = new DefaultKafkaConsumerFactory<String, byte[]>(props).createConsumer();
        consumer.subscribe(List.of(topic));
        return consumer;
    }

    private Consumer<String, byte[]> deadLetterConsumer() {
        return topicConsumer(Topics.deadLetter("kit-test"));
    }

    private static ProducerRecord<String, byte[]> record(String topic, EventEnvelope envelope) {
        return new ProducerRecord<>(topic, envelope.aggregateId(), EventCodec.encodeToBytes(envelope));
    }

    private static String id() {
        return UUID.randomUUID().toString();
    }
}
