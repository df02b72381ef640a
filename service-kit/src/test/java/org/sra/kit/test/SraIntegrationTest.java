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
        SraIntegrationTest.TEST_SECRETS_KEYS_PROPERTY,
        SraIntegrationTest.TEST_SECRETS_KEY_PROPERTY})
@EmbeddedKafka(partitions = 3)
@ContextConfiguration(initializers = EmbeddedMongo.Initializer.class)
public @interface SraIntegrationTest {

    /**
     * The previous single key (test-only, protects nothing): values sealed with it ({@code v1:})
     * still open in the tests' services, as after an upgrade of a deployment that had it.
     */
    String TEST_SECRETS_KEY_PROPERTY = "sra.secrets.key=WsOL608yiEy3ig3jpWcuYOs650yWXbxMzMRs10ngLsw=";

    /** The test-only master key the keys of {@link #TEST_SECRETS_KEYS_PROPERTY} are derived from. */
    String TEST_MASTER_KEY = "0ydfrn7F7GB8SkNqdDCcNFxTaCjfkDpkfOpPuVHKBmg=";

    /**
     * The keys of every seal context in use, derived from {@link #TEST_MASTER_KEY} as key id 1
     * (one configuration for all modules, so each test service holds them all).
     */
    String TEST_SECRETS_KEYS_PROPERTY = "sra.secrets.keys="
            + "ad-admin.1=mKXABo8zxwNK5Kk3BabY4N1IaqCgI9F2OHtFVwL8mIM=,"
            + "entra-secret.1=aeLiGqEfvWX2MGYgRYVJ3CpuEOrCnnjtauJ6qIenPM4=,"
            + "local-password.1=5Nw25aJW+E2mkLDDgtywqm1L2joebFne2FXYHSGS1vc=,"
            + "nas-secret.1=105NQ20Ljrcxbg476ROnLVBhqhkxvzUlf3HLkuQ0BZg=,"
            + "profile-url.1=RpoD4CLQWNXP4TF4yQwY+5I1QYxdrP7Nz0KgAuoVBTk=";
}
