package org.sra.kit.outbox;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;
import org.sra.kit.logging.TraceContexts;

/**
 * Publishes with spring-kafka's {@link KafkaTemplate} — the producer underneath Spring Cloud
 * Stream's Kafka binder — configured from the binder's own properties
 * ({@code spring.cloud.stream.kafka.binder.brokers}, {@code configuration},
 * {@code producer-properties}: acks=all, idempotence, timeouts), so both sides of every topic
 * still agree on one configuration. Consumers stay Spring Cloud Stream bindings.
 *
 * <p>Why not {@code StreamBridge}: the relay needs "every event of this document is stored" before
 * it pulls them, and StreamBridge gives that only one message at a time (a synchronous send per
 * event, each through message conversion and an observation). Here a document's events are all
 * handed to the producer at once (it batches them per partition, and idempotence keeps each
 * partition's order — so a key's events stay in order) and the relay waits once for every
 * acknowledgement.
 *
 * <p>Topics: the binder creates a destination on its first use with {@code min-partition-count}
 * partitions; this publisher does the same through spring-kafka's {@code KafkaAdmin} the first time
 * it meets a topic, unless {@code auto-create-topics} is false.
 */
class KafkaTemplatePublisher implements EventPublisher, DisposableBean {

    static final String EVENT_TYPE_HEADER = "sra_event_type";
    private static final Logger log = LoggerFactory.getLogger(KafkaTemplatePublisher.class);

    private final KafkaTemplate<byte[], byte[]> template;
    private final DefaultKafkaProducerFactory<byte[], byte[]> producers;
    private final KafkaAdmin admin;
    private final KafkaPublisherSettings settings;
    private final Set<String> provisioned = ConcurrentHashMap.newKeySet();

