package org.sra.directory.reminder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.TestRestTemplate;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.utils.KafkaTestUtils;
import org.sra.directory.DirectoryIntegrationTest;
import org.sra.directory.Fixtures;
import org.sra.directory.settings.GlobalSettings;
import org.sra.events.EventCodec;
import org.sra.events.EventEnvelope;
import org.sra.events.Topics;
import org.sra.events.settings.SecretExpiring;
import org.sra.events.settings.SecretKind;
import org.sra.fixtures.time.MovableClock;
import org.sra.kit.outbox.AggregateDocument;
import org.sra.kit.test.TestTokens;

import com.mongodb.client.model.Filters;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * R-SET-4 with an injected clock: one {@code SecretExpiring} per month from six months before the
 * client secret expires and one on the day, dated in Asia/Tokyo, never twice for a month even
 * with two job instances at once or after a restart; a new expiry date makes a new schedule.
 */
@DirectoryIntegrationTest
class SecretExpiryRemindersIntegrationTests {

    static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");

    @Autowired
    TestRestTemplate http;
    @Autowired
    MongoTemplate mongo;
    @Autowired
    GlobalSettings settings;
    @Autowired
    MeterRegistry meters;
    @Autowired
    EmbeddedKafkaBroker broker;
    Fixtures api;

    @BeforeEach
    void setUp() {
        api = new Fixtures(http);
    }

    private String tenantWithEntraSecretExpiring(String expiresOn) {
        String tenantId = api.provision().tenantId();
        String admin = TestTokens.admin(tenantId);
        assertThat(api.call(HttpMethod.PUT, "/api/settings/notification-addresses", admin,
                Map.of("addresses", "ops@example.com\nsec@example.com")).getStatusCode()).isEqualTo(HttpStatus.OK);
        Map<String, Object> form = Fixtures.entraForm();
        form.put("secretExpiresOn", expiresOn);
        assertThat(api.call(HttpMethod.PUT, "/api/settings/entra-id", admin, form).getStatusCode())
                .isEqualTo(HttpStatus.OK);
        return tenantId;
    }

    /** The job; each tenant's "today" is that of its own time zone (全体設定, Asia/Tokyo until chosen). */
    private SecretExpiryReminders job(Clock clock) {
        return new SecretExpiryReminders(settings, mongo, clock, meters);
    }

    private List<String> recordedKeys(String tenantId) {
        List<String> keys = new ArrayList<>();
        mongo.getCollection("secret_reminders").find(new Document("tenantId", tenantId))
                .forEach(d -> keys.add(d.getString("_id").substring(d.getString("_id").lastIndexOf(':') + 1)));
        keys.sort(null);
        return keys;
    }

    @Test
    void theGaugeShowsTheDaysLeftOfTheSecretsThatExpireSoonBoundedToTheSoonest() {
        String soon = tenantWithEntraSecretExpiring("2030-06-11");
        String later = tenantWithEntraSecretExpiring("2030-06-21");
        String far = tenantWithEntraSecretExpiring("2030-12-01");
        MovableClock clock = new MovableClock(Instant.parse("2030-05-31T15:00:00Z")); // 2030-06-01 00:00 in Tokyo
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        SecretExpiryGauge gauge = new SecretExpiryGauge(settings, clock, TOKYO, registry, 60, 20);

        gauge.measure();
        assertThat(daysLeft(registry, soon)).isEqualTo(10);
        assertThat(daysLeft(registry, later)).isEqualTo(20);
        assertThat(registry.find(SecretExpiryGauge.DAYS_LEFT).tag("tenant", far).gauge())
                .as("more than 60 days away: no series").isNull();
        assertThat(registry.find(SecretExpiryGauge.EXPIRING).gauge().value()).isGreaterThanOrEqualTo(2);

        clock.set(Instant.parse("2030-06-11T15:00:00Z")); // 2030-06-12 in Tokyo: expired yesterday
        gauge.measure();
        assertThat(daysLeft(registry, soon)).isEqualTo(-1);
        assertThat(daysLeft(registry, later)).isEqualTo(9);

        // bounded: with room for one series, only the soonest is labelled
        SimpleMeterRegistry one = new SimpleMeterRegistry();
        new SecretExpiryGauge(settings, clock, TOKYO, one, 60, 1).measure();
        assertThat(one.find(SecretExpiryGauge.DAYS_LEFT).gauges()).hasSize(1);
        assertThat(one.find(SecretExpiryGauge.DAYS_LEFT).tag("tenant", later).gauge()).isNull();
        assertThat(one.find(SecretExpiryGauge.EXPIRING).gauge().value()).isGreaterThanOrEqualTo(2);
    }

