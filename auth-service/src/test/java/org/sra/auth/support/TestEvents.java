package org.sra.auth.support;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
 * Publishes the other services' events to auth-service through the embedded broker and collects
 * what auth-service publishes (connections and sessions), one reader per test JVM.
 */
public final class TestEvents {

    private static final List<EventEnvelope> PUBLISHED = new CopyOnWriteArrayList<>();
    private static KafkaProducer<String, byte[]> producer;
    private static String brokers;

    private TestEvents() {
    }

    public static synchronized EventEnvelope publish(EmbeddedKafkaBroker broker, EventPayload payload) {
        start(broker);
        EventEnvelope envelope = EventEnvelope.of(payload);
        try {
            producer.send(new ProducerRecord<>(envelope.topic(), envelope.aggregateId(),
                    EventCodec.encodeToBytes(envelope))).get();
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException(e);
        }
        return envelope;
    }

    public static <P extends EventPayload> List<P> published(String tenant, Class<P> type) {
        return PUBLISHED.stream().filter(e -> e.tenantId().equals(tenant)).map(EventEnvelope::payload)
                .filter(type::isInstance).map(type::cast).toList();
    }

    public static <P extends EventPayload> P awaitPublished(EmbeddedKafkaBroker broker, String tenant, Class<P> type,
                                                          Predicate<P> matching) {
        start(broker);
        return await().atMost(Duration.ofSeconds(30)).until(() -> published(tenant, type).stream().filter(matching)
                .findFirst().orElse(null), Objects::nonNull);
    }

    private static synchronized void start(EmbeddedKafkaBroker broker) {
        if (broker.getBrokersAsString().equals(brokers)) {
            return;
        }
        brokers = broker.getBrokersAsString();
        List<String> topics = List.of(Topics.CONNECTIONS, Topics.SESSIONS, Topics.AUDIT);
        try (AdminClient admin = AdminClient.create(Map.of("bootstrap.servers", brokers))) {
            for (String topic : topics) {
                try {
                    admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1))).all().get();
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException(e);
                    }
                }
            }
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
        producer = new KafkaProducer<>(Map.of("bootstrap.servers", brokers, "key.serializer", StringSerializer.class,
                "value.serializer", ByteArraySerializer.class, "acks", "all"));
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", brokers,
                "key.deserializer", StringDeserializer.class, "value.deserializer", ByteArrayDeserializer.class));
        List<TopicPartition> partitions = topics.stream().flatMap(t -> IntStream
                .range(0, consumer.partitionsFor(t).size()).mapToObj(p -> new TopicPartition(t, p))).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        Thread.ofPlatform().daemon().name("test-auth-events").start(() -> {
            while (true) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    PUBLISHED.add(EventCodec.decode(record.value()));
                }
            }
        });
    }
}
