package org.sra.profile.profile;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.sra.kit.secrets.SecretSealer;
import org.sra.kit.web.ProblemException;
import org.sra.profile.config.ProfileSettings;
import org.sra.profile.facts.DeviceFact;
import org.sra.profile.facts.Facts;
import org.sra.profile.facts.UserFact;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** The admin's actions on a tenant's profiles (R-PRO-1 … R-PRO-3). */
@Service
public class ProfileAdministration {

    /** Context the download URL is sealed with; notification-service opens it with the same. */
    public static final String URL_SEAL_CONTEXT = "profile-url:";

    private static final Logger log = LoggerFactory.getLogger(ProfileAdministration.class);

    private final Profiles profiles;
    private final Facts facts;
    private final SecretSealer sealer;
    private final ProfileSettings settings;
    private final Clock clock;
    private final Counter issued;

    ProfileAdministration(Profiles profiles, Facts facts, SecretSealer sealer, ProfileSettings settings, Clock clock,
                          MeterRegistry meters) {
        this.profiles = profiles;
        this.facts = facts;
        this.sealer = sealer;
        this.settings = settings;
        this.clock = clock;
        this.issued = meters.counter("sra.profile.links.issued");
    }

    public List<Profile> all(String tenantId) {
        return profiles.findByTenantIdAndDeletedFalseOrderByProfileIdAsc(tenantId);
    }

    public Profile get(String tenantId, String profileId) {
        return profiles.findByTenantIdAndProfileIdAndDeletedFalse(tenantId, profileId)
                .orElseThrow(() -> ProblemException.notFound("profile-not-found", profileId));
    }

    /** Every one of the given profiles, or a 404 naming the unknown ones; nothing happens then. */
    public List<Profile> selection(String tenantId, Collection<String> profileIds) {
        Set<String> wanted = new LinkedHashSet<>(profileIds);
        List<Profile> found = profiles.findByTenantIdAndProfileIdInAndDeletedFalse(tenantId, wanted);
        List<String> missing = new ArrayList<>(wanted);
        found.forEach(profile -> missing.remove(profile.profileId()));
        if (!missing.isEmpty()) {
            throw new ProblemException(HttpStatus.NOT_FOUND, "profiles-not-found", Map.of("profileIds", missing),
                    String.join(", ", missing));
        }
        return found;
    }

    public Profile allowConnection(String tenantId, String profileId, boolean allowed) {
        Profile profile = get(tenantId, profileId);
        profile.allowConnection(allowed, clock.instant());
        log.info("Profile {} connection allowed: {}", profileId, allowed);
        return profiles.save(profile);
    }

    /**
     * Sends one profile or a selection (R-PRO-2): a new link per profile, earlier links revoked.
     * Without a recipient each profile goes to its user's directory mail address; when one has
     * none, nothing is sent.
     */
    public List<Profile> send(String tenantId, Collection<String> profileIds, @Nullable String recipient,
                              String subject, int validityDays, @Nullable Integer maxDownloads,
                              @Nullable String language) {
        List<Profile> selected = selection(tenantId, profileIds);
        String mailLanguage = language != null ? language : facts.language(tenantId);
        List<Mailing> mailings = new ArrayList<>();
        List<String> withoutAddress = new ArrayList<>();
        for (Profile profile : selected) {
            String address = recipient != null ? recipient : facts.user(tenantId, profile.userId())
                    .map(UserFact::mail).orElse(null);
            if (address == null) {
                withoutAddress.add(profile.profileId());
            } else {
                mailings.add(new Mailing(address, subject, validityDays, maxDownloads, mailLanguage));
            }
        }
        if (!withoutAddress.isEmpty()) {
            throw new ProblemException(HttpStatus.BAD_REQUEST, "recipient-unknown",
                    Map.of("profileIds", withoutAddress), String.join(", ", withoutAddress));
        }
        List<Profile> sent = new ArrayList<>();
        for (int i = 0; i < selected.size(); i++) {
            sent.add(issue(selected.get(i), mailings.get(i)));
        }
        return sent;
    }

    private Profile issue(Profile profile, Mailing mailing) {
        LinkToken token = LinkToken.generate();
        String sealedUrl = sealer.seal(settings.downloadUrl(token.value()), URL_SEAL_CONTEXT + profile.tenantId());
        String name = profile.name(facts.device(profile.tenantId(), profile.deviceId()).map(DeviceFact::name).orElse(null));
        profile.issue(mailing, token.hash(), sealedUrl, name, clock.instant());
        Profile saved = profiles.save(profile);
        issued.increment();
        log.info("Issued a download link for profile {}: status {}, valid {} days, downloads {}", profile.profileId(),
                saved.status(), mailing.validityDays(),
                mailing.maxDownloads() == null ? "unlimited" : mailing.maxDownloads());
        return saved;
    }

    public Profile revokeLink(String tenantId, String profileId) {
        Profile profile = get(tenantId, profileId);
        if (profile.link() == null) {
            throw ProblemException.conflict("profile-no-link", profileId);
        }
        profile.revokeLink(clock.instant());
        log.info("Revoked the download link of profile {}", profileId);
        return profiles.save(profile);
    }

    /** Bulk delete (R-PRO-2): all the selected profiles or none. */
    public void delete(String tenantId, Collection<String> profileIds) {
        for (Profile profile : selection(tenantId, profileIds)) {
            profile.remove(clock.instant());
            profiles.save(profile);
            log.info("Deleted profile {}", profile.profileId());
        }
    }
}
