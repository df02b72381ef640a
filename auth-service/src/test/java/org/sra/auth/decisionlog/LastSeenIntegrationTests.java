package org.sra.auth.decisionlog;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.sra.kit.test.SraIntegrationTest;

import com.mongodb.client.model.Filters;

/**
 * {@link LastSeen} against the embedded store: one document per user and device whatever the
 * number of decisions in a batch, and a batch carrying older decisions (another replica's, late)
 * never replaces a newer accept or rejection.
 */
@SraIntegrationTest
class LastSeenIntegrationTests {

    @Autowired
    LastSeen lastSeen;
    @Autowired
    MongoTemplate mongo;

    final String tenant = "seen-" + UUID.randomUUID().toString().substring(0, 8);
    final Instant t0 = Instant.parse("2026-12-01T00:00:00Z");

    DecisionRecord decision(int minute, String user, String device, boolean accepted, String reason) {
        return DecisionRecord.of(tenant, t0.plusSeconds(60L * minute), user, user, device, "nas-1", "radius", accepted,
                reason, 3, accepted ? "10.0.0.2" : null);
    }

    @Test
    void aBatchIsCoalescedAndALateOlderBatchChangesNothing() {
        lastSeen.record(List.of(decision(1, "u-1", "d-1", true, null), decision(5, "u-1", null, false, "BAD_PASSWORD"),
                decision(3, "u-1", "d-1", false, "DEVICE_DISABLED"), decision(4, "u-1", "d-1", true, null),
                decision(2, "u-2", null, false, "UNKNOWN_USER")));
        assertThat(mongo.getCollection(LastSeen.COLLECTION).countDocuments(Filters.regex("_id", "^" + tenant + ":")))
                .as("one document per user and per device").isEqualTo(3);

        // another replica's batch, written later, with older decisions
        lastSeen.record(List.of(decision(2, "u-1", "d-1", true, null), decision(0, "u-1", "d-1", false, "USER_DISABLED")));

        LastSeen.Answer answer = lastSeen.find(tenant, List.of("u-1", "u-2", "u-3"), List.of("d-1"));
        assertThat(answer.users()).containsOnlyKeys("u-1", "u-2");
        assertThat(answer.users().get("u-1")).isEqualTo(new LastSeen.Seen(t0.plusSeconds(240), t0.plusSeconds(300),
                "BAD_PASSWORD"));
        assertThat(answer.users().get("u-2")).isEqualTo(new LastSeen.Seen(null, t0.plusSeconds(120), "UNKNOWN_USER"));
        assertThat(answer.devices().get("d-1")).isEqualTo(new LastSeen.Seen(t0.plusSeconds(240), t0.plusSeconds(180),
                "DEVICE_DISABLED"));
        assertThat(lastSeen.find("other-" + tenant, List.of("u-1"), List.of("d-1")).users()).isEmpty();
        Document stored = mongo.getCollection(LastSeen.COLLECTION).find(Filters.eq("_id", tenant + ":user:u-1")).first();
        assertThat(stored).isNotNull();
    }
}
