package org.sra.otherservice;

import java.util.Map;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.sra.kit.messaging.EventRoutes;
import org.sra.kit.security.Caller;
import org.sra.kit.security.TenantId;

/**
 * Another SRA service as far as tokens go, for directory-service's revocation tests: the kit's
 * security (reads for ADMIN and AUDITOR, writes for ADMIN), its event consumer with no routes of
 * its own, and one API. Outside {@code org.sra.directory}, so that directory-service's component
 * and entity scans never see it, nor it theirs.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(OtherService.Things.class)
public class OtherService {

    @Bean
    EventRoutes eventRoutes() {
        return EventRoutes.builder().build();
    }

    @RestController
    @RequestMapping("/api/things")
    static class Things {

        @GetMapping
        Map<String, String> list(TenantId tenant) {
            return Map.of("tenantId", tenant.value());
        }

        @PostMapping
        @ResponseStatus(HttpStatus.CREATED)
        Map<String, String> add(Caller caller) {
            return Map.of("by", caller.loginId());
        }
    }
}