    private static double daysLeft(SimpleMeterRegistry registry, String tenant) {
        Gauge gauge = registry.find(SecretExpiryGauge.DAYS_LEFT).tag("tenant", tenant).gauge();
        assertThat(gauge).as("days left of %s", tenant).isNotNull();
        return gauge.value();
    }

    @Test
    void aTenantInAnotherTimeZoneIsRemindedWhenTheDayBeginsThere() {
        String tenantId = tenantWithEntraSecretExpiring("2037-03-20");
        assertThat(api.call(HttpMethod.PUT, "/api/settings/time-zone", TestTokens.admin(tenantId),
                Map.of("timeZone", "America/Los_Angeles")).getStatusCode()).isEqualTo(HttpStatus.OK);
        MovableClock clock = new MovableClock(Instant.parse("2036-09-19T15:00:00Z")); // 2036-09-20 00:00 in Tokyo, 09-19 08:00 in LA
        SecretExpiryReminders job = job(clock);
        job.run();
        assertThat(recordedKeys(tenantId)).as("still the 19th in Los Angeles").isEmpty();
        clock.set(Instant.parse("2036-09-20T06:59:00Z")); // 23:59 on 09-19 in Los Angeles (summer time, UTC-7)
        job.run();
        assertThat(recordedKeys(tenantId)).isEmpty();
        clock.set(Instant.parse("2036-09-20T07:00:00Z")); // 2036-09-20 00:00 in Los Angeles: six months before
        job.run();
        assertThat(recordedKeys(tenantId)).containsExactly("2036-09");
    }

    @Test
    void oneReminderPerMonthInTokyoTimeAndOneOnTheDayEachOnce() {
        String tenantId = tenantWithEntraSecretExpiring("2037-03-20");
        MovableClock clock = new MovableClock(Instant.parse("2036-09-19T14:59:00Z")); // 2036-09-19 23:59 in Tokyo: too early
        SecretExpiryReminders job = job(clock);
        try (Consumer<String, byte[]> consumer = Fixtures.consumer(broker, Topics.SETTINGS)) {
            job.run();
            assertThat(recordedKeys(tenantId)).isEmpty();

            clock.set(Instant.parse("2036-09-19T15:00:00Z")); // 2036-09-20 00:00 in Tokyo: six months before
            job.run();
            job.run();
            clock.set(Instant.parse("2036-09-30T14:00:00Z")); // still September in Tokyo
            job.run();
            clock.set(Instant.parse("2036-09-30T15:30:00Z")); // 2036-10-01 in Tokyo, still 09-30 in UTC
            job.run();
            clock.set(Instant.parse("2036-11-15T03:00:00Z"));
            job.run();
            clock.set(Instant.parse("2036-12-31T14:59:00Z")); // 23:59 on 12-31 in Tokyo
            job.run();
            clock.set(Instant.parse("2036-12-31T15:30:00Z")); // already 2037-01-01 in Tokyo
            job.run();
            assertThat(job(clock).run()).as("December is done already, by another run").isZero();
            clock.set(Instant.parse("2037-02-01T00:00:00Z"));
            job.run();
            clock.set(Instant.parse("2037-03-01T00:00:00Z"));
            job.run();
            clock.set(Instant.parse("2037-03-19T15:00:00Z")); // 2037-03-20 in Tokyo: the day
            job.run();
            job.run();
            clock.set(Instant.parse("2037-03-20T15:00:00Z")); // the day after
            job.run();

            List<String> expected = List.of("2036-09", "2036-10", "2036-11", "2036-12", "2037-01", "2037-02",
                    "2037-03", "2037-03");
            List<EventEnvelope> events = Fixtures.await(consumer, e -> e.tenantId().equals(tenantId)
                    && e.payload() instanceof SecretExpiring, expected.size());
            assertThat(events).extracting(e -> ((SecretExpiring) e.payload()).reminderMonth())
                    .containsExactlyElementsOf(expected);
            SecretExpiring day = (SecretExpiring) events.get(expected.size() - 1).payload();
            assertThat(day).isEqualTo(new SecretExpiring(tenantId, SecretKind.ENTRA_CLIENT_SECRET,
                    LocalDate.of(2037, 3, 20), "2037-03", List.of("ops@example.com", "sec@example.com"), "ja"));
            assertThat(recordedKeys(tenantId)).containsExactly("2036-09", "2036-10", "2036-11", "2036-12",
                    "2037-01", "2037-02", "2037-03", "2037-03-day");
            assertNoMoreEvents(consumer, tenantId, events);
        }
    }

