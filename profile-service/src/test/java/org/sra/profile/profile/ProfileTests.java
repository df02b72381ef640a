package org.sra.profile.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.sra.events.EventCodec;
import org.sra.events.profile.ProfileIssued;
import org.sra.events.profile.ProfileLinkExpired;
import org.sra.events.profile.ProfileRemoved;
import org.sra.events.profile.ProfileSettingsChanged;
import org.sra.kit.outbox.PendingEvent;

/** The profile aggregate raises the right event with every change (R-PRO-1 … R-PRO-4). */
class ProfileTests {

    private static final Instant NOW = Instant.parse("2026-11-22T01:00:00Z");

    @Test
    void aNewProfileIsConnectableWithoutAMailAndAnnouncesItsSettings() {
        Profile profile = Profile.create("inc-1", "t1", "u-42", "taro", "d-7", true, false, NOW);
        assertThat(profile.profileId()).isEqualTo("u-42:d-7");
        assertThat(profile.status()).isEqualTo(ProfileStatus.MAIL_NOT_SENT);
        assertThat(profile.connectionAllowed()).isTrue();
        assertThat(payload(profile, 0)).isEqualTo(new ProfileSettingsChanged("t1", "u-42:d-7", "u-42", "d-7", true,
                true, false));
    }

    @Test
    void issuingKeepsOnlyTheHashAndPublishesTheSealedUrl() {
        Profile profile = Profile.create("inc-1", "t1", "u-42", "taro", "d-7", false, false, NOW);
        profile.issue(new Mailing("taro@example.com", "件名", 3, 2, "ja"), "hash-1", "v1:sealed", "taro:win11-01", NOW);
        assertThat(profile.link().tokenHash()).isEqualTo("hash-1");
        assertThat(profile.link().remaining()).isEqualTo(2);
        assertThat(profile.link().expiresAt()).isEqualTo(NOW.plus(Duration.ofDays(3)));
        assertThat(payload(profile, 1)).isEqualTo(new ProfileIssued("t1", "u-42:d-7", "u-42", "d-7",
                "taro@example.com", "件名", "v1:sealed", NOW.plus(Duration.ofDays(3)), 2, "ja", "taro:win11-01"));
    }

    @Test
    void revokingALinkExpiresItAndAnnouncesIt() {
        Profile profile = Profile.create("inc-1", "t1", "u-42", "taro", "d-7", false, false, NOW);
        profile.issue(new Mailing("taro@example.com", "s", 3, null, "ja"), "hash-1", "v1:sealed", "taro:d-7", NOW);
        profile.revokeLink(NOW.plusSeconds(5));
        assertThat(profile.link().usable(NOW.plusSeconds(6))).isFalse();
        assertThat(profile.status()).isEqualTo(ProfileStatus.LINK_EXPIRED);
        assertThat(payload(profile, 2)).isEqualTo(new ProfileLinkExpired("t1", "u-42:d-7"));
    }

    @Test
    void onlyAnUnusedLinkPastItsValidityExpires() {
        Profile profile = Profile.create("inc-1", "t1", "u-42", "taro", "d-7", false, false, NOW);
        profile.issue(new Mailing("taro@example.com", "s", 1, 1, "ja"), "hash-1", "v1:sealed", "taro:d-7", NOW);
        assertThat(profile.expireLink(NOW.plus(Duration.ofHours(23)))).isFalse();
        assertThat(profile.expireLink(NOW.plus(Duration.ofDays(1)))).isTrue();
        assertThat(profile.expireLink(NOW.plus(Duration.ofDays(2)))).isFalse();
        assertThat(events(profile)).hasSize(3);
    }

    @Test
    void removingLeavesATombstoneThatAnnouncesTheRemovalOnce() {
        Profile profile = Profile.create("inc-1", "t1", "u-42", "taro", "d-7", false, false, NOW);
        profile.issue(new Mailing("taro@example.com", "s", 1, 1, "ja"), "hash-1", "v1:sealed", "taro:d-7", NOW);
        profile.remove(NOW);
        profile.remove(NOW);
        assertThat(profile.isDeleted()).isTrue();
        assertThat(profile.link().revokedAt()).isEqualTo(NOW);
        assertThat(events(profile)).hasSize(3);
        assertThat(payload(profile, 2)).isEqualTo(new ProfileRemoved("t1", "u-42:d-7", "u-42", "d-7"));
    }

    @Test
    void settingsChangesAreAnnouncedOnlyWhenSomethingChanged() {
        Profile profile = Profile.create("inc-1", "t1", "u-42", "taro", "d-7", false, false, NOW);
        profile.allowConnection(true, NOW);
        assertThat(profile.applyProxy(false, NOW)).isFalse();
        assertThat(profile.applyLocalSegment(true, NOW)).isTrue();
        profile.allowConnection(false, NOW);
        assertThat(events(profile)).hasSize(3);
        assertThat(payload(profile, 2)).isEqualTo(new ProfileSettingsChanged("t1", "u-42:d-7", "u-42", "d-7", false,
                false, true));
    }

    /** The profile's own events, without the audit entries raised beside them. */
    private static List<PendingEvent> events(Profile profile) {
        return profile.pendingEvents().stream().filter(event -> !event.type().equals("AuditRecorded")).toList();
    }

    private static Object payload(Profile profile, int index) {
        PendingEvent event = events(profile).get(index);
        return EventCodec.decode(event.envelope()).payload();
    }
}
