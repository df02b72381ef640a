package org.sra.kit.outbox;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;

/**
 * How far behind the slowest live consumer group is on a set of topics: for every group named in
 * {@code groups} (all groups when empty) that has members, the records between its committed
 * offsets and the end of each partition of those topics, the largest sum. Only the services' own
 * groups count by default: a tool reading with its own group (a console consumer, a test reader
 * that never commits) must not hold the relay back, nor must a group without members (a service
 * scaled to zero). Read with Kafka's admin client at most every {@code maxAge}; -1 when the broker
 * does not answer.
 */
public class KafkaConsumerLag implements ConsumerLag, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(KafkaConsumerLag.class);

    private final Admin admin;
    private final Duration maxAge;
    private final Duration timeout;
    private final Set<String> groups;
    private volatile long readAt;
    private volatile Set<String> readFor = Set.of();
    private volatile long last = -1;
    private final AtomicLong readings = new AtomicLong();

    public KafkaConsumerLag(Map<String, Object> adminConfig, Set<String> groups, Duration maxAge, Duration timeout) {
        this.admin = Admin.create(adminConfig);
        this.groups = Set.copyOf(groups);
        this.maxAge = maxAge;
        this.timeout = timeout;
    }

    @Override
    public long of(Set<String> topics) {
        long now = System.nanoTime();
        if (topics.isEmpty()) {
            return 0;
        }
        if (topics.equals(readFor) && now - readAt < maxAge.toNanos()) {
            return last;
        }
        long lag;
        try {
            lag = read(topics);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            log.debug("Could not read consumer lag: {}", e.toString());
            lag = -1;
        }
        last = lag;
        readFor = Set.copyOf(topics);
        readAt = now;
        readings.incrementAndGet();
        return lag;
    }

    @Override
    public long readings() {
        return readings.get();
    }

    private long read(Set<String> topics) throws Exception {
        long ms = timeout.toMillis();
        Collection<String> live = admin.listConsumerGroups().all().get(ms, TimeUnit.MILLISECONDS).stream()
                .map(listing -> listing.groupId()).filter(id -> groups.isEmpty() || groups.contains(id)).toList();
        if (live.isEmpty()) {
            return 0;
        }
        Map<String, ConsumerGroupDescription> described = admin.describeConsumerGroups(live).all()
                .get(ms, TimeUnit.MILLISECONDS);
        Map<TopicPartition, Long> ends = null;
        long worst = 0;
        for (ConsumerGroupDescription group : described.values()) {
            if (group.members().isEmpty() || group.groupState() == GroupState.DEAD) {
                continue;
            }
            boolean readsOurs = group.members().stream().anyMatch(member -> member.assignment().topicPartitions()
                    .stream().anyMatch(tp -> topics.contains(tp.topic())));
            if (!readsOurs) {
                continue;
            }
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group.groupId())
                    .partitionsToOffsetAndMetadata().get(ms, TimeUnit.MILLISECONDS);
            if (ends == null) {
                ends = endOffsets(topics, ms);
            }
            long behind = 0;
            for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
                OffsetAndMetadata at = committed.get(end.getKey());
                boolean assigned = group.members().stream().anyMatch(m -> m.assignment().topicPartitions()
                        .contains(end.getKey()));
                if (at != null || assigned) {
                    behind += Math.max(0, end.getValue() - (at == null ? 0 : at.offset()));
                }
            }
            worst = Math.max(worst, behind);
        }
        return worst;
    }

    private Map<TopicPartition, Long> endOffsets(Set<String> topics, long ms) throws Exception {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        admin.describeTopics(topics).allTopicNames().get(ms, TimeUnit.MILLISECONDS).forEach((topic, description) ->
                description.partitions().forEach(p -> latest.put(new TopicPartition(topic, p.partition()),
                        OffsetSpec.latest())));
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> offsets = admin.listOffsets(latest).all()
                .get(ms, TimeUnit.MILLISECONDS);
        Map<TopicPartition, Long> ends = new HashMap<>();
        offsets.forEach((tp, info) -> ends.put(tp, info.offset()));
        return ends;
    }

    @Override
    public void destroy() {
        admin.close(Duration.ofSeconds(2));
    }
}
