package org.sra.kit.testapp;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.sra.kit.outbox.OutboxRelay;
import org.sra.kit.outbox.PendingEvent;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.mongodb.MongoDBContainer;

import com.mongodb.client.MongoClients;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * The relay's claim-publish-pull cycle against a real MongoDB server. Needs a Docker engine;
 * without one it is skipped, and {@link OutboxAndConsumerIntegrationTests} covers the same
 * behaviour on the embedded store.
 */
@Testcontainers(disabledWithoutDocker = true)
class OutboxRelayOnRealMongoTestcontainersTests {

    @Container
    static final MongoDBContainer MONGO = new MongoDBContainer("mongo:8.0");

    @Test
    void publishesPendingEventsOnceAndRemovesTombstones() {
        try (var client = MongoClients.create(MONGO.getReplicaSetUrl())) {
            MongoTemplate mongo = new MongoTemplate(client, "outbox-test");
            List<PendingEvent> sent = new CopyOnWriteArrayList<>();
            OutboxRelay relay = new OutboxRelay(mongo, sent::add,
                    new OutboxRelay.OutboxSettings(true, Duration.ofMillis(50), Duration.ofSeconds(30), 10),
                    Clock.systemUTC(), new SimpleMeterRegistry());

            Widget widget = mongo.save(Widget.create("w1", "w1", "real"));
            assertThat(relay.relayOnce()).isEqualTo(1);
            assertThat(relay.relayOnce()).isZero();
            assertThat(sent).singleElement().satisfies(event -> assertThat(event.type()).isEqualTo("TenantProvisioned"));

            widget = mongo.findById("w1", Widget.class);
            widget.remove();
            mongo.save(widget);
            assertThat(relay.relayOnce()).isEqualTo(1);
            assertThat(mongo.findById("w1", Widget.class)).isNull();
        }
    }
}
