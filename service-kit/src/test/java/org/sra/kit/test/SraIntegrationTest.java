package org.sra.kit.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.ContextConfiguration;

/**
 * A service's integration test against real parts running in the test JVM: an Apache Kafka
 * KRaft broker (spring-kafka-test), the embedded MongoDB-wire-protocol server and the test JWT
 * key. Contexts with the same configuration are shared, so use the same extra properties in
 * all tests of a module where possible.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        TestTokens.PUBLIC_KEY_PROPERTY,
        "spring.cloud.stream.kafka.binder.brokers=${spring.embedded.kafka.brokers}",
        "sra.outbox.poll-interval=50ms",
        SraIntegrationTest.TEST_SECRETS_KEY_PROPERTY})
@EmbeddedKafka(partitions = 3)
@ContextConfiguration(initializers = EmbeddedMongo.Initializer.class)
public @interface SraIntegrationTest {

    /** A test-only AES key for {@link org.sra.kit.secrets.SecretSealer}; protects nothing. */
    String TEST_SECRETS_KEY_PROPERTY = "sra.secrets.key=WsOL608yiEy3ig3jpWcuYOs650yWXbxMzMRs10ngLsw=";
}
