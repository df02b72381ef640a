package org.sra.profile.download;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.sra.profile.profile.LinkExpiries;
import org.sra.profile.profile.Profile;
import org.sra.profile.profile.Profiles;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Turns unused links past their validity into {@code LINK_EXPIRED} and raises
 * {@code ProfileLinkExpired} (R-PRO-4). Looks only at the links due on the expiry list
 * ({@link LinkExpiries}), fetched by id, never at all profiles. Every replica runs it; each
 * profile is changed by one versioned write, so when two replicas (or a replica and a download)
 * reach the same profile, the second write fails its version check: the event is raised once.
 */
@Component
public class LinkExpiry {

    private static final Logger log = LoggerFactory.getLogger(LinkExpiry.class);
    private static final int BATCH = 500;
    private static final int ATTEMPTS = 3;

    private final LinkExpiries expiries;
    private final Profiles profiles;
    private final Clock clock;

    private final Counter expired;

    LinkExpiry(LinkExpiries expiries, Profiles profiles, Clock clock, MeterRegistry meters) {
        this.expiries = expiries;
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

    /**
     * Expires every unused link due at {@code now}; returns how many this call expired. Entries of
     * links that need nothing (downloaded, replaced, gone) leave the list; an entry that is early
     * (a link resent with a longer validity) moves to its link's time; an entry whose profile
     * kept changing under this call stays, for the next one.
     */
    public int expireDue(Instant now) {
        int count = 0;
        List<LinkExpiries.Entry> due;
        do {
            due = expiries.dueAt(now, BATCH);
            Map<String, Profile> found = new HashMap<>();
            profiles.findAllById(due.stream().map(LinkExpiries.Entry::profile).toList())
                    .forEach(profile -> found.put(profile.id(), profile));
            List<LinkExpiries.Entry> done = new ArrayList<>();
            Map<LinkExpiries.Entry, Instant> later = new HashMap<>();
            for (LinkExpiries.Entry entry : due) {
                Outcome outcome = expire(found.get(entry.profile()), now);
                switch (outcome) {
                    case EXPIRED, NOTHING_TO_DO -> done.add(entry);
                    case NOT_YET -> later.put(entry, found.get(entry.profile()).link().expiresAt());
                    case CHANGING -> { }
                }
                count += outcome == Outcome.EXPIRED ? 1 : 0;
            }
            expiries.remove(done);
            expiries.move(later);
            if (done.size() + later.size() < due.size()) {
                break; // what kept changing is tried again at the next check, not in a loop now
            }
        } while (due.size() == BATCH);
        return count;
    }

    private enum Outcome { EXPIRED, NOTHING_TO_DO, NOT_YET, CHANGING }

    private Outcome expire(@Nullable Profile profile, Instant now) {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            if (profile == null || profile.isDeleted() || profile.link() == null || !profile.status().waitsForDownload()) {
                return Outcome.NOTHING_TO_DO;
            }
            if (now.isBefore(profile.link().expiresAt())) {
                return Outcome.NOT_YET;
            }
            profile.expireLink(now);
            try {
                profiles.save(profile);
                expired.increment();
                log.info("The link of profile {} of tenant {} expired unused", profile.profileId(), profile.tenantId());
                return Outcome.EXPIRED;
            } catch (OptimisticLockingFailureException raced) {
                // another replica expired it, or a download or a resend changed it: look again
                profile = profiles.findById(profile.id()).orElse(null);
            }
        }
        return Outcome.CHANGING;
    }
}
