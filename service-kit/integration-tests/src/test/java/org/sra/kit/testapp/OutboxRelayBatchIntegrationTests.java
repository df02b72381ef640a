package org.sra.kit.testapp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureTestRestTemplate;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.sra.kit.outbox.AggregateDocument;
import org.sra.kit.outbox.ConsumerLag;
import org.sra.kit.outbox.EventPublisher;
import org.sra.kit.outbox.KafkaConsumerLag;
import org.sra.kit.outbox.OutboxMarkers;
import org.sra.kit.outbox.OutboxRelay;
import org.sra.kit.outbox.PendingEvent;
import org.sra.kit.test.SraIntegrationTest;

import com.mongodb.client.model.Filters;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * The relay at bulk scale against a real Kafka broker and the embedded store: it finds pending
 * documents through their markers, takes the tenants in turn so one tenant's backlog does not
 * hold back another's change, wakes on a save instead of waiting for its poll, publishes with
 * one relay per database even when two replicas run, and recovers what a crash left unmarked.
 */
@SraIntegrationTest
// as the HTTP tests have it: one Spring context (and one embedded Kafka broker) for all the kit's tests
@AutoConfigureTestRestTemplate
class OutboxRelayBatchIntegrationTests {

    @Autowired
    Widgets widgets;
    @Autowired
    OutboxRelay relay;
    @Autowired
    OutboxMarkers markers;
    @Autowired
    EventPublisher publisher;
    @Autowired
    MongoTemplate mongo;
    @Autowired
    MeterRegistry meters;
    @Autowired
    EmbeddedKafkaBroker broker;

    private final List<OutboxRelay> extraRelays = new ArrayList<>();

    @AfterEach
    void onlyTheServicesRelayRunsAfterwards() {
        extraRelays.forEach(OutboxRelay::stop);
        relay.start();
    }

    @Test
    void anotherTenantsSingleChangeGoesOutInTheFirstBatchWhileOneTenantHasThousandsWaiting() {
        relay.stop();
        String bulkTenant = "bulk-" + id();
        List<Widget> backlog = IntStream.range(0, 1000).mapToObj(i -> Widget.create(id(), bulkTenant, "w" + i)).toList();
        markers.inOneWrite(() -> mongo.insertAll(backlog));
        Widget single = widgets.save(Widget.create(id(), "other-" + id(), "the other tenant's change"));
        List<List<String>> batches = new CopyOnWriteArrayList<>();
        EventPublisher recording = new EventPublisher() {
            @Override
            public void publish(PendingEvent event) {
                publisher.publish(event);
            }

            @Override
            public boolean[] publishEach(List<List<PendingEvent>> documents) {
                batches.add(documents.stream().flatMap(List::stream).map(PendingEvent::key).toList());
                return publisher.publishEach(documents);
            }
        };
        OutboxRelay batched = relay(recording, Duration.ofSeconds(30), 100);

        assertThat(batched.relayOnce()).isEqualTo(1001);

        assertThat(batches).hasSize(11);
        assertThat(batches.getFirst()).as("the first batch of 100 documents").hasSize(100).contains(single.id());
        assertThat(batches.stream().mapToInt(List::size).sum()).isEqualTo(1001);
        assertThat(widgets.findById(single.id()).orElseThrow().pendingEvents()).isEmpty();
        assertThat(mongo.getCollection(OutboxMarkers.COLLECTION).countDocuments()).isZero();
        consumed(backlog);
    }

