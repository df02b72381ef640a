package org.sra.profile.localsegment.web;

import java.time.Instant;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.sra.kit.security.TenantId;
import org.sra.profile.localsegment.LocalSegmentAdministration;
import org.sra.profile.localsegment.LocalSegmentSetting;
import org.sra.profile.profile.Profile;
import org.sra.profile.profile.ProfileAdministration;
import org.sra.profile.proxy.Scope;

/** The tenant's local-segment access and where it applies (R-LSG-1). */
@RestController
@RequestMapping("/api/local-segment")
class LocalSegmentController {

    private final LocalSegmentAdministration localSegment;
    private final ProfileAdministration profiles;

    LocalSegmentController(LocalSegmentAdministration localSegment, ProfileAdministration profiles) {
        this.localSegment = localSegment;
        this.profiles = profiles;
    }

    // named apart from the proxy's records: the OpenAPI description names schemas by simple class
    // name, and "Change" documented this body with the proxy's fields
    record LocalSegmentChange(@NotNull Boolean enabled) {
    }

    record LocalSegmentApplication(@NotNull Scope scope, @Size(max = 5000) @Nullable List<String> profileIds) {
    }

    record LocalSegmentView(boolean enabled, Scope scope, List<String> appliedProfiles, Instant updatedAt) {
    }

    @GetMapping
    LocalSegmentView get(TenantId tenant) {
        return view(localSegment.current(tenant.value()));
    }

    @PutMapping
    LocalSegmentView change(TenantId tenant, @Valid @RequestBody LocalSegmentChange change) {
        return view(localSegment.enable(tenant.value(), change.enabled()));
    }

    @PutMapping("/applied")
    LocalSegmentView apply(TenantId tenant, @Valid @RequestBody LocalSegmentApplication application) {
        return view(localSegment.apply(tenant.value(), application.scope(),
                application.profileIds() == null ? List.of() : application.profileIds()));
    }

    private LocalSegmentView view(LocalSegmentSetting setting) {
        List<String> applied = profiles.all(setting.tenantId()).stream().filter(Profile::localSegment)
                .map(Profile::profileId).toList();
        return new LocalSegmentView(setting.enabled(), setting.scope(), applied, setting.updatedAt());
    }
}
