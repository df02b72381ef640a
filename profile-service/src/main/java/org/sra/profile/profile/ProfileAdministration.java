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
import org.springframework.stereotype.Service;
import org.sra.kit.error.DomainException.Kind;
import org.sra.kit.error.DomainException;

/** The admin's actions on a tenant's profiles (R-PRO-1 … R-PRO-3). */
@Service
public class ProfileAdministration {

    private static final Logger log = LoggerFactory.getLogger(ProfileAdministration.class);

    private final Profiles profiles;
    private final ProfileOwners owners;
    private final ProfileSending sending;
    private final Clock clock;

    ProfileAdministration(Profiles profiles, ProfileOwners owners, ProfileSending sending, Clock clock) {
        this.profiles = profiles;
        this.owners = owners;
        this.sending = sending;
        this.clock = clock;
    }

    public List<Profile> all(String tenantId) {
        return profiles.findByTenantIdAndDeletedFalseOrderByProfileIdAsc(tenantId);
    }

    public Profile get(String tenantId, String profileId) {
        return profiles.findByLiveKey(Profile.liveKey(tenantId, profileId))
                .orElseThrow(() -> DomainException.notFound("profile-not-found", profileId));
    }

    /** Every one of the given profiles, or a 404 naming the unknown ones; nothing happens then. */
    public List<Profile> selection(String tenantId, Collection<String> profileIds) {
        Set<String> wanted = new LinkedHashSet<>(profileIds);
        List<Profile> found = profiles.findByLiveKeyIn(wanted.stream().map(id -> Profile.liveKey(tenantId, id)).toList());
        List<String> missing = new ArrayList<>(wanted);
        found.forEach(profile -> missing.remove(profile.profileId()));
        if (!missing.isEmpty()) {
            throw new DomainException(Kind.NOT_FOUND, "profiles-not-found", Map.of("profileIds", missing),
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

    /** How many of a selection a bulk switch changed and how many already were so. */
    public record BulkResult(int changed, int unchanged) {
    }

    /**
     * Connection allowed on/off for a selection: every profile is the tenant's or nothing changes
     * (404 naming the unknown ones); a dry run checks the selection and counts.
     */
    public BulkResult allowConnection(String tenantId, Collection<String> profileIds, boolean allowed, boolean dryRun) {
        int changed = 0;
        int unchanged = 0;
        for (Profile profile : selection(tenantId, profileIds)) {
            if (profile.connectionAllowed() == allowed) {
                unchanged++;
            } else {
                changed++;
                if (!dryRun) {
                    profile.changeConnection(allowed, clock.instant());
                    profiles.save(profile);
                }
            }
        }
        if (!dryRun) {
            log.info("Connection allowed {} for {} profiles ({} already)", allowed, changed, unchanged);
        }
        return new BulkResult(changed, unchanged);
    }

    /**
     * Sends one profile or a selection (R-PRO-2): a new link per profile, earlier links revoked.
     * Without a recipient each profile goes to its user's directory mail address; when one has
     * none, nothing is sent.
     */
    public List<Profile> send(String tenantId, Collection<String> profileIds, @Nullable String recipient,
                              String subject, int validityDays, @Nullable Integer maxDownloads,
                              @Nullable String language) {
        return send(tenantId, profileIds, recipient, subject, validityDays, maxDownloads, language, false);
    }

    /** As above; a dry run checks the selection and every address and sends nothing. */
    public List<Profile> send(String tenantId, Collection<String> profileIds, @Nullable String recipient,
                              String subject, int validityDays, @Nullable Integer maxDownloads,
                              @Nullable String language, boolean dryRun) {
        return sending.send(tenantId, selection(tenantId, profileIds), recipient, subject, validityDays, maxDownloads,
                language, dryRun);
    }

    public Profile revokeLink(String tenantId, String profileId) {
        Profile profile = get(tenantId, profileId);
        if (profile.link() == null) {
            throw DomainException.conflict("profile-no-link", profileId);
        }
        profile.revokeLink(clock.instant());
        log.info("Revoked the download link of profile {}", profileId);
        return profiles.save(profile);
    }

    /** Bulk delete (R-PRO-2): all the selected profiles or none. */
    public void delete(String tenantId, Collection<String> profileIds) {
        delete(tenantId, profileIds, false);
    }

    /** As above; a dry run only checks that every one is the tenant's. Returns how many (would) go. */
    public int delete(String tenantId, Collection<String> profileIds, boolean dryRun) {
        List<Profile> selected = selection(tenantId, profileIds);
        if (dryRun) {
            return selected.size();
        }
        for (Profile profile : selected) {
            profile.remove(clock.instant());
            profiles.save(profile);
            owners.remove(profile);
            log.info("Deleted profile {}", profile.profileId());
        }
        return selected.size();
    }
}