    @Test
    void twoReplicasAtOnceAndARestartRaiseEachMonthOnce() throws Exception {
        String tenantId = tenantWithEntraSecretExpiring("2037-05-31");
        MovableClock clock = new MovableClock(Instant.parse("2036-12-01T00:00:00Z"));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try (Consumer<String, byte[]> consumer = Fixtures.consumer(broker, Topics.SETTINGS)) {
            for (int round = 0; round < 5; round++) {
                CountDownLatch go = new CountDownLatch(1);
                List<Callable<Integer>> replicas = new ArrayList<>();
                for (int replica = 0; replica < 4; replica++) {
                    SecretExpiryReminders job = job(clock);
                    replicas.add(() -> {
                        go.await();
                        return job.run();
                    });
                }
                List<Future<Integer>> results = replicas.stream().map(pool::submit).toList();
                go.countDown();
                for (Future<Integer> result : results) {
                    result.get();
                }
            }
            assertThat(job(clock).run()).as("after a restart").isZero();
            List<EventEnvelope> events = Fixtures.await(consumer, e -> e.tenantId().equals(tenantId)
                    && e.payload() instanceof SecretExpiring, 1);
            assertThat(events).extracting(e -> ((SecretExpiring) e.payload()).reminderMonth())
                    .containsExactly("2036-12");
            assertNoMoreEvents(consumer, tenantId, events);
        } finally {
            pool.shutdownNow();
        }
        assertThat(recordedKeys(tenantId)).containsExactly("2036-12");
    }

    @Test
    void aRenewedSecretGetsANewSchedule() {
        String tenantId = tenantWithEntraSecretExpiring("2037-03-20");
        MovableClock clock = new MovableClock(Instant.parse("2037-03-01T00:00:00Z"));
        SecretExpiryReminders job = job(clock);
        try (Consumer<String, byte[]> consumer = Fixtures.consumer(broker, Topics.SETTINGS)) {
            job.run(); // 2037-03 for the old secret
            Map<String, Object> renewed = Fixtures.entraForm();
            renewed.put("clientSecret", "********");
            renewed.put("secretExpiresOn", "2038-03-20");
            assertThat(api.call(HttpMethod.PUT, "/api/settings/entra-id", TestTokens.admin(tenantId), renewed)
                    .getStatusCode()).isEqualTo(HttpStatus.OK);
            // メールの言語 English from now on: the next reminder carries it
            assertThat(api.call(HttpMethod.PUT, "/api/settings/mail-language", TestTokens.admin(tenantId),
                    Map.of("mailLanguage", "en")).getStatusCode()).isEqualTo(HttpStatus.OK);
            clock.set(Instant.parse("2037-03-19T15:00:00Z")); // the old expiry day: nothing now
            job.run();
            clock.set(Instant.parse("2037-09-19T15:00:00Z")); // six months before the new expiry, in Tokyo
            job.run();
            List<EventEnvelope> events = Fixtures.await(consumer, e -> e.tenantId().equals(tenantId)
                    && e.payload() instanceof SecretExpiring, 2);
            assertThat(events).extracting(e -> ((SecretExpiring) e.payload()).reminderMonth() + " "
                    + ((SecretExpiring) e.payload()).expiresOn() + " " + ((SecretExpiring) e.payload()).language())
                    .containsExactly("2037-03 2037-03-20 ja", "2037-09 2038-03-20 en");
            assertNoMoreEvents(consumer, tenantId, events);
        }
    }

