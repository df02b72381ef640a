package org.sra.kit.testapp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureTestRestTemplate;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.utils.KafkaTestUtils;
import org.sra.events.EventCodec;
import org.sra.events.EventEnvelope;
import org.sra.events.Topics;
import org.sra.events.tenant.TenantContractChanged;
import org.sra.events.tenant.TenantProvisioned;
import org.sra.kit.outbox.EventPublisher;
import org.sra.kit.outbox.PendingEvent;
import org.sra.kit.outbox.OutboxRelay;
import org.sra.kit.test.SraIntegrationTest;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * The outbox and the idempotent consumer against a real Kafka broker and the embedded store:
 * nothing is lost when the relay stops between the write and the publish, nothing is applied
 * twice when an event is published or delivered again, and poison goes to the dead-letter topic
 * without stopping the partition.
 */
@SraIntegrationTest
// as the HTTP tests have it: one Spring context (and one embedded Kafka broker) for all the kit's tests
@AutoConfigureTestRestTemplate
class OutboxAndConsumerIntegrationTests {

    @Autowired
    Widgets widgets;
    @Autowired
    OutboxRelay relay;
    @Autowired
    EventPublisher publisher;
    @Autowired
    MongoTemplate mongo;
    @Autowired
    EmbeddedKafkaBroker broker;

    @AfterEach
    void relayRunsAgain() {
        relay.start();
    }

    @Test
    void eventsWrittenWhileTheRelayIsStoppedArePublishedOnceWhenItStartsAgain() throws Exception {
        relay.stop();
        Widget widget = widgets.save(Widget.create(id(), "tenant-a", "first"));

        consumerPassedAMarkerAfter(widget.id()); // had the stopped relay sent it, it would have taken effect first
        assertThat(effects(widget.id())).isZero();
        assertThat(widgets.findById(widget.id()).orElseThrow().pendingEvents()).hasSize(1);

        relay.start();

        await().atMost(Duration.ofSeconds(20)).until(() -> effects(widget.id()) == 1);
        await().atMost(Duration.ofSeconds(5))
                .until(() -> widgets.findById(widget.id()).orElseThrow().pendingEvents().isEmpty());
        consumerPassedAMarkerAfter(widget.id());
        assertThat(effects(widget.id())).isEqualTo(1);
    }

    @Test
    void aCrashAfterPublishingButBeforeMarkingSentPublishesAgainButTakesEffectOnce() throws Exception {
        relay.stop();
        Widget widget = widgets.save(Widget.create(id(), "tenant-a", "crashy"));
        AtomicBoolean crashed = new AtomicBoolean();
        EventPublisher crashingAfterSend = event -> {
            publisher.publish(event);
            crashed.set(true);
            throw new IllegalStateException("process died before marking the event sent");
        };
        OutboxRelay dying = new OutboxRelay(mongo, crashingAfterSend,
                new OutboxRelay.OutboxSettings(true, Duration.ofMillis(50), Duration.ofSeconds(30), 10),
                Clock.systemUTC(), new SimpleMeterRegistry());

        assertThat(dying.relayOnce()).isZero();
        assertThat(crashed).isTrue();
        assertThat(widgets.findById(widget.id()).orElseThrow().pendingEvents()).hasSize(1);

        relay.start();

        await().atMost(Duration.ofSeconds(20))
                .until(() -> widgets.findById(widget.id()).orElseThrow().pendingEvents().isEmpty());
        await().atMost(Duration.ofSeconds(20)).until(() -> effects(widget.id()) == 1);
        consumerPassedAMarkerAfter(widget.id()); // both copies are on the partition before the marker
        assertThat(effects(widget.id())).isEqualTo(1);
    }

