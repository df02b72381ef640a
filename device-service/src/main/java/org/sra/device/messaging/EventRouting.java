package org.sra.device.messaging;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.sra.device.assignment.Assignments;
import org.sra.device.contract.TenantContracts;
import org.sra.device.device.ProfileStates;
import org.sra.device.registration.AutoRegistration;
import org.sra.events.connection.DeviceAutoRegistrationRequested;
import org.sra.events.profile.ProfileRemoved;
import org.sra.events.profile.ProfileSettingsChanged;
import org.sra.events.settings.SettingsChanged;
import org.sra.events.tenant.TenantContractChanged;
import org.sra.events.tenant.TenantProvisioned;
import org.sra.events.tenant.TenantResumed;
import org.sra.events.tenant.TenantSuspended;
import org.sra.events.user.VpnUserAdded;
import org.sra.events.user.VpnUserRemoved;
import org.sra.kit.messaging.EventRoutes;

/**
 * Everything device-service consumes (topics in {@code application.yml}). The kit skips events
 * already handled; each handler is also idempotent on its own (absolute writes, or the request's
 * event id as document id).
 */
@Configuration
class EventRouting {

    @Bean
    EventRoutes eventRoutes(TenantContracts contracts, Assignments assignments, AutoRegistration registration,
                            ProfileStates profiles) {
        return EventRoutes.builder()
                .on(TenantProvisioned.class, contracts::onProvisioned)
                .on(TenantContractChanged.class, contracts::onContractChanged)
                .on(TenantSuspended.class, contracts::onSuspended)
                .on(TenantResumed.class, contracts::onResumed)
                .on(VpnUserAdded.class, assignments::onUserAdded)
                .on(VpnUserRemoved.class, assignments::onUserRemoved)
                .on(SettingsChanged.class, registration::onSettingsChanged)
                .on(DeviceAutoRegistrationRequested.class, registration::onRequested)
                .on(ProfileSettingsChanged.class, profiles::onSettingsChanged)
                .on(ProfileRemoved.class, profiles::onRemoved)
                .build();
    }
}
