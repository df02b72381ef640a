package org.sra.kit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.security.auth.login.Configuration;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.test.JaasUtils;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.health.contributor.Status;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.sra.events.EventCodec;
import org.sra.events.EventEnvelope;
import org.sra.events.Services;
import org.sra.events.Topics;
import org.sra.events.device.DeviceRemoved;
import org.sra.events.tenant.TenantProvisioned;
import org.sra.kit.config.KafkaSecurity;
import org.sra.kit.config.KitDefaults;
import org.sra.kit.health.KafkaBrokerHealthIndicator;
import org.sra.kit.outbox.ConsumerLag;
import org.sra.kit.outbox.EventPublisher;
import org.sra.kit.outbox.Outboxes;
import org.sra.kit.outbox.PendingEvent;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;

/**
 * The kit's Kafka clients against a real Apache Kafka broker (KRaft, in this JVM) that demands
 * SASL/SCRAM-SHA-512 and authorizes by ACL, configured only through the {@code sra.kafka.*}
 * settings (the {@code SRA_KAFKA_*} environment variables): with the right password the outbox
 * publisher writes its topic, a consumer reads it, the readiness check is UP and the pacing reads
 * the lag; a wrong password is refused by the broker; a topic the service has no ACL for is
 * refused; and the password never appears in what the Kafka clients log.
 *
 * <p>The broker's listener enables PLAIN (for the test kit's super user {@code admin}, who
 * creates the SCRAM users, topics and ACLs) and SCRAM-SHA-512 (for the services). The topics and
 * ACLs are those of {@code deploy/kafka/sra-kafka-acls.sh}'s table, so this also shows that its
 * grants are enough for the kit's clients and keep a service off another's topics.
 */
class KafkaSaslIntegrationTests {

    /** The ACL script, from this module's directory (service-kit/integration-tests), where Maven runs the tests. */
    private static final Path ACL_SCRIPT = Path.of("../../deploy/kafka/sra-kafka-acls.sh");

    private static final String DIRECTORY_PASSWORD = "dir-Secret\"with\\quote";
    private static final String DEVICE_PASSWORD = "dev-secret-5b1f";

    private static KafkaClusterTestKit cluster;

    @BeforeAll
    static void startBrokerWithScramUsersAndAcls() throws Exception {
        TestKitNodes nodes = new TestKitNodes.Builder()
                .setCombined(true)
                .setNumBrokerNodes(1)
                .setNumControllerNodes(1)
                .setBrokerSecurityProtocol(SecurityProtocol.SASL_PLAINTEXT)
                .setControllerSecurityProtocol(SecurityProtocol.SASL_PLAINTEXT)
                .build();
        String scramServer = "org.apache.kafka.common.security.scram.ScramLoginModule required;";
        cluster = new KafkaClusterTestKit.Builder(nodes)
                .setConfigProp("sasl.enabled.mechanisms", "PLAIN,SCRAM-SHA-512")
                .setConfigProp("listener.name." + nodes.brokerListenerName().value().toLowerCase()
                        + ".scram-sha-512.sasl.jaas.config", scramServer)
                .setConfigProp("listener.name." + nodes.controllerListenerName().value().toLowerCase()
                        + ".scram-sha-512.sasl.jaas.config", scramServer)
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("offsets.topic.num.partitions", "1")
                .build();
        cluster.format();
        cluster.startup();
        cluster.waitForReadyBrokers();

        try (Admin admin = Admin.create(superUser())) {
            admin.alterUserScramCredentials(List.of(
                    scram("directory-service", DIRECTORY_PASSWORD), scram("device-service", DEVICE_PASSWORD)))
                    .all().get();
            // the topics and ACLs deploy/kafka/sra-kafka-acls.sh creates, read from its table
            List<AclBinding> acls = new ArrayList<>();
            Set<String> topics = new TreeSet<>();
            for (String[] row : scriptedGrants()) {
                String service = row[0];
                List<String> writes = new ArrayList<>(List.of(row[1].split(" ")));
                writes.add(Topics.deadLetter(service));
                for (String topic : writes) {
                    topics.add(topic);
                    for (AclOperation operation : List.of(AclOperation.WRITE, AclOperation.DESCRIBE, AclOperation.CREATE)) {
                        acls.add(allow(service, ResourceType.TOPIC, topic, operation));
                    }
                }
                for (String topic : row[2].split(" ")) {
                    acls.add(allow(service, ResourceType.TOPIC, topic, AclOperation.READ));
                    acls.add(allow(service, ResourceType.TOPIC, topic, AclOperation.DESCRIBE));
                }
                acls.add(allow(service, ResourceType.GROUP, service, AclOperation.READ));
                for (String group : Services.all()) {
                    acls.add(allow(service, ResourceType.GROUP, group, AclOperation.DESCRIBE));
                }
            }
            admin.createTopics(topics.stream().map(topic -> new NewTopic(topic, 3, (short) 1)).toList()).all().get();
            admin.createAcls(acls).all().get();
        }
    }

