package org.sra.local.bench;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Consumer-group lag read from the broker, as {@code kafka-consumer-groups --describe} reports
 * it: per group, the records of the given topics written but not yet committed by the group.
 * Spring's listener commits after each poll's batch, so the figure moves in steps of a batch.
 */
public final class ConsumerLag implements AutoCloseable {

    private final Admin admin;

    public ConsumerLag(String bootstrapServers) {
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 8000));
    }

    /**
     * Records of {@code topics} not yet committed by {@code group} (topics it does not read count
     * nothing); -1 when the broker did not answer.
     */
    public long of(String group, Set<String> topics) {
        try {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(8, TimeUnit.SECONDS);
            // only the topics the group reads (it committed on one of their partitions); there, a
            // partition it never committed on counts from its start
            Set<String> read = new HashSet<>();
            committed.keySet().stream().map(TopicPartition::topic).filter(topics::contains).forEach(read::add);
            Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
            admin.describeTopics(read).allTopicNames().get(8, TimeUnit.SECONDS).values().forEach(topic ->
                    topic.partitions().forEach(p -> ends.put(new TopicPartition(topic.name(), p.partition()),
                            OffsetSpec.latest())));
            if (ends.isEmpty()) {
                return 0;
            }
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> latest = admin.listOffsets(ends).all()
                    .get(8, TimeUnit.SECONDS);
            long lag = 0;
            for (Map.Entry<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> end : latest.entrySet()) {
                OffsetAndMetadata at = committed.get(end.getKey());
                lag += Math.max(0, end.getValue().offset() - (at == null ? 0 : at.offset()));
            }
            return lag;
        } catch (ExecutionException | TimeoutException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** Lag per consumer group and topic, every group the broker knows; for {@code bench/lag.sh}. */
    public SortedMap<String, SortedMap<String, Long>> all() throws Exception {
        SortedMap<String, SortedMap<String, Long>> lags = new TreeMap<>();
        for (var group : admin.listGroups().all().get(8, TimeUnit.SECONDS)) {
            String id = group.groupId();
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(id)
                    .partitionsToOffsetAndMetadata().get(8, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
            committed.keySet().forEach(p -> ends.put(p, OffsetSpec.latest()));
            var latest = admin.listOffsets(ends).all().get(8, TimeUnit.SECONDS);
            SortedMap<String, Long> byTopic = new TreeMap<>();
            latest.forEach((p, end) -> byTopic.merge(p.topic(),
                    Math.max(0, end.offset() - committed.get(p).offset()), Long::sum));
            lags.put(id, byTopic);
        }
        return lags;
    }

    /** Prints every group's lag per topic: {@code ConsumerLag <bootstrap servers>}. */
    public static void main(String[] args) throws Exception {
        try (ConsumerLag lag = new ConsumerLag(args.length > 0 ? args[0] : "127.0.0.1:9092")) {
            lag.all().forEach((group, topics) -> topics.forEach((topic, n) ->
                    System.out.printf("%-24s %-22s %,8d%n", group, topic, n)));
        }
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(3));
    }
}
