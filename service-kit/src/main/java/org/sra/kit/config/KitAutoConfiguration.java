package org.sra.kit.config;

import java.time.Clock;
import java.time.Duration;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.MessageSource;
import org.springframework.context.annotation.Bean;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.sra.kit.health.KafkaBrokerHealthIndicator;
import org.sra.kit.health.MongoPingHealthIndicator;
import org.sra.kit.messaging.EventRoutes;
import org.sra.kit.messaging.IdempotentEventConsumer;
import org.sra.kit.outbox.EventPublisher;
import org.sra.kit.outbox.OutboxRelay;
import org.sra.kit.outbox.Outboxes;
import org.sra.kit.web.ProblemHandler;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;

/** Wires the outbox relay, the idempotent consumer, readiness checks and problem details. */
@AutoConfiguration(afterName = {
        "org.springframework.boot.data.mongodb.autoconfigure.DataMongoAutoConfiguration",
        "org.springframework.cloud.stream.config.BindersHealthIndicatorAutoConfiguration"})
public class KitAutoConfiguration {

    /** Tomcat's own error answers (before Spring sees the request) as problem details, not HTML. */
    @Bean
    @org.springframework.boot.autoconfigure.condition.ConditionalOnClass(name = "org.apache.catalina.valves.ErrorReportValve")
    org.springframework.boot.web.server.WebServerFactoryCustomizer<org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory> sraProblemErrorPages() {
        return factory -> factory.addContextCustomizers(context -> {
            if (context.getParent() instanceof org.apache.catalina.core.StandardHost host) {
                host.setErrorReportValveClass(org.sra.kit.web.ProblemErrorReportValve.class.getName());
            }
        });
    }

    /** Request bodies' strings without control or text-direction characters ({@link org.sra.kit.web.PlainText}). */
    @Bean
    tools.jackson.databind.JacksonModule sraPlainText() {
        return org.sra.kit.web.PlainText.module();
    }

    /**
     * Request bodies name only fields that exist: a misspelt or unknown field is a 400
     * ({@code unknown-field}) rather than quietly dropped, which left the field it was meant to be
     * at its default (an empty device list that unassigned every device). Only the server's JSON
     * converter is strict; clients of other APIs (Entra ID, the Graph API) keep reading answers
     * with fields they do not know. Runs after Spring Boot's JSON customizer (order 0).
     */
    @Bean
    @org.springframework.core.annotation.Order(1)
    @org.springframework.boot.autoconfigure.condition.ConditionalOnProperty(name = "sra.web.strict-json",
            havingValue = "true", matchIfMissing = true)
    org.springframework.boot.http.converter.autoconfigure.ServerHttpMessageConvertersCustomizer sraStrictJsonBodies(
            tools.jackson.databind.json.JsonMapper jsonMapper) {
        tools.jackson.databind.json.JsonMapper strict = jsonMapper.rebuild()
                .enable(tools.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
        return builder -> builder.withJsonConverter(
                new org.springframework.http.converter.json.JacksonJsonHttpMessageConverter(strict));
    }

    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }

    /** Lets audit entries name the service that wrote them. */
    @Bean
    org.springframework.beans.factory.InitializingBean auditServiceName(
            @Value("${spring.application.name:unknown}") String name) {
        return () -> org.sra.kit.outbox.AggregateDocument.SERVICE_NAME.set(name);
    }

    /** Lets the outbox name this service as the producer of the events it publishes. */
    @Bean
    org.springframework.beans.factory.InitializingBean eventProducerName(
            @Value("${sra.events.producer:${spring.application.name:}}") String name) {
        return () -> org.sra.kit.outbox.PendingEvent.PRODUCER.set(name.isBlank() ? null : name);
    }

    /** The relay's publisher: spring-kafka's KafkaTemplate on the Kafka binder's own settings. */
    @Bean
    @ConditionalOnMissingBean
    EventPublisher eventPublisher(org.springframework.core.env.Environment environment) {
        return Outboxes.kafkaPublisher(environment);
    }

    @Bean
    org.sra.kit.outbox.OutboxMerge outboxMerge(org.springframework.data.mongodb.MongoDatabaseFactory databases) {
        return new org.sra.kit.outbox.OutboxMerge(databases);
    }

    /** Turns versioned saves into index look-ups on the embedded store (see VersionedSaveIndexes). */
    @Bean
    VersionedSaveIndexes versionedSaveIndexes(MongoTemplate mongo) {
        return new VersionedSaveIndexes(mongo);
    }

    /** Which documents have pending events: the relay's index (see OutboxMarkers). */
    @Bean
    @ConditionalOnMissingBean
    org.sra.kit.outbox.OutboxMarkers outboxMarkers(org.springframework.data.mongodb.MongoDatabaseFactory databases,
                                                   Clock clock) {
        return new org.sra.kit.outbox.OutboxMarkers(databases, clock);
    }

    @Bean
    org.sra.kit.outbox.OutboxMarking outboxMarking(org.sra.kit.outbox.OutboxMarkers markers) {
        return new org.sra.kit.outbox.OutboxMarking(markers);
    }

