package org.sra.device;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.function.Predicate;
import java.util.stream.IntStream;

import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.sra.events.EventCodec;
import org.sra.events.EventEnvelope;
import org.sra.events.EventPayload;
import org.sra.events.Topics;

/**
 * Publishes events to device-service through the embedded broker, and collects what it
 * publishes on {@code sra.devices} (one reader for the whole test JVM, from the beginning of
 * the topic; tests pick their own tenant's events).
 */
public final class TestEvents {

    private static final List<EventEnvelope> DEVICE_EVENTS = new CopyOnWriteArrayList<>();
    private static KafkaProducer<String, byte[]> producer;
    private static String brokers;

    private TestEvents() {
    }

    public static void publish(EmbeddedKafkaBroker broker, EventPayload payload) {
        publish(broker, EventEnvelope.of(payload));
    }

    /** Publishes this very envelope (publish it twice to test a redelivery). */
    public static synchronized void publish(EmbeddedKafkaBroker broker, EventEnvelope envelope) {
        start(broker);
        try {
            producer.send(new ProducerRecord<>(envelope.topic(), envelope.aggregateId(),
                    EventCodec.encodeToBytes(envelope))).get();
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every event device-service published for the tenant so far, oldest first per device. */
    public static List<EventEnvelope> publishedFor(String tenant) {
        return DEVICE_EVENTS.stream().filter(e -> e.tenantId().equals(tenant)).toList();
    }

    /** Waits until device-service published a {@code type} for the tenant that matches. */
    public static <P extends EventPayload> P awaitPublished(EmbeddedKafkaBroker broker, String tenant, Class<P> type,
                                                          Predicate<P> matching) {
        start(broker);
        return await().atMost(Duration.ofSeconds(30)).until(() -> publishedFor(tenant).stream()
                .map(EventEnvelope::payload).filter(type::isInstance).map(type::cast).filter(matching)
                .findFirst().orElse(null), java.util.Objects::nonNull);
    }

    public static <P extends EventPayload> List<P> published(String tenant, Class<P> type) {
        return publishedFor(tenant).stream().map(EventEnvelope::payload).filter(type::isInstance).map(type::cast)
                .toList();
    }

    private static synchronized void start(EmbeddedKafkaBroker broker) {
        if (broker.getBrokersAsString().equals(brokers)) {
            return;
        }
        brokers = broker.getBrokersAsString();
        try (AdminClient admin = AdminClient.create(Map.of("bootstrap.servers", brokers))) {
            admin.createTopics(List.of(new NewTopic(Topics.DEVICES, 3, (short) 1),
                    new NewTopic(Topics.DEVICE_IMPORTS, 3, (short) 1), new NewTopic(Topics.AUDIT, 3, (short) 1)))
                    .all().get();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException(e);
            }
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
        producer = new KafkaProducer<>(Map.of("bootstrap.servers", brokers, "key.serializer", StringSerializer.class,
                "value.serializer", ByteArraySerializer.class, "acks", "all"));
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", brokers,
                "key.deserializer", StringDeserializer.class, "value.deserializer", ByteArrayDeserializer.class));
        List<TopicPartition> partitions = java.util.stream.Stream.of(Topics.DEVICES, Topics.DEVICE_IMPORTS, Topics.AUDIT)
                .flatMap(topic -> IntStream.range(0, consumer.partitionsFor(topic).size())
                        .mapToObj(p -> new TopicPartition(topic, p)))
                .toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        Thread.ofPlatform().daemon().name("test-device-events").start(() -> {
            while (true) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    DEVICE_EVENTS.add(EventCodec.decode(record.value()));
                }
            }
        });
    }
}