    @Test
    void whileConsumersAreBehindABulkBacklogWaitsAndOtherTenantsChangesStillGoOut() {
        relay.stop();
        String bulkTenant = "bulk-" + id();
        List<Widget> backlog = IntStream.range(0, 300).mapToObj(i -> Widget.create(id(), bulkTenant, "b" + i)).toList();
        markers.inOneWrite(() -> mongo.insertAll(backlog));
        AtomicLong consumersBehind = new AtomicLong(10_000);
        OutboxRelay pacing = new OutboxRelay(mongo, publisher, new OutboxRelay.OutboxSettings(true, Duration.ofMillis(50),
                Duration.ofSeconds(30), 100, Duration.ofMinutes(5), 50_000, 100, 500, Duration.ofSeconds(30)), Clock.systemUTC(),
                new SimpleMeterRegistry(), markers, topics -> consumersBehind.get());
        extraRelays.add(pacing);
        pacing.start();
        Widget single = widgets.save(Widget.create(id(), "other-" + id(), "the other tenant's change"));

        await().atMost(Duration.ofSeconds(10))
                .until(() -> widgets.findById(single.id()).orElseThrow().pendingEvents().isEmpty());
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5))
                .until(() -> markersOf(bulkTenant) == 300);

        consumersBehind.set(0);

        await().atMost(Duration.ofSeconds(20)).until(() -> markersOf(bulkTenant) == 0);
        consumed(backlog);
    }

    @Test
    void whileABacklogIsHeldAChangeMarkedByAnotherReplicaIsFoundAtTheNextReadOfTheMarkers() {
        relay.stop();
        String bulkTenant = "bulk-" + id();
        List<Widget> backlog = IntStream.range(0, 300).mapToObj(i -> Widget.create(id(), bulkTenant, "h" + i)).toList();
        markers.inOneWrite(() -> mongo.insertAll(backlog));
        AtomicLong consumersBehind = new AtomicLong(10_000);
        OutboxRelay pacing = new OutboxRelay(mongo, publisher, new OutboxRelay.OutboxSettings(true, Duration.ofMillis(50),
                Duration.ofSeconds(30), 100, Duration.ofMinutes(5), 50_000, 100, 500, Duration.ofSeconds(30)), Clock.systemUTC(),
                new SimpleMeterRegistry(), markers, topics -> consumersBehind.get());
        extraRelays.add(pacing);
        pacing.start();
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5)).until(() -> markersOf(bulkTenant) == 300);

        // another replica of the service saves: its markers reach the store but not this relay's memory
        OutboxMarkers otherReplica = new OutboxMarkers(mongo.getMongoDatabaseFactory(), Clock.systemUTC());
        Widget single = Widget.create(id(), "other-" + id(), "saved by another replica");
        Document stored = new Document();
        mongo.getConverter().write(single, stored);
        String collection = mongo.getCollectionName(Widget.class);
        mongo.getCollection(collection).insertOne(stored); // the driver itself: no marking in this process
        otherReplica.mark(collection, single.id(), single.tenantId(), single.pendingEvents().size());

        await().atMost(Duration.ofSeconds(5))
                .until(() -> widgets.findById(single.id()).orElseThrow().pendingEvents().isEmpty());
        assertThat(markersOf(bulkTenant)).as("the bulk backlog is still held").isEqualTo(300);
        consumersBehind.set(0);
        await().atMost(Duration.ofSeconds(20)).until(() -> markersOf(bulkTenant) == 0);
        consumed(backlog);
    }

    @Test
    void aBulkBacklogGoesOutOnlyAsFarAsTheConsumersHaveRoomPerReadingOfTheirLag() {
        relay.stop();
        String bulkTenant = "bulk-" + id();
        List<Widget> backlog = IntStream.range(0, 400).mapToObj(i -> Widget.create(id(), bulkTenant, "r" + i)).toList();
        markers.inOneWrite(() -> mongo.insertAll(backlog));
        AtomicLong readings = new AtomicLong(1);
        ConsumerLag lagOf30 = new ConsumerLag() {
            @Override
            public long of(Set<String> topics) {
                return 30; // the same answer every time: only a new reading makes room again
            }

            @Override
            public long readings() {
                return readings.get();
            }
        };
        OutboxRelay pacing = new OutboxRelay(mongo, publisher, new OutboxRelay.OutboxSettings(true, Duration.ofMillis(50),
                Duration.ofSeconds(30), 500, Duration.ofMinutes(5), 50_000, 100, 80, Duration.ofSeconds(30)),
                Clock.systemUTC(), new SimpleMeterRegistry(), markers, lagOf30);
        extraRelays.add(pacing);
        pacing.start();

        // room for 80 - 30 = 50 documents on this reading, and no more however often the relay looks
        // (counted in the documents whose events are out: the recovery pass at the relay's start may
        // mark documents again that a batch sent meanwhile, so markers overcount)
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(relayedOf(bulkTenant)).isEqualTo(50));
        await().during(Duration.ofMillis(600)).atMost(Duration.ofSeconds(5)).until(() -> relayedOf(bulkTenant) == 50);
        Widget single = widgets.save(Widget.create(id(), "other-" + id(), "the other tenant's change"));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> widgets.findById(single.id()).orElseThrow().pendingEvents().isEmpty());

        for (int reading = 2; reading <= 4; reading++) {
            readings.incrementAndGet();
            long expected = 50L * reading;
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(relayedOf(bulkTenant)).isEqualTo(expected));
            await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5)).until(() -> relayedOf(bulkTenant) == expected);
        }
        // the rest: room on each new reading, and once no more than the threshold waits it is no bulk backlog
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            readings.incrementAndGet();
            return relayedOf(bulkTenant) == 400;
        });
        consumed(backlog);
    }

    @Test
    void consumersThatDoNotCatchUpAtAllHoldABulkBacklogOnlyForTheMaximumHold() {
        relay.stop();
        String bulkTenant = "bulk-" + id();
        List<Widget> backlog = IntStream.range(0, 200).mapToObj(i -> Widget.create(id(), bulkTenant, "s" + i)).toList();
        markers.inOneWrite(() -> mongo.insertAll(backlog));
        OutboxRelay pacing = new OutboxRelay(mongo, publisher, new OutboxRelay.OutboxSettings(true, Duration.ofMillis(50),
                Duration.ofSeconds(30), 100, Duration.ofMinutes(5), 50_000, 100, 500, Duration.ofSeconds(2)),
                Clock.systemUTC(), new SimpleMeterRegistry(), markers, topics -> 10_000); // a group that never reads
        extraRelays.add(pacing);
        long started = System.nanoTime();
        pacing.start();

        await().atMost(Duration.ofSeconds(30)).until(() -> markersOf(bulkTenant) == 0);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
        consumed(backlog);
    }

    @Test
    void theLagIsWhatTheSlowestLiveConsumerGroupHasYetToRead() throws Exception {
        String topic = "sra.kit-test-lag-" + id();
        Map<String, Object> config = Map.of("bootstrap.servers", broker.getBrokersAsString());
        String slowGroup = "slow-reader-" + id();
        KafkaConsumerLag lag = new KafkaConsumerLag(config, Set.of(slowGroup, "kit-test"), Duration.ZERO,
                Duration.ofSeconds(5));
        KafkaConsumerLag ofOthers = new KafkaConsumerLag(config, Set.of("kit-test"), Duration.ZERO,
                Duration.ofSeconds(5));
        try (var admin = Admin.create(config);
             var reader = reader(slowGroup, topic);
             var producer = new KafkaProducer<byte[], byte[]>(Map.of(
                     "bootstrap.servers", broker.getBrokersAsString(),
                     "key.serializer", ByteArraySerializer.class,
                     "value.serializer", ByteArraySerializer.class))) {
            admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1))).all().get();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                reader.poll(Duration.ofMillis(100)); // joins the group and is assigned the partitions
                return !reader.assignment().isEmpty();
            });
            reader.commitSync();
            assertThat(lag.of(Set.of(topic))).isZero();

            for (int i = 0; i < 40; i++) {
                producer.send(new ProducerRecord<>(topic, ("k" + i).getBytes(),
                        "v".getBytes())).get();
            }

            assertThat(lag.of(Set.of(topic))).isEqualTo(40);
            assertThat(ofOthers.of(Set.of(topic))).as("a group not named does not count").isZero();
            assertThat(lag.of(Set.of("sra.kit-test-no-reader-" + id()))).isLessThanOrEqualTo(0);
        } finally {
            lag.destroy();
            ofOthers.destroy();
        }
    }

    private KafkaConsumer<byte[], byte[]> reader(String group, String topic) {
        var consumer = new KafkaConsumer<byte[], byte[]>(Map.of(
                "bootstrap.servers", broker.getBrokersAsString(), "group.id", group,
                "auto.offset.reset", "earliest", "enable.auto.commit", "false",
                "key.deserializer", ByteArrayDeserializer.class,
                "value.deserializer", ByteArrayDeserializer.class,
                "max.poll.records", "1"));
        consumer.subscribe(List.of(topic));
        return consumer;
    }

    @Test
    void aSaveWakesTheRelayLongBeforeItsNextPoll() {
        relay.stop();
        OutboxRelay sleepy = relay(publisher, Duration.ofMinutes(10), 100, markers);
        sleepy.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> markersLeft() == 0); // its first pass is done

        Widget widget = widgets.save(Widget.create(id(), "tenant-a", "wake up"));

        // long before the relay's next poll, ten minutes away
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
                .until(() -> widgets.findById(widget.id()).orElseThrow().pendingEvents().isEmpty());
        await().atMost(Duration.ofSeconds(20)).until(() -> effects(widget.id()) == 1);
    }

    @Test
    void twoReplicasRelayEveryEventOnceAndTheSecondTakesOverWhenTheFirstHangs() throws Exception {
        relay.stop();
        List<Widget> created = IntStream.range(0, 300).mapToObj(i -> Widget.create(id(), "tenant-r", "r" + i)).toList();
        Map<String, AtomicInteger> sent = new ConcurrentHashMap<>();
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger firstBatches = new AtomicInteger();
        EventPublisher hangsAfterOneBatch = new EventPublisher() {
            @Override
            public void publish(PendingEvent event) {
                throw new UnsupportedOperationException();
            }

            @Override
            public boolean[] publishEach(List<List<PendingEvent>> documents) {
                if (firstBatches.incrementAndGet() > 1) {
                    try { // this replica stalls (a long GC pause, a hung broker connection) holding its lease
                        release.await(60, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return new boolean[documents.size()];
                }
                documents.forEach(events -> events.forEach(e -> sent.computeIfAbsent(e.eventId(), k -> new AtomicInteger())
                        .incrementAndGet()));
                return publisher.publishEach(documents);
            }
        };
        EventPublisher healthy = new EventPublisher() {
            @Override
            public void publish(PendingEvent event) {
                throw new UnsupportedOperationException();
            }

            @Override
            public boolean[] publishEach(List<List<PendingEvent>> documents) {
                documents.forEach(events -> events.forEach(e -> sent.computeIfAbsent(e.eventId(), k -> new AtomicInteger())
                        .incrementAndGet()));
                return publisher.publishEach(documents);
            }
        };
        OutboxRelay first = relay(hangsAfterOneBatch, Duration.ofSeconds(2), 50);
        OutboxRelay second = relay(healthy, Duration.ofSeconds(2), 50);
        markers.inOneWrite(() -> mongo.insertAll(created));
        first.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> firstBatches.get() >= 2); // first holds the lease, stalled
        second.start();

        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> created.stream()
                    .allMatch(w -> mongo.getCollection("widgets").find(new Document("_id", w.id()))
                            .first().getList("outbox", Document.class).isEmpty()));
        } finally {
            release.countDown();
        }

        List<String> ids = created.stream().map(w -> eventIdOf(w)).toList();
        assertThat(ids).allSatisfy(eventId -> assertThat(sent.get(eventId)).as("published %s", eventId).isNotNull());
        assertThat(sent.values().stream().mapToInt(AtomicInteger::get).max().orElseThrow())
                .as("no event published twice: the second relay waited for the lease").isEqualTo(1);
        consumed(created);
    }

    @Test
    void pendingEventsWithoutAMarkerAreFoundByTheRecoveryPassWhenARelayStarts() {
        relay.stop();
        Widget lost = Widget.create(id(), "tenant-a", "marker never written");
        mongo.insert(lost);
        mongo.getCollection(OutboxMarkers.COLLECTION).deleteMany(new Document());
        assertThat(mongo.getCollection("widgets").find(new Document("_id", lost.id())).first()
                .getList("outbox", Document.class)).hasSize(1);

        relay.start();

        await().atMost(Duration.ofSeconds(20)).until(() -> effects(lost.id()) == 1);
        assertThat(widgets.findById(lost.id()).orElseThrow().pendingEvents()).isEmpty();
    }

    @Test
    void theBacklogIsVisibleAsMetrics() {
        relay.stop();
        List<Widget> waiting = IntStream.range(0, 3).mapToObj(i -> Widget.create(id(), "tenant-m", "m" + i)).toList();
        waiting.forEach(widgets::save);

        await().atMost(Duration.ofSeconds(10)).until(() -> gauge("sra.outbox.backlog.documents") >= 3
                && gauge("sra.outbox.backlog.events") >= 3);
        assertThat(gauge("sra.outbox.backlog.oldest")).isGreaterThanOrEqualTo(0);

        relay.start();
        await().atMost(Duration.ofSeconds(20)).until(() -> gauge("sra.outbox.backlog.documents") == 0);
    }

    /** Waits until the consumer has taken each widget's event exactly once, so the next test starts clean. */
    private void consumed(List<Widget> created) {
        await().atMost(Duration.ofSeconds(90)).until(() -> created.stream().allMatch(w -> effects(w.id()) >= 1));
        assertThat(created).allSatisfy(w -> assertThat(effects(w.id())).isEqualTo(1));
    }

    private double gauge(String name) {
        return meters.get(name).gauge().value();
    }

    private long markersOf(String tenant) {
        return mongo.getCollection(OutboxMarkers.COLLECTION).countDocuments(new Document("t", tenant));
    }

    /** The tenant's widgets whose events have left the outbox. */
    private long relayedOf(String tenant) {
        return mongo.getCollection("widgets").countDocuments(Filters.and(
                Filters.eq("tenantId", tenant),
                Filters.size(AggregateDocument.OUTBOX, 0)));
    }

    private long markersLeft() {
        return mongo.getCollection(OutboxMarkers.COLLECTION).countDocuments();
    }

    private String eventIdOf(Widget widget) {
        return widget.pendingEvents().getFirst().eventId();
    }

    private OutboxRelay relay(EventPublisher via, Duration lease, int batchSize) {
        return relay(via, Duration.ofMillis(50), batchSize, new OutboxMarkers(mongo.getMongoDatabaseFactory(),
                Clock.systemUTC()), lease);
    }

    private OutboxRelay relay(EventPublisher via, Duration poll, int batchSize, OutboxMarkers using) {
        return relay(via, poll, batchSize, using, Duration.ofSeconds(30));
    }

    private OutboxRelay relay(EventPublisher via, Duration poll, int batchSize, OutboxMarkers using, Duration lease) {
        OutboxRelay made = new OutboxRelay(mongo, via, new OutboxRelay.OutboxSettings(true, poll, lease, batchSize,
                Duration.ofMinutes(5), 50_000, 100, 500, Duration.ofSeconds(30)), Clock.systemUTC(), new SimpleMeterRegistry(), using);
        extraRelays.add(made);
        return made;
    }

    private int effects(String tenantId) {
        Document effect = mongo.getCollection("effects").find(new Document("_id", tenantId)).first();
        return effect == null ? 0 : effect.getInteger("count");
    }

    private static String id() {
        return UUID.randomUUID().toString();
    }
}
