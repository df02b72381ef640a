package org.sra.kit.outbox;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

/** Factory for the default publisher (kept package-private otherwise). */
public final class Outboxes {

    private static final String BINDER = "spring.cloud.stream.kafka.binder.";

    private Outboxes() {
    }

    /**
     * The consumer lag the relay paces bulk backlogs by, read with an admin client on the Kafka
     * binder's brokers and {@code configuration}, at most every {@code sra.outbox.lag-max-age}
     * (default 250 ms), over the consumer groups {@code sra.outbox.paced-by-groups} (default: the
     * five services' groups).
     */
    public static ConsumerLag kafkaConsumerLag(Environment environment) {
        Binder binder = Binder.get(environment);
        Map<String, Object> config = new HashMap<>(binder.bind(BINDER + "configuration",
                Bindable.mapOf(String.class, String.class)).orElse(Map.of()));
        config.put("bootstrap.servers", binder.bind(BINDER + "brokers", String.class).orElse("localhost:9092"));
        config.put("client.id", environment.getProperty("spring.application.name", "sra") + "-outbox-lag");
        config.putIfAbsent("request.timeout.ms", "3000");
        config.putIfAbsent("default.api.timeout.ms", "3000");
        Set<String> groups = Set.copyOf(binder.bind("sra.outbox.paced-by-groups",
                Bindable.listOf(String.class)).orElse(List.of("directory-service", "device-service", "profile-service",
                "auth-service", "notification-service")));
        return new KafkaConsumerLag(config, groups,
                binder.bind("sra.outbox.lag-max-age", Duration.class).orElse(Duration.ofMillis(100)),
                Duration.ofSeconds(2));
    }

    /**
     * The relay's publisher, configured from the Kafka binder's properties (brokers,
     * {@code configuration}, {@code producer-properties}, topic provisioning) plus
     * {@code sra.outbox.ack-timeout} (default 15 s).
     */
    public static EventPublisher kafkaPublisher(Environment environment) {
        Binder binder = Binder.get(environment);
        Bindable<Map<String, String>> map = Bindable.mapOf(String.class, String.class);
        return new KafkaTemplatePublisher(new KafkaTemplatePublisher.KafkaPublisherSettings(
                binder.bind(BINDER + "brokers", String.class).orElse("localhost:9092"),
                binder.bind(BINDER + "configuration", map).orElse(Map.of()),
                binder.bind(BINDER + "producer-properties", map).orElse(Map.of()),
                binder.bind(BINDER + "auto-create-topics", Boolean.class).orElse(true),
                binder.bind(BINDER + "min-partition-count", Integer.class).orElse(1),
                binder.bind(BINDER + "replication-factor", Short.class).orElse((short) 1),
                binder.bind("sra.outbox.ack-timeout", Duration.class).orElse(Duration.ofSeconds(15)),
                environment.getProperty("spring.application.name", "sra")));
    }
}
