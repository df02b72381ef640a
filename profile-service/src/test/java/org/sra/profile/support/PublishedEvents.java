package org.sra.profile.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.Awaitility;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.utils.KafkaTestUtils;
import org.sra.events.EventCodec;
import org.sra.events.EventEnvelope;
import org.sra.events.EventPayload;

/**
 * Everything profile-service published on {@code sra.profiles} and {@code sra.proxy-settings},
 * read by one background consumer per test JVM, from the beginning.
 */
public final class PublishedEvents {

    private static PublishedEvents instance;

    private static final List<String> TOPICS = List.of("sra.profiles", "sra.proxy-settings", "sra.audit");

    private final List<EventEnvelope> seen = new CopyOnWriteArrayList<>();
    /** How far the background consumer has read each partition (its positions after each poll). */
    private final Map<TopicPartition, Long> read = new ConcurrentHashMap<>();
    private final Map<String, Object> props;

    private PublishedEvents(EmbeddedKafkaBroker broker) {
        props = KafkaTestUtils.consumerProps(broker, "profile-tests-" + System.nanoTime(), false);
        props.put("auto.offset.reset", "earliest");
        props.put("metadata.max.age.ms", 300);
        props.put("key.deserializer", org.apache.kafka.common.serialization.StringDeserializer.class);
        props.put("value.deserializer", org.apache.kafka.common.serialization.ByteArrayDeserializer.class);
        Consumer<String, byte[]> consumer = new DefaultKafkaConsumerFactory<String, byte[]>(props).createConsumer();
        consumer.subscribe(Pattern.compile("sra\\.(profiles|proxy-settings|audit)"));
        Thread.ofPlatform().daemon().name("published-events").start(() -> {
            while (true) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    EventEnvelope envelope = EventCodec.decode(record.value());
                    if (!envelope.aggregateId().equals(record.key())) {
                        throw new AssertionError("record key is not the aggregate id: " + record.key());
                    }
                    // delivery is at-least-once (a save racing the relay can republish); see what a
                    // deduplicating consumer sees
                    if (seen.stream().noneMatch(e -> e.eventId().equals(envelope.eventId()))) {
                        seen.add(envelope);
                    }
                }
                for (TopicPartition partition : consumer.assignment()) {
                    read.put(partition, consumer.position(partition));
                }
            }
        });
    }

    static synchronized PublishedEvents from(EmbeddedKafkaBroker broker) {
        if (instance == null) {
            instance = new PublishedEvents(broker);
        }
        return instance;
    }

    /**
     * Waits until the background consumer has read everything on the watched topics up to now
     * (their end offsets at this call): an event published before this call is then in
     * {@link #of}.
     */
    public void caughtUp() {
        Map<TopicPartition, Long> end;
        try (Consumer<String, byte[]> probe = new DefaultKafkaConsumerFactory<String, byte[]>(props).createConsumer()) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : TOPICS) {
                for (PartitionInfo info : probe.partitionsFor(topic)) {
                    partitions.add(new TopicPartition(info.topic(), info.partition()));
                }
            }
            end = probe.endOffsets(partitions);
        }
        Awaitility.await("the test consumer reads up to " + end).atMost(Duration.ofSeconds(30))
                .until(() -> end.entrySet().stream().allMatch(e -> read.getOrDefault(e.getKey(), 0L) >= e.getValue()));
    }

    /** Payloads of one type published for one tenant so far, oldest first. */
    public <P extends EventPayload> List<P> of(String tenant, Class<P> type) {
        return seen.stream().filter(e -> e.tenantId().equals(tenant)).map(EventEnvelope::payload)
                .filter(type::isInstance).map(type::cast).toList();
    }

    /** Waits until at least {@code count} such payloads arrived, then returns all of them. */
    public <P extends EventPayload> List<P> atLeast(String tenant, Class<P> type, int count) {
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> of(tenant, type).size() >= count);
        return of(tenant, type);
    }

    public <P extends EventPayload> P last(String tenant, Class<P> type) {
        List<P> all = atLeast(tenant, type, 1);
        return all.getLast();
    }
}
