package org.sra.local.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sra.local.FreePorts;

/**
 * The broker child JVM is a real Kafka: a record produced with kafka-clients is consumed, and
 * after a stop and a start on the same directory the topic, its record and the group's committed
 * offset are still there.
 */
class KafkaBrokerIntegrationTests {

    private static final Path LIBS = Path.of("target", "kafka-libs");
    private static final String TOPIC = "sra.tenant";

    @TempDir
    Path dir;

    @Test
    void aRestartedBrokerKeepsTopicsRecordsAndOffsets() throws Exception {
        int port = FreePorts.next();
        int controllerPort = FreePorts.next();
        KafkaBroker broker = broker(port, controllerPort);
        try {
            broker.start(Duration.ofSeconds(90));
            try (KafkaProducer<String, String> producer = producer(broker)) {
                producer.send(new ProducerRecord<>(TOPIC, "tenant-1", "{\"type\":\"TenantProvisioned\"}")).get();
            }
            List<ConsumerRecord<String, String>> first = consume(broker, "device-service", 1);
            assertThat(first).extracting(ConsumerRecord::key).containsExactly("tenant-1");
            try (Admin admin = admin(broker)) {
                assertThat(admin.describeTopics(List.of(TOPIC)).allTopicNames().get().get(TOPIC).partitions())
                        .hasSize(3);
            }
        } finally {
            broker.close();
        }
        assertThat(broker.isAlive()).isFalse();

        broker = broker(port, controllerPort);
        try {
            broker.start(Duration.ofSeconds(90));
            try (Admin admin = admin(broker)) {
                assertThat(admin.listTopics().names().get()).contains(TOPIC);
            }
            assertThat(consume(broker, "a-new-group", 1)).extracting(ConsumerRecord::value)
                    .containsExactly("{\"type\":\"TenantProvisioned\"}");
            try (KafkaProducer<String, String> producer = producer(broker)) {
                producer.send(new ProducerRecord<>(TOPIC, "tenant-2", "second")).get();
            }
            // the first group committed its offset before the restart: it only sees the new record
            assertThat(consume(broker, "device-service", 1)).extracting(ConsumerRecord::key).containsExactly("tenant-2");
        } finally {
            broker.close();
        }
    }

    private KafkaBroker broker(int port, int controllerPort) {
        return new KafkaBroker(dir.resolve("kafka"), LIBS, dir.resolve("logs/kafka.log"), port, controllerPort);
    }

    private static KafkaProducer<String, String> producer(KafkaBroker broker) {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer());
    }

    private static Admin admin(KafkaBroker broker) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
    }

    private static List<ConsumerRecord<String, String>> consume(KafkaBroker broker, String group, int count) {
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, group,
                ConsumerConfig.CLIENT_ID_CONFIG, group + "-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false"), new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(TOPIC));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (records.size() < count && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(records::add);
            }
            consumer.commitSync();
        }
        return records;
    }
}
