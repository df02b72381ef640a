package org.sra.profile.profile;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.sra.events.EventEnvelope;
import org.sra.events.device.DeviceAssigned;
import org.sra.events.device.DeviceAutoRegistered;
import org.sra.events.device.DeviceChanged;
import org.sra.events.device.DeviceUnassigned;
import org.sra.events.device.DevicesImported;
import org.sra.events.user.VpnUserRemoved;
import org.sra.profile.facts.DeviceFact;
import org.sra.profile.facts.Facts;

/**
 * Profiles follow the assignments (R-PRO-1) and the devices' registration (R-PRO-4). Every
 * handler looks at the current state first, so handling an event again changes nothing. Every
 * look-up is by key (the live key, or the user's and device's lists in {@link ProfileOwners}),
 * never a read of all profiles: device events come by the thousand with an import.
 */
@Component
public class ProfileLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ProfileLifecycle.class);

    private final Profiles profiles;
    private final ProfileOwners owners;
    private final Facts facts;
    private final List<AppliedByDefault> defaults;
    private final Clock clock;

    ProfileLifecycle(Profiles profiles, ProfileOwners owners, Facts facts, List<AppliedByDefault> defaults,
                     Clock clock) {
        this.profiles = profiles;
        this.owners = owners;
        this.facts = facts;
        this.defaults = defaults;
        this.clock = clock;
    }

    public void onDeviceAssigned(EventEnvelope envelope, DeviceAssigned assigned) {
        String tenant = assigned.tenantId();
        String profileId = Profile.idOf(assigned.userId(), assigned.deviceId());
        if (profiles.findByLiveKey(Profile.liveKey(tenant, profileId)).isPresent()) {
            return;
        }
        DeviceFact device = facts.device(tenant, assigned.deviceId()).orElse(null);
        Profile profile = Profile.create(envelope.eventId().toString(), tenant, assigned.userId(), assigned.userName(),
                assigned.deviceId(), applied(AppliedByDefault.Kind.PROXY, tenant, device),
                applied(AppliedByDefault.Kind.LOCAL_SEGMENT, tenant, device), clock.instant());
        owners.add(profile);
        profiles.save(profile);
        log.info("Created profile {} (proxy applied: {}, local segment: {})", profileId, profile.proxyApplied(),
                profile.localSegment());
    }

    public void onDeviceUnassigned(EventEnvelope envelope, DeviceUnassigned unassigned) {
        profiles.findByLiveKey(Profile.liveKey(unassigned.tenantId(),
                        Profile.idOf(unassigned.userId(), unassigned.deviceId())))
                .ifPresent(this::remove);
    }

    public void onVpnUserRemoved(EventEnvelope envelope, VpnUserRemoved removed) {
        owners.ofUser(removed.tenantId(), removed.userId()).forEach(this::remove);
    }

    /** Keeps the device's facts; a serial entered or cleared by hand moves a downloaded profile. */
    public void onDeviceChanged(EventEnvelope envelope, DeviceChanged changed) {
        DeviceFact device = facts.onDeviceChanged(envelope, changed);
        for (Profile profile : owners.ofDevice(changed.tenantId(), changed.deviceId())) {
            ProfileStatus before = profile.status();
            profile.deviceRegistrationChanged(device.hasId(), clock.instant());
            if (profile.status() != before) {
                profiles.save(profile);
                log.info("Profile {} is now {} (device ID {})", profile.profileId(), profile.status(),
                        device.hasId() ? "registered" : "missing");
            }
        }
    }

    /**
     * An import part: its devices' facts where nothing later is known ({@link Facts#onDevicesImported}),
     * then, for the devices that are the import's, what {@code DeviceChanged} does to their profiles
     * (registration status, the Android rule of the proxy). Those profiles exist only when an admin
     * assigned a device before this part arrived; they are found in one look-up for the whole part.
     */
    public void onDevicesImported(EventEnvelope envelope, DevicesImported imported) {
        List<DeviceFact> devices = facts.onDevicesImported(envelope, imported);
        if (devices.isEmpty()) {
            return;
        }
        Map<String, List<Profile>> owned = owners.ofDevices(imported.tenantId(),
                devices.stream().map(DeviceFact::deviceId).toList());
        if (owned.isEmpty()) {
            return;
        }
        // Read the facts again now that the profiles are loaded: a device's own DeviceChanged that
        // replaced the import's state in between handles its profiles itself, and saving this older
        // state after it would undo that (the versioned saves settle the rest)
        Map<String, DeviceFact> current = facts.devices(imported.tenantId(), owned.keySet());
        Instant now = clock.instant();
        List<Profile> changed = new ArrayList<>();
        for (Map.Entry<String, List<Profile>> entry : owned.entrySet()) {
            DeviceFact device = current.get(entry.getKey());
            if (device == null || !imported.aggregateId().equals(device.importedBy())) {
                continue;
            }
            for (Profile profile : entry.getValue()) {
                ProfileStatus before = profile.status();
                profile.deviceRegistrationChanged(device.hasId(), now);
                boolean settings = false;
                for (AppliedByDefault setting : defaults) {
                    settings |= setting.deviceChanged(profile, device, now);
                }
                if (profile.status() != before || settings) {
                    changed.add(profile);
                    log.info("Profile {} follows its imported device: {} (device ID {})", profile.profileId(),
                            profile.status(), device.hasId() ? "registered" : "missing");
                }
            }
        }
        changed.forEach(profiles::save);
    }

    /** The first connection registered the device's serial: a downloaded profile is ready (R-PRO-4). */
    public void onDeviceAutoRegistered(EventEnvelope envelope, DeviceAutoRegistered registered) {
        facts.onDeviceAutoRegistered(envelope, registered);
        for (Profile profile : owners.ofDevice(registered.tenantId(), registered.deviceId())) {
            ProfileStatus before = profile.status();
            profile.deviceAutoRegistered(clock.instant());
            if (profile.status() != before) {
                profiles.save(profile);
                log.info("Profile {} is now {} after auto-registration", profile.profileId(), profile.status());
            }
        }
    }

    private void remove(Profile profile) {
        profile.remove(clock.instant());
        profiles.save(profile);
        owners.remove(profile);
        log.info("Removed profile {}", profile.profileId());
    }

    private boolean applied(AppliedByDefault.Kind kind, String tenantId, DeviceFact device) {
        return defaults.stream().filter(d -> d.kind() == kind).anyMatch(d -> d.appliesTo(tenantId, device));
    }
}
