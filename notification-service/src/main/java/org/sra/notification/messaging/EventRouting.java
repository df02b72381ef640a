package org.sra.notification.messaging;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.sra.events.device.DeviceAutoRegistered;
import org.sra.events.device.DeviceAutoRegistrationFailed;
import org.sra.events.profile.ProfileIssued;
import org.sra.events.settings.SecretExpiring;
import org.sra.events.settings.SettingsChanged;
import org.sra.events.tenant.TenantResumed;
import org.sra.events.tenant.TenantSuspended;
import org.sra.kit.messaging.EventRoutes;
import org.sra.notification.delivery.DeliveryRequests;
import org.sra.notification.tenant.TenantMailSettingsStore;

@Configuration(proxyBeanMethods = false)
class EventRouting {

    @Bean
    EventRoutes eventRoutes(DeliveryRequests requests, TenantMailSettingsStore tenants) {
        return EventRoutes.builder()
                .on(ProfileIssued.class, requests::onProfileIssued)
                .on(DeviceAutoRegistrationFailed.class, requests::onAutoRegistrationFailed)
                .on(DeviceAutoRegistered.class, requests::onAutoRegistered)
                .on(SecretExpiring.class, requests::onSecretExpiring)
                .on(SettingsChanged.class, tenants::onSettingsChanged)
                .on(TenantSuspended.class, tenants::onSuspended)
                .on(TenantResumed.class, tenants::onResumed)
                .build();
    }
}