    @Test
    void savingAStaleCopyDoesNotPutBackAnEventTheRelayAlreadySent() throws Exception {
        relay.stop();
        Widget saved = widgets.save(Widget.create(id(), "tenant-a", "stale"));
        Widget stale = widgets.findById(saved.id()).orElseThrow();
        assertThat(stale.pendingEvents()).hasSize(1);

        assertThat(relay.relayOnce()).isGreaterThanOrEqualTo(1);
        stale.changeContract(5);
        widgets.save(stale);

        assertThat(widgets.findById(saved.id()).orElseThrow().pendingEvents())
                .singleElement().satisfies(event -> assertThat(event.type()).isEqualTo("TenantContractChanged"));
        relay.start();
        await().atMost(Duration.ofSeconds(20)).until(() -> effects(saved.id()) == 2);
        consumerPassedAMarkerAfter(saved.id());
        assertThat(effects(saved.id())).isEqualTo(2);
    }

    @Test
    void oneDocumentsEventsForSeveralKeysAreSentTogetherEachKeyInOrder() throws Exception {
        relay.stop();
        List<String> keys = List.of(id(), id(), id());
        Widget widget = Widget.create(id(), "tenant-a", "many keys");
        widget.announceContracts(keys, 3);
        widgets.save(widget);

        assertThat(relay.relayOnce()).isGreaterThanOrEqualTo(10); // TenantProvisioned + 9 contract changes
        assertThat(widgets.findById(widget.id()).orElseThrow().pendingEvents()).isEmpty();

        Map<String, List<Integer>> seen = new HashMap<>();
        try (Consumer<String, byte[]> tenants = topicConsumer(Topics.TENANTS)) {
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                for (ConsumerRecord<String, byte[]> record : KafkaTestUtils.getRecords(tenants, Duration.ofMillis(500))) {
                    if (keys.contains(record.key())) {
                        seen.computeIfAbsent(record.key(), k -> new ArrayList<>()).add(EventCodec
                                .decode(record.value()).payload(TenantContractChanged.class).devicesPerUser());
                    }
                }
                return seen.values().stream().mapToInt(List::size).sum() >= 9;
            });
        }
        keys.forEach(key -> assertThat(seen.get(key)).as("events of %s in the order raised", key)
                .containsExactly(1, 2, 3));
    }

    @Test
    void whenPartOfADocumentsBatchIsNotTakenTheWholeBatchStaysPending() {
        relay.stop();
        Widget widget = Widget.create(id(), "tenant-a", "half sent");
        widget.announceContracts(List.of(id(), id()), 2);
        widgets.save(widget);
        EventPublisher halfTaken = new EventPublisher() {
            @Override
            public void publish(PendingEvent event) {
                publisher.publish(event);
            }

            @Override
            public void publishAll(List<PendingEvent> events) {
                publisher.publishAll(events.subList(0, 2));
                throw new IllegalStateException("the broker did not take the rest");
            }
        };
        OutboxRelay failing = new OutboxRelay(mongo, halfTaken,
                new OutboxRelay.OutboxSettings(true, Duration.ofMillis(50), Duration.ofSeconds(30), 10),
                Clock.systemUTC(), new SimpleMeterRegistry());

        assertThat(failing.relayOnce()).isZero();
        assertThat(widgets.findById(widget.id()).orElseThrow().pendingEvents()).hasSize(5);

        assertThat(relay.relayOnce()).isGreaterThanOrEqualTo(5); // sent again in full; consumers dedupe
        assertThat(widgets.findById(widget.id()).orElseThrow().pendingEvents()).isEmpty();
    }

    @Test
    void theSameEventDeliveredTwiceHasOneEffect() throws Exception {
        String tenant = id();
        EventEnvelope envelope = EventEnvelope.of(tenant, new TenantContractChanged(tenant, 4));
        try (var producer = producer()) {
            producer.send(record(envelope)).get();
            producer.send(record(envelope)).get();
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> effects(tenant) == 1);
        consumerPassedAMarkerAfter(envelope.aggregateId()); // the second delivery came before the marker
        assertThat(effects(tenant)).isEqualTo(1);
        assertThat(mongo.getCollection("handled_events").countDocuments(new Document("_id", envelope.eventId().toString())))
                .isEqualTo(1);
    }

    @Test
    void poisonGoesToTheDeadLetterTopicAfterBoundedRetriesAndThePartitionKeepsFlowing() throws Exception {
        String tenant = id();
        EventEnvelope poison = EventEnvelope.of(tenant, new TenantProvisioned(tenant, "poison pill", 2, "10.0.0.0/24"));
        EventEnvelope next = EventEnvelope.of(tenant, new TenantContractChanged(tenant, 3));
        try (var producer = producer();
             Consumer<String, byte[]> dlq = deadLetterConsumer()) {
            producer.send(new ProducerRecord<>(Topics.TENANTS, tenant, "{not json".getBytes(StandardCharsets.UTF_8))).get();
            producer.send(record(poison)).get();
            producer.send(record(next)).get();

            await().atMost(Duration.ofSeconds(30)).until(() -> effects(tenant) == 1);

            List<String> deadLetters = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (ConsumerRecord<String, byte[]> dead : KafkaTestUtils.getRecords(dlq, Duration.ofMillis(500))) {
                    deadLetters.add(new String(dead.value(), StandardCharsets.UTF_8));
                }
                return deadLetters.stream().filter(v -> v.contains(poison.eventId().toString()) || v.equals("{not json"))
                        .count() == 2;
            });
        }
        assertThat(KitTestApplication.FAILING_ATTEMPTS.get(tenant)).hasValue(3);
    }

    @Test
    void aRemovedAggregateIsDeletedOnceItsLastEventIsOut() {
        Widget widget = widgets.save(Widget.create(id(), "tenant-a", "short-lived"));
        await().atMost(Duration.ofSeconds(20)).until(() -> effects(widget.id()) == 1);
        Widget stored = widgets.findById(widget.id()).orElseThrow();
        stored.remove();
        widgets.save(stored);
        await().atMost(Duration.ofSeconds(20)).until(() -> widgets.findById(widget.id()).isEmpty());
    }

    @Test
    void eventsTheBrokerTakesAtOnceNeedNoOutboxWrite() {
        relay.stop();
        String tenant = id();
        String document = id();

        assertThat(relay.publishOrKeep("widgets", document, contractChanged(tenant, 7))).isTrue();

        assertThat(widgetsWithId(document)).isZero();
        await().atMost(Duration.ofSeconds(20)).until(() -> effects(tenant) == 1);
    }

    @Test
    void eventsTheBrokerRefusedAreKeptForTheRelayWhichSendsThemLater() {
        relay.stop();
        String tenant = id();
        String document = id();
        OutboxRelay refused = brokerDown();

        assertThat(refused.publishOrKeep("widgets", document, contractChanged(tenant, 8))).isFalse();

        assertThat(widgetsWithId(document)).isOne();
        assertThat(effects(tenant)).as("not out yet").isZero();
        assertThat(relay.relayOnce()).isGreaterThanOrEqualTo(1); // the broker is back
        assertThat(widgetsWithId(document)).isZero();
        await().atMost(Duration.ofSeconds(20)).until(() -> effects(tenant) == 1);
    }

    @Test
    void aTombstoneThatGotAnotherEventWhileItsBatchWasOutStaysUntilThatOneIsOutToo() {
        relay.stop();
        String first = id();
        String second = id();
        String document = id();
        OutboxRelay refused = brokerDown();
        refused.publishOrKeep("widgets", document, contractChanged(first, 1));
        String spare = id();
        refused.publishOrKeep("widgets", spare, contractChanged(second, 2));
        Document late = mongo.getCollection("widgets").find(new Document("_id", spare)).first()
                .getList("outbox", Document.class).getFirst();
        mongo.getCollection("widgets").deleteOne(new Document("_id", spare));
        EventPublisher appendingMeanwhile = event -> {
            publisher.publish(event);
            // a writer appends another event to the tombstone while its batch is on the way
            mongo.getCollection("widgets").updateOne(new Document("_id", document),
                    new Document("$push", new Document("outbox", late)));
        };
        OutboxRelay racing = new OutboxRelay(mongo, appendingMeanwhile,
                new OutboxRelay.OutboxSettings(true, Duration.ofMillis(50), Duration.ofSeconds(30), 10),
                Clock.systemUTC(), new SimpleMeterRegistry());

        assertThat(racing.relayOnce()).isGreaterThanOrEqualTo(1);

        Document left = mongo.getCollection("widgets").find(new Document("_id", document)).first();
        assertThat(left).as("kept: one event is not out yet").isNotNull();
        assertThat(left.getList("outbox", Document.class)).singleElement()
                .satisfies(event -> assertThat(event.getString("eventId")).isEqualTo(late.getString("eventId")));
        await().atMost(Duration.ofSeconds(20)).until(() -> effects(first) == 1);
        assertThat(relay.relayOnce()).isGreaterThanOrEqualTo(1);
        assertThat(widgetsWithId(document)).isZero();
        await().atMost(Duration.ofSeconds(20)).until(() -> effects(second) == 1);
        assertThat(effects(first)).isOne();
    }

    @Test
    void aTopicMetForTheFirstTimeIsCreatedWithTheBindersPartitionCount() throws Exception {
        String topic = "sra.kit-test-fresh-" + id();
        EventEnvelope envelope = EventEnvelope.of("tenant-a", new TenantContractChanged("tenant-a", 2));
        PendingEvent pending = PendingEvent.of(envelope);

        publisher.publishAll(List.of(new PendingEvent(pending.eventId(), pending.type(), topic, pending.key(),
                pending.envelope(), pending.raisedAt())));

        try (var admin = Admin.create(
                Map.of("bootstrap.servers", broker.getBrokersAsString()))) {
            assertThat(admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions()).hasSize(3);
        }
        try (Consumer<String, byte[]> reader = topicConsumer(topic)) {
            ConsumerRecord<String, byte[]> record = KafkaTestUtils.getSingleRecord(reader, topic, Duration.ofSeconds(20));
            assertThat(record.key()).isEqualTo("tenant-a");
            assertThat(EventCodec.decode(record.value()).eventId()).isEqualTo(envelope.eventId());
            assertThat(new String(record.headers().lastHeader("sra_event_type").value(), StandardCharsets.UTF_8))
                    .isEqualTo("TenantContractChanged");
        }
    }

    /**
     * Sends a marker event with record key {@code key} (so on the same partition, after whatever
     * was published for that key until now) and waits until the consumer has taken it. Then an
     * event for that key that was on the topic before has been handled too: a check that it did
     * NOT take effect (again) can follow, with no fixed sleep.
     */
    private void consumerPassedAMarkerAfter(String key) throws Exception {
        String marker = "marker-" + id();
        EventEnvelope envelope = EventEnvelope.of(marker, new TenantContractChanged(marker, 1));
        try (var producer = producer()) {
            producer.send(new ProducerRecord<>(Topics.TENANTS, key, EventCodec.encodeToBytes(envelope))).get();
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> effects(marker) == 1);
    }

    /** One pending {@code TenantContractChanged} of {@code tenant}, as a writer hands it over. */
    private static List<PendingEvent> contractChanged(String tenant, int devicesPerUser) {
        return List.of(PendingEvent.of(EventEnvelope.of(tenant, new TenantContractChanged(tenant, devicesPerUser))));
    }

    private long widgetsWithId(String id) {
        return mongo.getCollection("widgets").countDocuments(new Document("_id", id));
    }

    /** A relay on the same store whose broker refuses every event. */
    private OutboxRelay brokerDown() {
        return new OutboxRelay(mongo, event -> {
            throw new IllegalStateException("broker down");
        }, new OutboxRelay.OutboxSettings(true, Duration.ofMillis(50), Duration.ofSeconds(30), 10), Clock.systemUTC(),
                new SimpleMeterRegistry());
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
        Map<String, Object> props = KafkaTestUtils.consumerProps(broker, "dlq-reader-" + id(), false);
        props.put("auto.offset.reset", "earliest");
        props.put("key.deserializer", StringDeserializer.class);
        props.put("value.deserializer", ByteArrayDeserializer.class);
        Consumer<String, byte[]> consumer = new DefaultKafkaConsumerFactory<String, byte[]>(props).createConsumer();
        consumer.subscribe(List.of(Topics.deadLetter("kit-test")));
        return consumer;
    }

    private static ProducerRecord<String, byte[]> record(EventEnvelope envelope) {
        return new ProducerRecord<>(envelope.topic(), envelope.aggregateId(), EventCodec.encodeToBytes(envelope));
    }

    private static String id() {
        return UUID.randomUUID().toString();
    }
}