    KafkaTemplatePublisher(KafkaPublisherSettings settings) {
        this.settings = settings;
        Map<String, Object> common = new HashMap<>(settings.configuration());
        common.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.brokers());
        Map<String, Object> producer = new HashMap<>(common);
        producer.putAll(settings.producerProperties());
        producer.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        producer.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        producer.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, settings.clientId() + "-outbox");
        this.producers = new DefaultKafkaProducerFactory<>(producer);
        this.template = new KafkaTemplate<>(producers);
        Map<String, Object> adminConfig = new HashMap<>(common);
        adminConfig.put(AdminClientConfig.CLIENT_ID_CONFIG, settings.clientId() + "-outbox-admin");
        this.admin = new KafkaAdmin(adminConfig);
        admin.setOperationTimeout((int) Math.max(1, settings.ackTimeout().toSeconds()));
    }

    @Override
    public void publish(PendingEvent event) {
        publishAll(List.of(event));
    }

    @Override
    public void publishAll(List<PendingEvent> events) {
        provision(events);
        List<CompletableFuture<SendResult<byte[], byte[]>>> sent = new ArrayList<>(events.size());
        for (PendingEvent event : events) {
            sent.add(template.send(record(event)));
        }
        long giveUp = System.nanoTime() + settings.ackTimeout().toNanos();
        for (int i = 0; i < sent.size(); i++) {
            try {
                sent.get(i).get(Math.max(0, giveUp - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (ExecutionException e) {
                throw new IllegalStateException("broker did not take event " + events.get(i).eventId() + " for "
                        + events.get(i).topic() + ": " + e.getCause(), e.getCause());
            } catch (TimeoutException e) {
                throw new IllegalStateException("broker did not acknowledge event " + events.get(i).eventId()
                        + " within " + settings.ackTimeout(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while publishing", e);
            }
        }
    }

    /**
     * Hands every event of every document to the producer at once (it batches them per partition;
     * idempotence keeps each partition's order), then waits once for all acknowledgements, up to
     * the ack timeout for the whole call. A document counts as taken when all its events were.
     */
    @Override
    public boolean[] publishEach(List<List<PendingEvent>> documents) {
        boolean[] taken = new boolean[documents.size()];
        try {
            provision(documents.stream().flatMap(List::stream).toList());
        } catch (RuntimeException e) {
            log.warn("Could not create topics for {} outbox documents: {}", documents.size(), e.toString());
            return taken;
        }
        List<List<CompletableFuture<SendResult<byte[], byte[]>>>> sent = new ArrayList<>(documents.size());
        for (List<PendingEvent> events : documents) {
            List<CompletableFuture<SendResult<byte[], byte[]>>> futures = new ArrayList<>(events.size());
            for (PendingEvent event : events) {
                try {
                    futures.add(template.send(record(event)));
                } catch (RuntimeException e) { // the producer refused at once (e.g. max.block.ms ran out)
                    futures.add(CompletableFuture.failedFuture(e));
                }
            }
            sent.add(futures);
        }
        long giveUp = System.nanoTime() + settings.ackTimeout().toNanos();
        Throwable firstFailure = null;
        for (int i = 0; i < sent.size(); i++) {
            boolean all = true;
            for (CompletableFuture<SendResult<byte[], byte[]>> future : sent.get(i)) {
                try {
                    future.get(Math.max(0, giveUp - System.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (ExecutionException e) {
                    all = false;
                    firstFailure = firstFailure == null ? e.getCause() : firstFailure;
                } catch (TimeoutException e) {
                    all = false;
                    firstFailure = firstFailure == null ? e : firstFailure;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return new boolean[documents.size()];
                }
            }
            taken[i] = all;
        }
        if (firstFailure != null) {
            log.warn("The broker did not take every event of {} outbox documents: {}", documents.size(),
                    firstFailure.toString());
        }
        return taken;
    }

    /**
     * The event's record: key, the envelope's bytes, its type as a header and, where the event kept
     * the trace of the request that raised it, that trace as the W3C {@code traceparent} header
     * (the consumer continues it).
     */
    private static ProducerRecord<byte[], byte[]> record(PendingEvent event) {
        List<Header> headers = new ArrayList<>(2);
        headers.add(new RecordHeader(EVENT_TYPE_HEADER, event.type().getBytes(StandardCharsets.UTF_8)));
        if (event.traceparent() != null) {
            headers.add(new RecordHeader(TraceContexts.TRACEPARENT, event.traceparent().getBytes(StandardCharsets.UTF_8)));
        }
        return new ProducerRecord<>(event.topic(), null, event.key().getBytes(StandardCharsets.UTF_8),
                event.envelope().getBytes(StandardCharsets.UTF_8), headers);
    }

    /**
     * Creates topics met for the first time, as the binder does for a new destination; spring-kafka's
     * {@link KafkaAdmin} leaves an existing topic as it is, or adds partitions up to the binder's count.
     */
    private void provision(List<PendingEvent> events) {
        if (!settings.autoCreateTopics()) {
            return;
        }
        NewTopic[] fresh = events.stream().map(PendingEvent::topic).distinct()
                .filter(topic -> !provisioned.contains(topic))
                .map(topic -> new NewTopic(topic, settings.minPartitions(), settings.replicationFactor()))
                .toArray(NewTopic[]::new);
        if (fresh.length == 0) {
            return;
        }
        admin.createOrModifyTopics(fresh); // throws KafkaException when the broker refuses or does not answer
        for (NewTopic topic : fresh) {
            provisioned.add(topic.name());
        }
    }

    @Override
    public void destroy() {
        producers.destroy();
    }

    /**
     * The binder's settings this publisher follows.
     *
     * @param brokers            {@code spring.cloud.stream.kafka.binder.brokers}
     * @param configuration      the binder's {@code configuration} (security etc.), for producer and admin
     * @param producerProperties the binder's {@code producer-properties}
     * @param autoCreateTopics   the binder's {@code auto-create-topics}
     * @param minPartitions      the binder's {@code min-partition-count}
     * @param replicationFactor  the binder's {@code replication-factor}
     * @param ackTimeout         how long the relay waits for a document's acknowledgements
     * @param clientId           prefix of the client ids (the service's name)
     */
    record KafkaPublisherSettings(String brokers, Map<String, String> configuration,
                                  Map<String, String> producerProperties, boolean autoCreateTopics, int minPartitions,
                                  short replicationFactor, Duration ackTimeout, String clientId) {
    }
}
