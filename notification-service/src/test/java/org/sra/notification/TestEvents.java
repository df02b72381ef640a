package org.sra.notification;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.utils.KafkaTestUtils;
import org.sra.events.EventCodec;
import org.sra.events.EventEnvelope;
import org.sra.events.Topics;

/** Puts events on the embedded broker as other services would, and reads what this one published. */
public final class TestEvents {

    private TestEvents() {
    }

    public static void publish(EmbeddedKafkaBroker broker, EventEnvelope envelope) {
        send(broker, envelope.topic(), envelope.aggregateId(), EventCodec.encodeToBytes(envelope));
    }

    /** Publishes many events with one producer, as another service's outbox relay does in a batch. */
    public static void publishAll(EmbeddedKafkaBroker broker, List<EventEnvelope> envelopes) {
        Map<String, Object> props = KafkaTestUtils.producerProps(broker);
        props.put("key.serializer", StringSerializer.class);
        props.put("value.serializer", ByteArraySerializer.class);
        try (var producer = new KafkaProducer<String, byte[]>(props)) {
            List<java.util.concurrent.Future<?>> sent = new ArrayList<>();
            for (EventEnvelope envelope : envelopes) {
                sent.add(producer.send(new ProducerRecord<>(envelope.topic(), envelope.aggregateId(),
                        EventCodec.encodeToBytes(envelope))));
            }
            for (java.util.concurrent.Future<?> each : sent) {
                each.get();
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A record that is not an event at all (a poison message). */
    public static void publishGarbage(EmbeddedKafkaBroker broker, String topic) {
        send(broker, topic, "garbage", "this is not an event".getBytes(StandardCharsets.UTF_8));
    }

    private static void send(EmbeddedKafkaBroker broker, String topic, String key, byte[] value) {
        Map<String, Object> props = KafkaTestUtils.producerProps(broker);
        props.put("key.serializer", StringSerializer.class);
        props.put("value.serializer", ByteArraySerializer.class);
        try (var producer = new KafkaProducer<String, byte[]>(props)) {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Waits for mail events (MailSent/MailFailed) matching {@code wanted} on {@code sra.mails}. */
    public static List<EventEnvelope> awaitMailEvents(EmbeddedKafkaBroker broker, Predicate<EventEnvelope> wanted,
                                                      int count) {
        return awaitEvents(broker, Topics.MAILS, wanted, count);
    }

    /** Waits (at most 30 s) for {@code count} events matching {@code wanted} on {@code topic}. */
    public static List<EventEnvelope> awaitEvents(EmbeddedKafkaBroker broker, String topic,
                                                  Predicate<EventEnvelope> wanted, int count) {
        Map<String, Object> props = KafkaTestUtils.consumerProps(broker, "test-" + UUID.randomUUID(), false);
        props.put("key.deserializer", StringDeserializer.class);
        props.put("value.deserializer", ByteArrayDeserializer.class);
        List<EventEnvelope> found = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        try (var consumer = new KafkaConsumer<String, byte[]>(props)) {
            // Assigned, not subscribed: reading from the start needs no consumer-group round trips.
            List<TopicPartition> partitions = List.of();
            while (partitions.isEmpty() && System.nanoTime() < deadline) {
                partitions = consumer.partitionsFor(topic).stream()
                        .map(info -> new TopicPartition(topic, info.partition())).toList();
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (found.size() < count && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(300))) {
                    EventEnvelope envelope = EventCodec.decode(record.value());
                    if (wanted.test(envelope)) {
                        found.add(envelope);
                    }
                }
            }
        }
        return found;
    }
}
