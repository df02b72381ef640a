package org.sra.kit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Status;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.sra.kit.health.KafkaBrokerHealthIndicator;
import org.sra.kit.health.MongoPingHealthIndicator;

import com.mongodb.client.MongoClients;

/** Readiness is DOWN while the broker or the database cannot be reached. */
class HealthIndicatorsTests {

    @Test
    void anUnreachableBrokerIsDown() throws Exception {
        try (var indicator = new AutoClosingKafka(new KafkaBrokerHealthIndicator("127.0.0.1:1", Duration.ofMillis(500)))) {
            assertThat(indicator.health().health().getStatus()).isEqualTo(Status.DOWN);
        }
    }

    @Test
    void anUnreachableDatabaseIsDown() {
        try (var client = MongoClients.create("mongodb://127.0.0.1:1/?serverSelectionTimeoutMS=300&connectTimeoutMS=300")) {
            var indicator = new MongoPingHealthIndicator(new MongoTemplate(client, "nowhere"));
            assertThat(indicator.health().getStatus()).isEqualTo(Status.DOWN);
        }
    }

    private record AutoClosingKafka(KafkaBrokerHealthIndicator health) implements AutoCloseable {
        @Override
        public void close() {
            health.destroy();
        }
    }
}
