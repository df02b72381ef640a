package org.sra.kit.config;

import java.time.Clock;
import java.time.Duration;

import org.apache.catalina.core.StandardHost;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.mongodb.autoconfigure.MongoClientSettingsBuilderCustomizer;
import org.springframework.boot.http.converter.autoconfigure.ServerHttpMessageConvertersCustomizer;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.MessageSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.data.mongodb.MongoDatabaseFactory;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.http.converter.json.JacksonJsonHttpMessageConverter;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.sra.events.account.AdminTokensRevoked;
import org.sra.kit.health.KafkaBrokerHealthIndicator;
import org.sra.kit.health.MongoPingHealthIndicator;
import org.sra.kit.logging.TraceContexts;
import org.sra.kit.messaging.EventRoutes;
import org.sra.kit.messaging.IdempotentEventConsumer;
import org.sra.kit.outbox.AggregateDocument;
import org.sra.kit.outbox.ConsumerLag;
import org.sra.kit.outbox.EventPublisher;
import org.sra.kit.outbox.OutboxMarkers;
import org.sra.kit.outbox.OutboxMarking;
import org.sra.kit.outbox.OutboxMerge;
import org.sra.kit.outbox.OutboxRelay;
import org.sra.kit.outbox.Outboxes;
import org.sra.kit.outbox.PendingEvent;
import org.sra.kit.secrets.SecretSealer;
import org.sra.kit.store.StoreAvailability;
import org.sra.kit.secrets.SecretSealing;
import org.sra.kit.security.TokenRevocations;
import org.sra.kit.web.FieldErrorMessages;
import org.sra.kit.web.PlainText;
import org.sra.kit.web.ProblemErrorReportValve;
import org.sra.kit.web.ProblemHandler;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JacksonModule;
import tools.jackson.databind.json.JsonMapper;

/** Wires the outbox relay, the idempotent consumer, readiness checks and problem details. */
@AutoConfiguration(afterName = {
        "org.springframework.boot.data.mongodb.autoconfigure.DataMongoAutoConfiguration",
        "org.springframework.cloud.stream.config.BindersHealthIndicatorAutoConfiguration"})
public class KitAutoConfiguration {

    /** Tomcat's own error answers (before Spring sees the request) as problem details, not HTML. */
    @Bean
    @ConditionalOnClass(name = "org.apache.catalina.valves.ErrorReportValve")
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> sraProblemErrorPages() {
        return factory -> factory.addContextCustomizers(context -> {
            if (context.getParent() instanceof StandardHost host) {
                host.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
            }
        });
    }

    /** Request bodies' strings without control or text-direction characters ({@link org.sra.kit.web.PlainText}). */
    @Bean
    JacksonModule sraPlainText() {
        return PlainText.module();
    }

    /**
     * Request bodies name only fields that exist: a misspelt or unknown field is a 400
     * ({@code unknown-field}) rather than quietly dropped, which left the field it was meant to be
     * at its default (an empty device list that unassigned every device). Only the server's JSON
     * converter is strict; clients of other APIs (Entra ID, the Graph API) keep reading answers
     * with fields they do not know. Runs after Spring Boot's JSON customizer (order 0).
     */
    @Bean
    @Order(1)
    @ConditionalOnProperty(name = "sra.web.strict-json",
            havingValue = "true", matchIfMissing = true)
    ServerHttpMessageConvertersCustomizer sraStrictJsonBodies(
            JsonMapper jsonMapper) {
        JsonMapper strict = jsonMapper.rebuild()
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
        return builder -> builder.withJsonConverter(
                new JacksonJsonHttpMessageConverter(strict));
    }

    /**
     * Whether the store answers, from the MongoDB driver's cluster monitor; API calls get a 503 with
     * Retry-After at once while it does not (StoreAvailability).
     */
    @Bean
    StoreAvailability sraStoreAvailability() {
        return new StoreAvailability();
    }

    @Bean
    MongoClientSettingsBuilderCustomizer sraStoreMonitor(StoreAvailability store) {
        return settings -> settings.applyToClusterSettings(cluster -> cluster.addClusterListener(store));
    }