    @AfterAll
    static void stopBroker() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
        // the test kit pointed the JVM's JAAS file at its super user; leave the JVM as it was
        System.clearProperty("java.security.auth.login.config");
        Configuration.setConfiguration(null);
    }

    @Test
    void withTheRightPasswordTheOutboxPublishesAConsumerReadsAndTheBrokerCountsAsReady() throws Exception {
        StandardEnvironment directory = service("directory-service", DIRECTORY_PASSWORD);
        StandardEnvironment device = service("device-service", DEVICE_PASSWORD);
        EventEnvelope provisioned = EventEnvelope.of(new TenantProvisioned("t-sasl", "Sasl", 2, "10.0.0.0/24"));
        ListAppender<ILoggingEvent> kafkaLogs = captureKafkaLogs();
        EventPublisher publisher = Outboxes.kafkaPublisher(directory);
        try (KafkaConsumer<String, byte[]> consumer = consumer(device)) {
            awaitScramUsable(directory);
            publisher.publishAll(List.of(PendingEvent.of(provisioned)));

            consumer.subscribe(List.of(Topics.TENANTS));
            List<EventEnvelope> read = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(300))) {
                    read.add(EventCodec.decode(record.value()));
                }
                return !read.isEmpty();
            });
            assertThat(read).extracting(EventEnvelope::eventId).containsExactly(provisioned.eventId());
            consumer.commitSync();

            assertThat(health(directory)).isEqualTo(Status.UP);
            ConsumerLag lag = Outboxes.kafkaConsumerLag(directory);
            try {
                assertThat(lag.of(Set.of(Topics.TENANTS))).as("lag read, not 'broker unreachable'")
                        .isGreaterThanOrEqualTo(0);
            } finally {
                ((DisposableBean) lag).destroy();
            }
        } finally {
            ((DisposableBean) publisher).destroy();
            stopCapturing(kafkaLogs);
        }
        List<String> logged = kafkaLogs.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        assertThat(logged).as("the clients logged their configuration")
                .anySatisfy(line -> assertThat(line).contains("sasl.jaas.config = [hidden]"));
        assertThat(logged).noneSatisfy(line -> assertThat(line).contains(DIRECTORY_PASSWORD));
        assertThat(logged).noneSatisfy(line -> assertThat(line).contains(DEVICE_PASSWORD));
    }

    @Test
    void aWrongPasswordIsRefusedByTheBroker() throws Exception {
        awaitScramUsable(service("device-service", DEVICE_PASSWORD));
        StandardEnvironment impostor = service("device-service", "not-" + DEVICE_PASSWORD);

        try (KafkaConsumer<String, byte[]> consumer = consumer(impostor)) {
            consumer.subscribe(List.of(Topics.TENANTS));
            assertThatThrownBy(() -> consumer.poll(Duration.ofSeconds(10)))
                    .isInstanceOf(SaslAuthenticationException.class);
        }
        EventPublisher publisher = Outboxes.kafkaPublisher(service("directory-service", "wrong"));
        try {
            assertThatThrownBy(() -> publisher.publishAll(List.of(PendingEvent.of(
                    EventEnvelope.of(new TenantProvisioned("t-wrong", "Wrong", 2, "10.0.0.0/24"))))))
                    .satisfies(thrown -> assertThat(causes(thrown)).hasAtLeastOneElementOfType(
                            SaslAuthenticationException.class));
        } finally {
            ((DisposableBean) publisher).destroy();
        }
        assertThat(health(impostor)).isEqualTo(Status.DOWN);
    }

    @Test
    void aServiceCannotReadATopicItDoesNotConsume() {
        StandardEnvironment device = service("device-service", DEVICE_PASSWORD);
        awaitScramUsable(device);

        try (KafkaConsumer<String, byte[]> consumer = consumer(device)) {
            consumer.subscribe(List.of(Topics.MAILS)); // notification-service's, read by nobody
            assertThatThrownBy(() -> consumer.poll(Duration.ofSeconds(10)))
                    .isInstanceOf(TopicAuthorizationException.class);
        }
    }

    @Test
    void aServiceCannotWriteATopicItHasNoAclFor() throws Exception {
        StandardEnvironment directory = service("directory-service", DIRECTORY_PASSWORD);
        awaitScramUsable(directory);
        EventPublisher publisher = Outboxes.kafkaPublisher(directory);
        try {
            // device-service's topic: directory-service authenticates, but may not write it
            assertThatThrownBy(() -> publisher.publishAll(List.of(PendingEvent.of(
                    EventEnvelope.of(new DeviceRemoved("t-acl", "d-1"))))))
                    .satisfies(thrown -> assertThat(causes(thrown)).hasAtLeastOneElementOfType(
                            TopicAuthorizationException.class));
        } finally {
            ((DisposableBean) publisher).destroy();
        }
    }

    @Test
    void theSecuritySettingsReachTheBindersClientConfiguration() {
        StandardEnvironment directory = service("directory-service", DIRECTORY_PASSWORD);

        Map<String, Object> config = KafkaSecurity.clientConfiguration(directory);

        assertThat(config).containsEntry("security.protocol", "SASL_PLAINTEXT")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry("bootstrap.servers", cluster.bootstrapServers());
        assertThat(directory.getProperty("spring.cloud.stream.kafka.binder.configuration.sasl.jaas.config"))
                .isEqualTo(config.get("sasl.jaas.config"));
    }

    /** A service's environment as the kit prepares it, from the SRA_KAFKA_* settings only. */
    private static StandardEnvironment service(String name, String password) {
        StandardEnvironment environment = new StandardEnvironment();
        Map<String, Object> settings = new HashMap<>();
        settings.put("spring.application.name", name);
        settings.put("spring.cloud.stream.kafka.binder.brokers", cluster.bootstrapServers());
        settings.put("spring.cloud.stream.kafka.binder.auto-create-topics", "false");
        settings.put("sra.outbox.ack-timeout", "10s");
        settings.put("sra.outbox.paced-by-groups", "device-service");
        settings.put("sra.kafka.security-protocol", "SASL_PLAINTEXT");
        settings.put("sra.kafka.username", name);
        settings.put("sra.kafka.password", password);
        environment.getPropertySources().addFirst(new MapPropertySource("test", settings));
        new KitDefaults().postProcessEnvironment(environment, new SpringApplication());
        return environment;
    }

    private static KafkaConsumer<String, byte[]> consumer(StandardEnvironment service) {
        Map<String, Object> config = KafkaSecurity.clientConfiguration(service);
        config.put("group.id", "device-service");
        config.put("auto.offset.reset", "earliest");
        config.put("enable.auto.commit", "false");
        config.put("key.deserializer", StringDeserializer.class);
        config.put("value.deserializer", ByteArrayDeserializer.class);
        return new KafkaConsumer<>(config);
    }

    private static Status health(StandardEnvironment service) {
        KafkaBrokerHealthIndicator indicator = new KafkaBrokerHealthIndicator(
                KafkaSecurity.clientConfiguration(service), Duration.ofSeconds(5));
        try {
            return indicator.health().getStatus();
        } finally {
            indicator.destroy();
        }
    }

    /** SCRAM credentials reach the broker through the metadata log: wait until they work. */
    private static void awaitScramUsable(StandardEnvironment service) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300))
                .until(() -> health(service) == Status.UP);
    }

    /** The rows of sra-kafka-acls.sh's table: service, topics it writes, topics it reads. */
    private static List<String[]> scriptedGrants() throws IOException {
        Pattern row = Pattern.compile("^\\s*\"([a-z-]+)\\|\\w+\\|([^|]*)\\|([^|]*)\"$");
        List<String[]> rows = new ArrayList<>();
        for (String line : Files.readAllLines(ACL_SCRIPT)) {
            Matcher matcher = row.matcher(line);
            if (matcher.matches()) {
                rows.add(new String[] {matcher.group(1), matcher.group(2), matcher.group(3)});
            }
        }
        assertThat(rows).hasSize(5);
        return rows;
    }

    private static Map<String, Object> superUser() {
        return Map.of("bootstrap.servers", cluster.bootstrapServers(),
                "security.protocol", "SASL_PLAINTEXT",
                "sasl.mechanism", "PLAIN",
                "sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required username=\""
                        + JaasUtils.KAFKA_PLAIN_ADMIN + "\" password=\"" + JaasUtils.KAFKA_PLAIN_ADMIN_PASSWORD + "\";");
    }

    private static UserScramCredentialUpsertion scram(String user, String password) {
        return new UserScramCredentialUpsertion(user, new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096),
                password);
    }

    private static AclBinding allow(String user, ResourceType type, String name, AclOperation operation) {
        return new AclBinding(new ResourcePattern(type, name, PatternType.LITERAL),
                new AccessControlEntry("User:" + user, "*", operation, AclPermissionType.ALLOW));
    }

    private static List<Throwable> causes(Throwable thrown) {
        List<Throwable> chain = new ArrayList<>();
        for (Throwable t = thrown; t != null && !chain.contains(t); t = t.getCause()) {
            chain.add(t);
        }
        return chain;
    }

    /** Kafka's clients log their configuration (logger {@code AbstractConfig}) at INFO when created; collect it. */
    private static ListAppender<ILoggingEvent> captureKafkaLogs() {
        Logger kafka = (Logger) LoggerFactory.getLogger("org.apache.kafka");
        levelBefore = kafka.getLevel();
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.setName("kafka-sasl-test");
        appender.start();
        kafka.addAppender(appender);
        kafka.setLevel(Level.INFO);
        return appender;
    }

    private static Level levelBefore;

    private static void stopCapturing(ListAppender<ILoggingEvent> appender) {
        Logger kafka = (Logger) LoggerFactory.getLogger("org.apache.kafka");
        kafka.detachAppender(appender);
        kafka.setLevel(levelBefore);
        appender.stop();
    }
}
