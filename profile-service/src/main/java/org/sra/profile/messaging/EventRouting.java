package org.sra.profile.messaging;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.sra.events.device.DeviceAssigned;
import org.sra.events.device.DeviceAutoRegistered;
import org.sra.events.device.DeviceChanged;
import org.sra.events.device.DeviceRemoved;
import org.sra.events.device.DeviceUnassigned;
import org.sra.events.device.DevicesImported;
import org.sra.events.settings.SettingsChanged;
import org.sra.events.tenant.TenantResumed;
import org.sra.events.tenant.TenantSuspended;
import org.sra.events.user.VpnUserAdded;
import org.sra.events.user.VpnUserChanged;
import org.sra.events.user.VpnUserRemoved;
import org.sra.kit.messaging.EventRoutes;
import org.sra.profile.facts.Facts;
import org.sra.profile.profile.ProfileLifecycle;
import org.sra.profile.proxy.ProxyAdministration;

@Configuration
class EventRouting {

    @Bean
    EventRoutes eventRoutes(ProfileLifecycle profiles, Facts facts, ProxyAdministration proxy) {
        return EventRoutes.builder()
                .on(DeviceChanged.class, (envelope, changed) -> {
                    profiles.onDeviceChanged(envelope, changed);
                    proxy.onDeviceChanged(envelope, changed);
                })
                // the bulk lane (imports-in-0, the same routes): a CSV import's devices, up to 500 a part
                .on(DevicesImported.class, profiles::onDevicesImported)
                .on(DeviceAssigned.class, profiles::onDeviceAssigned)
                .on(DeviceUnassigned.class, profiles::onDeviceUnassigned)
                .on(DeviceAutoRegistered.class, profiles::onDeviceAutoRegistered)
                .on(DeviceRemoved.class, facts::onDeviceRemoved)
                .on(VpnUserAdded.class, facts::onVpnUserAdded)
                .on(VpnUserChanged.class, facts::onVpnUserChanged)
                .on(VpnUserRemoved.class, (envelope, removed) -> {
                    profiles.onVpnUserRemoved(envelope, removed);
                    facts.onVpnUserRemoved(envelope, removed);
                })
                .on(TenantSuspended.class, facts::onTenantSuspended)
                .on(TenantResumed.class, facts::onTenantResumed)
                .on(SettingsChanged.class, facts::onSettingsChanged)
                .build();
    }
}