    /** The consumer lag by which the relay paces a tenant's bulk backlog. */
    @Bean
    @ConditionalOnMissingBean
    org.sra.kit.outbox.ConsumerLag consumerLag(org.springframework.core.env.Environment environment) {
        return Outboxes.kafkaConsumerLag(environment);
    }

    @Bean
    @ConditionalOnMissingBean
    OutboxRelay outboxRelay(MongoTemplate mongo, EventPublisher publisher, Clock clock, MeterRegistry meters,
                            org.sra.kit.outbox.OutboxMarkers markers, org.sra.kit.outbox.ConsumerLag lag,
                            @Value("${sra.outbox.enabled:true}") boolean enabled,
                            @Value("${sra.outbox.poll-interval:200ms}") Duration pollInterval,
                            @Value("${sra.outbox.lease:30s}") Duration lease,
                            @Value("${sra.outbox.batch-size:500}") int batchSize,
                            @Value("${sra.outbox.recovery-interval:5m}") Duration recoveryInterval,
                            @Value("${sra.outbox.scan-limit:50000}") int scanLimit,
                            @Value("${sra.outbox.bulk-threshold:100}") int bulkThreshold,
                            @Value("${sra.outbox.max-lag:80}") long maxLag,
                            @Value("${sra.outbox.max-hold:30s}") Duration maxHold) {
        return new OutboxRelay(mongo, publisher, new OutboxRelay.OutboxSettings(enabled, pollInterval, lease, batchSize,
                recoveryInterval, scanLimit, bulkThreshold, maxLag, maxHold), clock, meters, markers, lag);
    }

    /** The consumer function {@code events}; bound as {@code events-in-0}. */
    @Bean("events")
    @ConditionalOnBean(EventRoutes.class)
    IdempotentEventConsumer events(EventRoutes routes, MongoTemplate mongo, MeterRegistry meters,
                                   ObservationRegistry observations, Clock clock,
                                   @Value("${sra.events.require-producer:false}") boolean requireProducer,
                                   org.springframework.beans.factory.ObjectProvider<org.sra.kit.security.TokenRevocations> revocations) {
        // every service refuses the admin tokens directory-service revoked: the kit routes the
        // revocations itself, beside whatever the service routes (its events-in-0 must read sra.admin-accounts)
        EventRoutes all = revocations.stream().findFirst()
                .map(revoked -> routes.with(org.sra.events.account.AdminTokensRevoked.class, revoked::onRevoked))
                .orElse(routes);
        return new IdempotentEventConsumer(all, mongo, meters, observations, clock, requireProducer);
    }

    /**
     * The consumer function {@code imports}, bound as {@code imports-in-0} by the services that
     * read the bulk lane ({@code sra.device-imports}): the same routes on threads of their own,
     * so a large record there never waits in front of the events of {@code events-in-0}.
     */
    @Bean("imports")
    @ConditionalOnBean(EventRoutes.class)
    IdempotentEventConsumer imports(EventRoutes routes, MongoTemplate mongo, MeterRegistry meters,
                                    ObservationRegistry observations, Clock clock,
                                    @Value("${sra.events.require-producer:false}") boolean requireProducer) {
        return new IdempotentEventConsumer(routes, mongo, meters, observations, clock, requireProducer);
    }

    @Bean("mongoPing")
    MongoPingHealthIndicator mongoPingHealthIndicator(MongoTemplate mongo) {
        return new MongoPingHealthIndicator(mongo);
    }

    @Bean("kafkaBroker")
    KafkaBrokerHealthIndicator kafkaBrokerHealthIndicator(org.springframework.core.env.Environment environment) {
        return new KafkaBrokerHealthIndicator(KafkaSecurity.clientConfiguration(environment), Duration.ofSeconds(3));
    }

    /**
     * Present when {@code sra.secrets.keys} (the service's per-context keys) or the previous single
     * key {@code sra.secrets.key} is set; checked against {@code sra.secrets.contexts}.
     */
    @Bean
    @ConditionalOnMissingBean
    @org.springframework.context.annotation.Conditional(org.sra.kit.secrets.SecretSealing.Configured.class)
    org.sra.kit.secrets.SecretSealer secretSealer(@Value("${sra.secrets.keys:}") String keys,
            @Value("${sra.secrets.key:}") String legacyKey,
            org.springframework.core.env.Environment environment) {
        return org.sra.kit.secrets.SecretSealing.create(keys, legacyKey,
                org.sra.kit.secrets.SecretSealing.contexts(environment));
    }

    @Bean
    @ConditionalOnMissingBean
    ProblemHandler problemHandler(MessageSource messages) {
        return new ProblemHandler(messages);
    }

    @Bean
    @ConditionalOnMissingBean
    org.sra.kit.web.FieldErrorMessages fieldErrorMessages(MessageSource messages) {
        return new org.sra.kit.web.FieldErrorMessages(messages);
    }
}