    @Test
    void anExpiryDayNothingRanOnIsRemindedLateOnceSayingTheSecretExpired() {
        String tenantId = tenantWithEntraSecretExpiring("2037-03-20");
        String tooLate = tenantWithEntraSecretExpiring("2037-03-10");
        MovableClock clock = new MovableClock(Instant.parse("2037-03-01T00:00:00Z"));
        SecretExpiryReminders job = job(clock);
        try (Consumer<String, byte[]> consumer = Fixtures.consumer(broker, Topics.SETTINGS)) {
            job.run(); // March's reminder for both
            clock.set(Instant.parse("2037-03-22T01:00:00Z")); // the service was down on 03-20 (Tokyo) and all of 03-21
            job.run();
            job.run();
            clock.set(Instant.parse("2037-03-25T01:00:00Z"));
            job.run();

            List<EventEnvelope> events = Fixtures.await(consumer, e -> e.tenantId().equals(tenantId)
                    && e.payload() instanceof SecretExpiring, 2);
            assertThat(events.get(1).payload()).isEqualTo(new SecretExpiring(tenantId, SecretKind.ENTRA_CLIENT_SECRET,
                    LocalDate.of(2037, 3, 20), "2037-03", List.of("ops@example.com", "sec@example.com"), "ja", true));
            assertNoMoreEvents(consumer, tenantId, events);
        }
        assertThat(recordedKeys(tenantId)).containsExactly("2037-03", "2037-03-day");
        assertThat(recordedKeys(tooLate)).as("more than a week after its day: no late reminder")
                .containsExactly("2037-03");
    }

    @Test
    void tenantsWithoutEntraIdGetNoReminders() {
        String tenantId = tenantWithEntraSecretExpiring("2037-03-20");
        assertThat(api.call(HttpMethod.PUT, "/api/settings/auth-type", TestTokens.admin(tenantId),
                Map.of("authType", "LOCAL")).getStatusCode()).isEqualTo(HttpStatus.OK);
        job(new MovableClock(Instant.parse("2037-03-01T00:00:00Z"))).run();
        assertThat(recordedKeys(tenantId)).isEmpty();
    }

    /**
     * Nothing new for a deduplicating consumer (delivery is at-least-once: a re-sent event id is
     * not new). Waits first until every reminder of the tenant has left its outbox (the relay has
     * published it), then reads the topic to its end: an extra event would be there by then.
     */
    private void assertNoMoreEvents(Consumer<String, byte[]> consumer, String tenantId, List<EventEnvelope> seen) {
        await().atMost(Duration.ofSeconds(45)).until(() -> mongo.getCollection("secret_reminders").countDocuments(
                Filters.and(Filters.eq("tenantId", tenantId), Filters.exists(AggregateDocument.OUTBOX + ".0"))) == 0);
        Set<UUID> ids = new HashSet<>(seen.stream().map(EventEnvelope::eventId).toList());
        List<EventEnvelope> extra = new ArrayList<>();
        Map<TopicPartition, Long> end = consumer.endOffsets(consumer.assignment());
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            for (var record : KafkaTestUtils.getRecords(consumer, Duration.ofMillis(300))) {
                EventEnvelope envelope = EventCodec.decode(record.value());
                if (envelope.tenantId().equals(tenantId) && envelope.payload() instanceof SecretExpiring
                        && ids.add(envelope.eventId())) {
                    extra.add(envelope);
                }
            }
            return end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
        });
        assertThat(end).as("the consumer reads the topic").isNotEmpty();
        assertThat(extra).as("SecretExpiring events after the expected ones").isEmpty();
    }
}
