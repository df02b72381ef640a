package org.sra.profile.localsegment;

import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.sra.profile.facts.DeviceFact;
import org.sra.profile.profile.AppliedByDefault;
import org.sra.profile.profile.Profile;
import org.sra.profile.profile.ProfileAdministration;
import org.sra.profile.profile.Profiles;
import org.sra.profile.proxy.Scope;

/** The admin's local-segment actions (R-LSG-1): switch on or off, apply to all or selected profiles. */
@Service
public class LocalSegmentAdministration implements AppliedByDefault {

    private static final Logger log = LoggerFactory.getLogger(LocalSegmentAdministration.class);

    private final LocalSegmentSettings settings;
    private final Profiles profiles;
    private final ProfileAdministration administration;
    private final Clock clock;

    LocalSegmentAdministration(LocalSegmentSettings settings, Profiles profiles, ProfileAdministration administration,
                               Clock clock) {
        this.settings = settings;
        this.profiles = profiles;
        this.administration = administration;
        this.clock = clock;
    }

    public LocalSegmentSetting current(String tenantId) {
        return settings.findById(tenantId).orElseGet(() -> LocalSegmentSetting.initial(tenantId, clock.instant()));
    }

    public LocalSegmentSetting enable(String tenantId, boolean on) {
        LocalSegmentSetting setting = current(tenantId);
        setting.enable(on, clock.instant());
        log.info("Local-segment access is now {}", on ? "on" : "off");
        return settings.save(setting);
    }

    /** Applies to every profile (also those created later) or exactly to the chosen ones. */
    public LocalSegmentSetting apply(String tenantId, Scope scope, Collection<String> profileIds) {
        LocalSegmentSetting setting = current(tenantId);
        Set<String> chosen = new HashSet<>();
        if (scope == Scope.SELECTED) {
            administration.selection(tenantId, profileIds).forEach(profile -> chosen.add(profile.profileId()));
        }
        Instant now = clock.instant();
        for (Profile profile : administration.all(tenantId)) {
            if (profile.applyLocalSegment(scope == Scope.ALL || chosen.contains(profile.profileId()), now)) {
                profiles.save(profile);
            }
        }
        setting.scope(scope, now);
        log.info("Local-segment access applied to {} ({} chosen)", scope, chosen.size());
        return settings.save(setting);
    }

    /** Whether a profile's client may reach its own LAN: the switch is on and the profile is applied. */
    public boolean effective(Profile profile) {
        return profile.localSegment() && current(profile.tenantId()).enabled();
    }

    @Override
    public boolean appliesTo(String tenantId, @Nullable DeviceFact device) {
        return current(tenantId).scope() == Scope.ALL;
    }

    @Override
    public Kind kind() {
        return Kind.LOCAL_SEGMENT;
    }
}
