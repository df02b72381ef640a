package org.sra.profile.download;

import java.time.Clock;
import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.sra.kit.outbox.AggregateDocument;
import org.sra.profile.profile.DownloadLink;
import org.sra.profile.profile.Profile;
import org.sra.profile.profile.ProfileStatus;
import org.sra.profile.profile.Profiles;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Turns unused links past their validity into {@code LINK_EXPIRED} and raises
 * {@code ProfileLinkExpired} (R-PRO-4). Every replica runs it; each profile is changed by one
 * versioned write, so when two replicas (or a replica and a download) reach the same profile,
 * the second write fails its version check and is dropped: the event is raised once.
 */
@Component
public class LinkExpiry {

    private static final Logger log = LoggerFactory.getLogger(LinkExpiry.class);
    private static final int BATCH = 500;

    private final MongoTemplate mongo;
    private final Profiles profiles;
    private final Clock clock;

    private final Counter expired;

    LinkExpiry(MongoTemplate mongo, Profiles profiles, Clock clock, MeterRegistry meters) {
        this.mongo = mongo;
        this.profiles = profiles;
        this.clock = clock;
        this.expired = meters.counter("sra.profile.links.expired");
    }

    @Scheduled(initialDelayString = "${sra.profile.expiry-check-interval:PT1M}",
            fixedDelayString = "${sra.profile.expiry-check-interval:PT1M}")
    void scheduled() {
        try {
            expireDue(clock.instant());
        } catch (RuntimeException e) {
            log.warn("Link expiry check failed, will retry: {}", e.toString());
        }
    }

    /** Expires every unused link due at {@code now}; returns how many this call expired. */
    public int expireDue(Instant now) {
        Query due = Query.query(Criteria.where(Profile.STATUS)
                        .in(ProfileStatus.WAITING_DOWNLOAD, ProfileStatus.WAITING_DOWNLOAD_RESENT)
                        .and(Profile.LINK + "." + DownloadLink.EXPIRES_AT).lte(now)
                        .and(AggregateDocument.DELETED).ne(true))
                .with(Sort.by(Profile.LINK + "." + DownloadLink.EXPIRES_AT)).limit(BATCH);
        int expired = 0;
        for (Profile profile : mongo.find(due, Profile.class)) {
            if (expire(profile, now)) {
                expired++;
            }
        }
        return expired;
    }

    private boolean expire(Profile profile, Instant now) {
        if (!profile.expireLink(now)) {
            return false;
        }
        try {
            profiles.save(profile);
            expired.increment();
            log.info("The link of profile {} of tenant {} expired unused", profile.profileId(), profile.tenantId());
            return true;
        } catch (OptimisticLockingFailureException raced) {
            log.debug("Profile {} changed meanwhile (another replica or a download); skipped", profile.profileId());
            return false;
        }
    }
}
