package org.sra.profile.proxy.web;

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
import org.sra.events.profile.ProxyMode;
import org.sra.kit.security.TenantId;
import org.sra.profile.profile.Profile;
import org.sra.profile.profile.ProfileAdministration;
import org.sra.profile.proxy.ProxyAdministration;
import org.sra.profile.proxy.ProxyConfig;
import org.sra.profile.proxy.ProxySetting;
import org.sra.profile.proxy.Scope;

/** The tenant's proxy setting (§5-1) and where it applies (§5-2). */
@RestController
@RequestMapping("/api/proxy")
class ProxyController {

    private final ProxyAdministration proxy;
    private final ProfileAdministration profiles;

    ProxyController(ProxyAdministration proxy, ProfileAdministration profiles) {
        this.proxy = proxy;
        this.profiles = profiles;
    }

    /** The exclusion list as the admin types it: entries separated by {@code ;}, {@code *} as wildcard. */
    record Change(@Nullable ProxyMode mode, @Nullable String address, @Nullable Integer port,
                  @Size(max = 30000) @Nullable String exclusions) {
    }

    record Application(@NotNull Scope scope, @Size(max = 5000) @Nullable List<String> profileIds) {
    }

    record ProxyView(ProxyMode mode, @Nullable String address, @Nullable Integer port, List<String> exclusions,
                     Scope scope, List<String> appliedProfiles, Instant updatedAt) {
    }

    record Applied(ProxyView proxy, List<String> skippedAndroidProfiles) {
    }

    @GetMapping
    ProxyView get(TenantId tenant) {
        return view(proxy.current(tenant.value()));
    }

    @PutMapping
    ProxyView change(TenantId tenant, @Valid @RequestBody Change change) {
        return view(proxy.change(tenant.value(), change.mode(), change.address(), change.port(), change.exclusions()));
    }

    @PutMapping("/applied")
    Applied apply(TenantId tenant, @Valid @RequestBody Application application) {
        List<String> skipped = proxy.apply(tenant.value(), application.scope(),
                application.profileIds() == null ? List.of() : application.profileIds());
        return new Applied(view(proxy.current(tenant.value())), skipped);
    }

    private ProxyView view(ProxySetting setting) {
        ProxyConfig config = setting.config();
        List<String> applied = profiles.all(setting.tenantId()).stream().filter(Profile::proxyApplied)
                .map(Profile::profileId).toList();
        return new ProxyView(config.mode(), config.address(), config.port(), config.exclusions(), setting.scope(),
                applied, setting.updatedAt());
    }
}
