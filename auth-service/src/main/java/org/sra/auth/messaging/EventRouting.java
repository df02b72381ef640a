package org.sra.auth.messaging;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.sra.auth.readmodel.ReadModelUpdates;
import org.sra.events.device.DeviceAssigned;
import org.sra.events.device.DeviceAutoRegistered;
import org.sra.events.device.DeviceChanged;
import org.sra.events.device.DeviceRemoved;
import org.sra.events.device.DeviceUnassigned;
import org.sra.events.device.DevicesImported;
import org.sra.events.nas.NasClientRegistered;
import org.sra.events.nas.NasClientRemoved;
import org.sra.events.profile.LocalSegmentSettingsChanged;
import org.sra.events.profile.ProfileRemoved;
import org.sra.events.profile.ProfileSettingsChanged;
import org.sra.events.profile.ProxySettingsChanged;
import org.sra.events.settings.SettingsChanged;
import org.sra.events.tenant.TenantProvisioned;
import org.sra.events.tenant.TenantResumed;
import org.sra.events.tenant.TenantSuspended;
import org.sra.events.user.LocalPasswordSet;
import org.sra.events.user.LocalUserDeleted;
import org.sra.events.user.VpnUserAdded;
import org.sra.events.user.VpnUserChanged;
import org.sra.events.user.VpnUserRemoved;
import org.sra.kit.messaging.EventRoutes;

/**
 * Everything auth-service consumes (topics in {@code application.yml}); all of it feeds the read
 * model. The kit skips events already handled; the handlers are idempotent on their own.
 */
@Configuration
class EventRouting {

    @Bean
    EventRoutes eventRoutes(ReadModelUpdates model) {
        return EventRoutes.builder()
                .on(TenantProvisioned.class, model::onTenantProvisioned)
                .on(TenantSuspended.class, model::onTenantSuspended)
                .on(TenantResumed.class, model::onTenantResumed)
                .on(SettingsChanged.class, model::onSettingsChanged)
                .on(NasClientRegistered.class, model::onNasClientRegistered)
                .on(NasClientRemoved.class, model::onNasClientRemoved)
                .on(VpnUserAdded.class, model::onVpnUserAdded)
                .on(VpnUserRemoved.class, model::onVpnUserRemoved)
                .on(VpnUserChanged.class, model::onVpnUserChanged)
                .on(LocalPasswordSet.class, model::onLocalPasswordSet)
                .on(LocalUserDeleted.class, model::onLocalUserDeleted)
                .on(DeviceChanged.class, model::onDeviceChanged)
                .on(DeviceAssigned.class, model::onDeviceAssigned)
                .on(DeviceUnassigned.class, model::onDeviceUnassigned)
                .on(DeviceAutoRegistered.class, model::onDeviceAutoRegistered)
                .on(DeviceRemoved.class, model::onDeviceRemoved)
                // the bulk lane (imports-in-0): one part of a CSV import, up to 500 devices
                .on(DevicesImported.class, model::onDevicesImported)
                .on(ProfileSettingsChanged.class, model::onProfileSettingsChanged)
                .on(ProfileRemoved.class, model::onProfileRemoved)
                .on(ProxySettingsChanged.class, model::onProxySettingsChanged)
                .on(LocalSegmentSettingsChanged.class, model::onLocalSegmentSettingsChanged)
                .build();
    }
}
