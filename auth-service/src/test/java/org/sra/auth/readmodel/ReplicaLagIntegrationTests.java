package org.sra.auth.readmodel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureTestRestTemplate;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.sra.auth.AuthServiceApplication;
import org.sra.auth.support.TestEvents;
import org.sra.events.device.DeviceAssigned;
import org.sra.events.device.DeviceAuthMethod;
import org.sra.events.device.DeviceChanged;
import org.sra.events.device.DeviceType;
import org.sra.kit.test.SraIntegrationTest;
import org.sra.kit.test.TestTokens;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * Two real auth-service instances on one broker and one store: this test's context, the only
 * member of the shared consumer group (it writes the views), and a second instance that writes
 * nothing — it is in no shared group, only in the broadcast binding {@code viewChanges-in-0} — and
 * whose regular change-feed poll is 5 s apart. The second must still know each device assignment
 * within 1 s of its event being published: hearing the event, it looks the device's change record
 * up promptly. The test's context is the module's shared one.
 *
 * <p>{@code -Dsra.test.replica-lag.before=true} starts the second instance as it was before the
 * broadcast binding (regular 1 s poll only), to measure the lag then; the bound fails so.
 */
@SraIntegrationTest
@AutoConfigureTestRestTemplate
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReplicaLagIntegrationTests {

    private static final Duration BOUND = Duration.ofSeconds(1);
    private static final boolean BEFORE = Boolean.getBoolean("sra.test.replica-lag.before");

    @Autowired
    ReadModel model;
    @Autowired
    EmbeddedKafkaBroker broker;
    @Autowired
    Environment environment;

    ConfigurableApplicationContext second;

    @AfterAll
    void stopSecond() {
        if (second != null) {
            second.close();
        }
    }

    @Test
    void aReplicaThatDidNotConsumeTheAssignmentKnowsItWithinASecond() {
        second = new SpringApplicationBuilder(AuthServiceApplication.class).run(
                "--" + TestTokens.PUBLIC_KEY_PROPERTY, "--" + SraIntegrationTest.TEST_SECRETS_KEYS_PROPERTY,
                "--" + SraIntegrationTest.TEST_SECRETS_KEY_PROPERTY,
                "--spring.mongodb.uri=" + environment.getProperty("spring.mongodb.uri"),
                "--spring.cloud.stream.kafka.binder.brokers=" + broker.getBrokersAsString(),
                "--spring.cloud.function.definition=" + (BEFORE ? "imports" : "viewChanges"),
                "--sra.auth.read-model-refresh=" + (BEFORE ? "1s" : "5s"),
                "--server.port=0", "--sra.radius.auth-port=0", "--sra.radius.acct-port=0",
                "--sra.radius.bind-address=127.0.0.1",
                "--management.tracing.sampling.probability=0");
        ReadModel secondModel = second.getBean(ReadModel.class);
        String tenant = "lag-" + UUID.randomUUID().toString().substring(0, 8);

        // warm-up: the second instance has joined the broker (the broadcast binding from the newest
        // offset) once it knows an assignment made after its start
        MeterRegistry secondMeters = second.getBean(MeterRegistry.class);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
            assign(tenant, "warm-" + UUID.randomUUID().toString().substring(0, 6), "u-warm");
            return !secondModel.devicesOf(tenant, "u-warm").isEmpty()
                    && (BEFORE || secondMeters.get("sra.auth.read-model.nudges").counter().count() > 0);
        });

        List<Long> here = new ArrayList<>();
        List<Long> there = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            String user = "u-" + i;
            long sent = System.nanoTime();
            assign(tenant, "d-" + i, user);
            long[] seen = {0, 0};
            await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(5)).until(() -> {
                long now = System.nanoTime();
                if (seen[0] == 0 && model.devicesOf(tenant, user).size() == 1) {
                    seen[0] = now;
                }
                if (seen[1] == 0 && secondModel.devicesOf(tenant, user).size() == 1) {
                    seen[1] = now;
                }
                return seen[0] != 0 && seen[1] != 0;
            });
            here.add((seen[0] - sent) / 1_000_000);
            there.add((seen[1] - sent) / 1_000_000);
        }
        System.out.printf("replica lag (ms after publishing%s): consuming instance %s, other instance %s%n",
                BEFORE ? ", before: 1 s poll only" : "", here, there);
        assertThat(there).as("ms until the other instance knew each assignment").allMatch(ms -> ms <= BOUND.toMillis());
    }

    private void assign(String tenant, String deviceId, String userId) {
        TestEvents.publish(broker, new DeviceChanged(tenant, deviceId, "pc-" + deviceId, true, DeviceType.WINDOWS, true,
                DeviceAuthMethod.SERIAL_ID, "SN-" + deviceId, null));
        TestEvents.publish(broker, new DeviceAssigned(tenant, deviceId, userId, userId));
    }
}
