package org.sra.directory.messaging;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.sra.directory.audit.AuditTrail;
import org.sra.events.audit.AuditRecorded;
import org.sra.kit.messaging.EventRoutes;

/**
 * What directory-service consumes (binding {@code events-in-0}, topic {@code sra.audit}): every
 * service's audit records, its own included, for the tenants' trails.
 */
@Configuration(proxyBeanMethods = false)
class EventRouting {

    @Bean
    EventRoutes eventRoutes(AuditTrail trail) {
        return EventRoutes.builder()
                .on(AuditRecorded.class, trail::record)
                .build();
    }
}
