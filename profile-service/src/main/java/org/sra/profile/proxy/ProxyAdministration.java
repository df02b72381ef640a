package org.sra.profile.proxy;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.sra.events.EventEnvelope;
import org.sra.events.device.DeviceChanged;
import org.sra.events.device.DeviceType;
import org.sra.events.profile.ProxyMode;
import org.sra.kit.error.DomainException;
import org.sra.profile.facts.DeviceFact;
import org.sra.profile.facts.Facts;
import org.sra.profile.profile.AppliedByDefault;
import org.sra.profile.profile.Connectability;
import org.sra.profile.profile.Profile;
import org.sra.profile.profile.ProfileAdministration;
import org.sra.profile.profile.ProfileOwners;
import org.sra.profile.profile.Profiles;

/** The admin's proxy actions (§5): choose the mode, apply it to all or selected profiles. */
@Service
public class ProxyAdministration implements AppliedByDefault, Connectability {

    private static final Logger log = LoggerFactory.getLogger(ProxyAdministration.class);

    private final ProxySettings settings;
    private final Profiles profiles;
    private final ProfileOwners owners;
    private final ProfileAdministration administration;
    private final Facts facts;
    private final Clock clock;

    ProxyAdministration(ProxySettings settings, Profiles profiles, ProfileOwners owners,
                        ProfileAdministration administration, Facts facts, Clock clock) {
        this.settings = settings;
        this.profiles = profiles;
        this.owners = owners;
        this.administration = administration;
        this.facts = facts;
        this.clock = clock;
    }

    public ProxySetting current(String tenantId) {
        return settings.findById(tenantId).orElseGet(() -> ProxySetting.initial(tenantId, clock.instant()));
    }

    @Override
    public ProxyMode proxyMode(String tenantId) {
        return current(tenantId).mode();
    }

    /**
     * Changes the mode and its server (R-PXY-1). Switching to {@code MANAGEMENT} while the
     * setting is applied to Android devices chosen by hand is refused (R-PXY-3); with "all
     * profiles" the Android ones simply drop out.
     */
    public ProxySetting change(String tenantId, @Nullable ProxyMode mode, @Nullable String address,
                               @Nullable Integer port, @Nullable String exclusions) {
        ProxyConfig config = ProxyRules.check(mode, address, port, exclusions);
        ProxySetting setting = current(tenantId);
        Instant now = clock.instant();
        List<Profile> android = administration.all(tenantId).stream()
                .filter(Profile::proxyApplied).filter(this::android).toList();
        if (!ProxyRules.allowedOn(config.mode(), !android.isEmpty())) {
            if (setting.scope() == Scope.SELECTED) {
                throw androidRefused(android);
            }
            android.forEach(profile -> {
                profile.applyProxy(false, now);
                profiles.save(profile);
            });
        }
        setting.change(config, now);
        log.info("Proxy setting is now {}", config.mode());
        return settings.save(setting);
    }

    /**
     * Applies the setting to every profile (also those created later) or exactly to the chosen
     * ones (R-PXY-2). Returns the profiles left out because {@code MANAGEMENT} cannot be used
     * on Android (R-PXY-3); choosing one of them by hand is refused.
     */
    public List<String> apply(String tenantId, Scope scope, Collection<String> profileIds) {
        ProxySetting setting = current(tenantId);
        Set<String> chosen = new HashSet<>();
        if (scope == Scope.SELECTED) {
            List<Profile> selected = administration.selection(tenantId, profileIds);
            List<Profile> android = selected.stream().filter(this::android).toList();
            if (!ProxyRules.allowedOn(setting.mode(), !android.isEmpty())) {
                throw androidRefused(android);
            }
            selected.forEach(profile -> chosen.add(profile.profileId()));
        }
        Instant now = clock.instant();
        List<String> skipped = new ArrayList<>();
        for (Profile profile : administration.all(tenantId)) {
            boolean allowed = ProxyRules.allowedOn(setting.mode(), android(profile));
            boolean applied = scope == Scope.ALL ? allowed : chosen.contains(profile.profileId());
            if (scope == Scope.ALL && !allowed) {
                skipped.add(profile.profileId());
            }
            if (profile.applyProxy(applied, now)) {
                profiles.save(profile);
            }
        }
        setting.scope(scope, now);
        settings.save(setting);
        log.info("Proxy setting applied to {} ({} chosen, {} Android profiles left out)", scope, chosen.size(),
                skipped.size());
        return skipped;
    }

    /**
     * A device became an Android device while {@code MANAGEMENT} applies to its profile: the
     * setting is taken off that profile, as R-PXY-3 forbids it there.
     */
    public void onDeviceChanged(EventEnvelope envelope, DeviceChanged changed) {
        if (changed.type() != DeviceType.ANDROID || current(changed.tenantId()).mode() != ProxyMode.MANAGEMENT) {
            return;
        }
        for (Profile profile : owners.ofDevice(changed.tenantId(), changed.deviceId())) {
            if (profile.applyProxy(false, clock.instant())) {
                profiles.save(profile);
                log.info("Managed proxy taken off profile {}: the device is an Android device now", profile.profileId());
            }
        }
    }

    /** The import's counterpart of {@link #onDeviceChanged}, for a profile already loaded; saved by the caller. */
    @Override
    public boolean deviceChanged(Profile profile, DeviceFact device, Instant now) {
        if (!device.isAndroid() || current(profile.tenantId()).mode() != ProxyMode.MANAGEMENT
                || !profile.applyProxy(false, now)) {
            return false;
        }
        log.info("Managed proxy taken off profile {}: the device is an Android device", profile.profileId());
        return true;
    }

    @Override
    public boolean connectable(Profile profile) {
        return ProxyRules.connectable(profile.connectionAllowed(), current(profile.tenantId()).mode(),
                profile.proxyApplied());
    }

    @Override
    public boolean appliesTo(String tenantId, @Nullable DeviceFact device) {
        ProxySetting setting = current(tenantId);
        return setting.scope() == Scope.ALL
                && ProxyRules.allowedOn(setting.mode(), device != null && device.isAndroid());
    }

    @Override
    public Kind kind() {
        return Kind.PROXY;
    }

    private boolean android(Profile profile) {
        return facts.device(profile.tenantId(), profile.deviceId()).map(DeviceFact::isAndroid).orElse(false);
    }

    private static DomainException androidRefused(List<Profile> android) {
        List<String> ids = android.stream().map(Profile::profileId).toList();
        return new DomainException(DomainException.Kind.INVALID, "proxy-management-android", Map.of("profileIds", ids),
                String.join(", ", ids));
    }
}
