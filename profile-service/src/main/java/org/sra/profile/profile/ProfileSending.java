package org.sra.profile.profile;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.sra.kit.error.DomainException.Kind;
import org.sra.kit.error.DomainException;
import org.sra.profile.facts.DeviceFact;
import org.sra.profile.facts.Facts;
import org.sra.profile.facts.UserFact;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Sending profiles (R-PRO-2, R-PRO-3): a new link per profile, announced with
 * {@code ProfileIssued} for the mail. A selection of a thousand costs a few look-ups and one save
 * per profile: users, devices and the expiry list are read or written once for all of them. Each
 * save is marked for the outbox relay as it is written, so the first mails are on their way while
 * the last profiles are still being saved.
 */
@Component
class ProfileSending {

    private static final Logger log = LoggerFactory.getLogger(ProfileSending.class);

    private final Profiles profiles;
    private final Facts facts;
    private final LinkExpiries expiries;
    private final SealedDownloadUrls urls;
    private final Clock clock;
    private final Counter issued;

    ProfileSending(Profiles profiles, Facts facts, LinkExpiries expiries, SealedDownloadUrls urls, Clock clock,
                   MeterRegistry meters) {
        this.profiles = profiles;
        this.facts = facts;
        this.expiries = expiries;
        this.urls = urls;
        this.clock = clock;
        this.issued = meters.counter("sra.profile.links.issued");
    }

    /**
     * Sends the selected profiles: a new link each, earlier links revoked. Without a recipient
     * each goes to the address registered for the profile, else to its user's directory mail
     * address; when one has neither, nothing is sent.
     */
    List<Profile> send(String tenantId, List<Profile> selected, @Nullable String recipient, String subject,
                       int validityDays, @Nullable Integer maxDownloads, @Nullable String language) {
        return send(tenantId, selected, recipient, subject, validityDays, maxDownloads, language, false);
    }

    /** As {@link #send}; a dry run checks everything a send checks and stops before the first link. */
    List<Profile> send(String tenantId, List<Profile> selected, @Nullable String recipient, String subject,
                       int validityDays, @Nullable Integer maxDownloads, @Nullable String language, boolean dryRun) {
        String mailLanguage = language != null ? language : facts.language(tenantId);
        Map<String, UserFact> users = recipient != null ? Map.of()
                : facts.users(tenantId, selected.stream().filter(p -> p.mail() == null).map(Profile::userId).toList());
        Map<String, DeviceFact> devices = facts.devices(tenantId, selected.stream().map(Profile::deviceId).toList());
        List<Mailing> mailings = new ArrayList<>();
        List<String> withoutAddress = new ArrayList<>();
        List<String> namesWithoutAddress = new ArrayList<>();
        for (Profile profile : selected) {
            UserFact user = users.get(profile.userId());
            String address = recipient != null ? recipient
                    : profile.mail() != null ? profile.mail() : user == null ? null : user.mail();
            if (address == null) {
                withoutAddress.add(profile.profileId());
                DeviceFact device = devices.get(profile.deviceId());
                namesWithoutAddress.add(profile.name(device == null ? null : device.name()));
            } else {
                mailings.add(new Mailing(address, subject, validityDays, maxDownloads, mailLanguage));
            }
        }
        if (!withoutAddress.isEmpty()) {
            // the message names the profiles as the list shows them (user:device); the ids travel as a property
            throw new DomainException(Kind.INVALID, "recipient-unknown",
                    Map.of("profileIds", withoutAddress), String.join(", ", namesWithoutAddress));
        }
        if (dryRun) {
            return selected;
        }
        Instant now = clock.instant();
        Map<String, Instant> expiring = new HashMap<>();
        for (int i = 0; i < selected.size(); i++) {
            expiring.put(selected.get(i).id(), now.plus(mailings.get(i).validity()));
        }
        expiries.scheduleNoLaterThan(expiring); // before the links exist, so none is ever missing from the list
        List<Profile> sent = new ArrayList<>();
        for (int i = 0; i < selected.size(); i++) {
            Profile profile = selected.get(i);
            DeviceFact device = devices.get(profile.deviceId());
            sent.add(issue(profile, mailings.get(i), device == null ? null : device.name(), now));
        }
        return sent;
    }

    private Profile issue(Profile profile, Mailing mailing, @Nullable String deviceName, Instant now) {
        LinkToken token = LinkToken.generate();
        String sealedUrl = urls.of(token, profile.tenantId());
        profile.issue(mailing, token.hash(), sealedUrl, profile.name(deviceName), now);
        Profile saved = profiles.save(profile);
        issued.increment();
        log.info("Issued a download link for profile {}: status {}, valid {} days, downloads {}", profile.profileId(),
                saved.status(), mailing.validityDays(),
                mailing.maxDownloads() == null ? "unlimited" : mailing.maxDownloads());
        return saved;
    }
}
