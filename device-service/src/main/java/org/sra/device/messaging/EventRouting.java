package org.sra.device.messaging;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.sra.device.contract.TenantContracts;
import org.sra.events.tenant.TenantContractChanged;
import org.sra.events.tenant.TenantProvisioned;
import org.sra.events.tenant.TenantResumed;
import org.sra.events.tenant.TenantSuspended;
import org.sra.kit.messaging.EventRoutes;

@Configuration
class EventRouting {

    @Bean
    EventRoutes eventRoutes(TenantContracts contracts) {
        return EventRoutes.builder()
                .on(TenantProvisioned.class, contracts::onProvisioned)
                .on(TenantContractChanged.class, contracts::onContractChanged)
                .on(TenantSuspended.class, contracts::onSuspended)
                .on(TenantResumed.class, contracts::onResumed)
                .build();
    }
}
