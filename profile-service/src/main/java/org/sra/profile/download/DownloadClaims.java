package org.sra.profile.download;

import static org.springframework.data.mongodb.core.query.Criteria.where;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;
import org.sra.events.profile.ProfileDownloaded;
import org.sra.events.profile.ProfileLinkExpired;
import org.sra.kit.outbox.AggregateDocument;
import org.sra.kit.outbox.OutboxMarkers;
import org.sra.kit.outbox.PendingEvent;
import org.sra.profile.facts.DeviceFact;
import org.sra.profile.facts.Facts;
import org.sra.profile.profile.DownloadLink;
import org.sra.profile.profile.DownloadRecord;
import org.sra.profile.profile.LinkToken;
import org.sra.profile.profile.Profile;
import org.sra.profile.profile.ProfileStatus;
import org.sra.profile.profile.Profiles;
import org.sra.profile.profile.StatusFlow;

/**
 * Claims one download of a link (R-PRO-3) in a single conditional find-and-modify: the count,
 * the history entry, the new status (R-PRO-4) and the {@code ProfileDownloaded} event are one
 * write, and it only happens while the profile is exactly the version read — the one whose link
 * was seen to be current, not revoked, not expired and with the count read (compare and set).
 * Two requests for the last download: one write matches, the other finds the version moved on,
 * reads again and finds the count gone. The profile is found by its link key and written by
 * {@code _id} and version: the embedded store answers both from an index.
 * The download that uses a link up also raises {@code ProfileLinkExpired}: the link serves nothing
 * any more (the status stays the downloaded one).
 */
@Component
class DownloadClaims {

    private static final int ATTEMPTS = 10;
    private static final String LINK = Profile.LINK + ".";

    private final MongoTemplate mongo;
    private final Profiles profiles;
    private final Facts facts;
    private final Clock clock;
    private final OutboxMarkers markers;

    DownloadClaims(MongoTemplate mongo, Profiles profiles, Facts facts, Clock clock, OutboxMarkers markers) {
        this.markers = markers;
        this.mongo = mongo;
        this.profiles = profiles;
        this.facts = facts;
        this.clock = clock;
    }

    /** The profile after a successful claim; empty for a wrong, used-up, expired or revoked token. */
    Optional<Profile> claim(String token, String sourceIp, @Nullable String userAgent) {
        if (!LinkToken.wellFormed(token)) {
            return Optional.empty();
        }
        String hash = LinkToken.hash(token);
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Instant now = clock.instant();
            Profile seen = profiles.findByLinkKey(hash).filter(profile -> !profile.isDeleted()).orElse(null);
            if (seen == null || seen.link() == null || !hash.equals(seen.link().tokenHash())
                    || !seen.link().usable(now) || facts.suspended(seen.tenantId())) {
                return Optional.empty();
            }
            Profile claimed = tryClaim(seen, seen.link(), now, sourceIp, userAgent);
            if (claimed != null) {
                return Optional.of(claimed);
            }
        }
        return Optional.empty();
    }

    private @Nullable Profile tryClaim(Profile seen, DownloadLink link, Instant now, String sourceIp,
                                       @Nullable String userAgent) {
        boolean registered = facts.device(seen.tenantId(), seen.deviceId()).map(DeviceFact::hasId).orElse(false);
        ProfileStatus next = StatusFlow.downloaded(seen.status(), registered);
        Integer remaining = link.unlimited() ? null : link.remaining() - 1;

        // Exactly {_id, version}: the conditions on the link were checked on the version read.
        Criteria unchanged = where("_id").is(seen.id()).and(Profile.VERSION).is(seen.version());
        List<PendingEvent> events = new ArrayList<>();
        events.add(PendingEvent.of(new ProfileDownloaded(seen.tenantId(), seen.profileId(), now, remaining, registered)));
        if (remaining != null && remaining == 0) {
            // the last download used the link up: it serves nothing from now on (docs/events.md)
            events.add(PendingEvent.of(new ProfileLinkExpired(seen.tenantId(), seen.profileId())));
        }
        Update claim = new Update()
                .set(Profile.STATUS, next)
                .set(Profile.UPDATED_AT, now)
                .inc(Profile.VERSION, 1)
                .push(Profile.DOWNLOADS, DownloadRecord.of(now, sourceIp, userAgent, link.issuedAt()));
        claim.push(AggregateDocument.OUTBOX).each(events.toArray());
        if (!link.unlimited()) {
            claim.set(LINK + DownloadLink.REMAINING, remaining);
        }
        Profile claimed = mongo.findAndModify(Query.query(unchanged), claim,
                FindAndModifyOptions.options().returnNew(true), Profile.class);
        if (claimed != null) {
            markers.mark(mongo.getCollectionName(Profile.class), claimed.id(), claimed.tenantId(),
                    claimed.pendingEvents().size());
        }
        return claimed;
    }
}
