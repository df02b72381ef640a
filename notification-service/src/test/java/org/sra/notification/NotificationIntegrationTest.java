package org.sra.notification;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureTestRestTemplate;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.TestPropertySource;
import org.sra.kit.test.EmbeddedMongo;
import org.sra.kit.test.SraIntegrationTest;

/**
 * Every integration test of this module: {@link SraIntegrationTest} (embedded Kafka and
 * MongoDB) plus a real SMTP server in the test JVM ({@link TestSmtp}, GreenMail) and short
 * retry timings. One configuration, so all test classes share one Spring context.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@SraIntegrationTest
@AutoConfigureTestRestTemplate
// Declared here, so it replaces SraIntegrationTest's: keep EmbeddedMongo's initializer in it.
@ContextConfiguration(initializers = {EmbeddedMongo.Initializer.class, TestSmtp.Initializer.class})
@TestPropertySource(properties = {
        "sra.notification.dispatcher.poll-interval=100ms",
        "sra.notification.dispatcher.recovery-interval=1s",
        "sra.notification.retry.max-attempts=5",
        "sra.notification.retry.first-back-off=200ms",
        "sra.notification.retry.max-back-off=1s",
        "sra.notification.retry.breaker-pause=300ms",
        "resilience4j.retry.instances.smtp.wait-duration=50ms",
        "resilience4j.circuitbreaker.instances.smtp.wait-duration-in-open-state=500ms",
        "logging.level.com.icegreen=WARN"})
public @interface NotificationIntegrationTest {
}