    @Bean
    WebMvcConfigurer sraStoreGuard(StoreAvailability store) {
        return new WebMvcConfigurer() {
            @Override
            public void addInterceptors(InterceptorRegistry registry) {
                registry.addInterceptor(store);
            }
        };
    }

    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }

    /** Lets audit entries name the service that wrote them. */
    @Bean
    InitializingBean auditServiceName(
            @Value("${spring.application.name:unknown}") String name) {
        return () -> AggregateDocument.SERVICE_NAME.set(name);
    }

    /** Lets the outbox name this service as the producer of the events it publishes. */
    @Bean
    InitializingBean eventProducerName(
            @Value("${sra.events.producer:${spring.application.name:}}") String name) {
        return () -> PendingEvent.PRODUCER.set(name.isBlank() ? null : name);
    }

    /**
     * Lets an outbox event keep the trace of the request that raises it (see TraceContexts): the
     * relay sends it along and the consumer continues it.
     */
    @Bean
    @ConditionalOnClass(name = "io.micrometer.tracing.Tracer")
    InitializingBean outboxTraceContext(ObjectProvider<Tracer> tracer,
                                        ObjectProvider<Propagator> propagator) {
        return () -> {
            Tracer found = tracer.getIfAvailable();
            if (found != null) {
                TraceContexts.install(found, propagator.getIfAvailable());
            }
        };
    }

    /** The relay's publisher: spring-kafka's KafkaTemplate on the Kafka binder's own settings. */
    @Bean
    @ConditionalOnMissingBean
    EventPublisher eventPublisher(Environment environment) {
        return Outboxes.kafkaPublisher(environment);
    }

    @Bean
    OutboxMerge outboxMerge(MongoDatabaseFactory databases) {
        return new OutboxMerge(databases);
    }

    /** Turns versioned saves into index look-ups on the embedded store (see VersionedSaveIndexes). */
    @Bean
    VersionedSaveIndexes versionedSaveIndexes(MongoTemplate mongo) {
        return new VersionedSaveIndexes(mongo);
    }

    /** Which documents have pending events: the relay's index (see OutboxMarkers). */
    @Bean
    @ConditionalOnMissingBean
    OutboxMarkers outboxMarkers(MongoDatabaseFactory databases,
                                                   Clock clock) {
        return new OutboxMarkers(databases, clock);
    }

    @Bean
    OutboxMarking outboxMarking(OutboxMarkers markers) {
        return new OutboxMarking(markers);
    }

    /** The consumer lag by which the relay paces a tenant's bulk backlog. */
    @Bean
    @ConditionalOnMissingBean
    ConsumerLag consumerLag(Environment environment) {
        return Outboxes.kafkaConsumerLag(environment);
    }

    @Bean
    @ConditionalOnMissingBean
    OutboxRelay outboxRelay(MongoTemplate mongo, EventPublisher publisher, Clock clock, MeterRegistry meters,
                            OutboxMarkers markers, ConsumerLag lag,
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
                                   ObjectProvider<TokenRevocations> revocations) {
        // every service refuses the admin tokens directory-service revoked: the kit routes the
        // revocations itself, beside whatever the service routes (its events-in-0 must read sra.admin-accounts)
        EventRoutes all = revocations.stream().findFirst()
                .map(revoked -> routes.with(AdminTokensRevoked.class, revoked::onRevoked))
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
    KafkaBrokerHealthIndicator kafkaBrokerHealthIndicator(Environment environment) {
        return new KafkaBrokerHealthIndicator(KafkaSecurity.clientConfiguration(environment), Duration.ofSeconds(3));
    }

    /**
     * Present when {@code sra.secrets.keys} (the service's per-context keys) or the previous single
     * key {@code sra.secrets.key} is set; checked against {@code sra.secrets.contexts}.
     */
    @Bean
    @ConditionalOnMissingBean
    @Conditional(SecretSealing.Configured.class)
    SecretSealer secretSealer(@Value("${sra.secrets.keys:}") String keys,
            @Value("${sra.secrets.key:}") String legacyKey,
            Environment environment) {
        return SecretSealing.create(keys, legacyKey,
                SecretSealing.contexts(environment));
    }

    @Bean
    @ConditionalOnMissingBean
    ProblemHandler problemHandler(MessageSource messages) {
        return new ProblemHandler(messages);
    }

    @Bean
    @ConditionalOnMissingBean
    FieldErrorMessages fieldErrorMessages(MessageSource messages) {
        return new FieldErrorMessages(messages);
    }
}
