package org.sra.profile.profile.web;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.sra.kit.security.TenantId;
import org.sra.events.profile.ProxyMode;
import org.sra.kit.web.Problems;
import org.sra.profile.facts.DeviceFact;
import org.sra.profile.facts.Facts;
import org.sra.profile.profile.Connectability;
import org.sra.profile.profile.DownloadRecord;
import org.sra.profile.profile.Profile;
import org.sra.profile.profile.ProfileAdministration;

/** The admin's profile list and actions (§4-4, R-PRO-1 … R-PRO-3); the tenant comes from the token. */
@RestController
@RequestMapping("/api/profiles")
class ProfileController {

    /** Subjects go into a mail header: one line, no control characters. */
    static final String ONE_LINE = "[^\\p{Cntrl}]*";

    /** Most profiles in one bulk send or delete: the console sends its whole selection at once. */
    static final int MAX_SELECTION = 1_000;

    private final ProfileAdministration profiles;
    private final Connectability connectability;
    private final Facts facts;
    private final Clock clock;

    ProfileController(ProfileAdministration profiles, Connectability connectability, Facts facts, Clock clock) {
        this.profiles = profiles;
        this.connectability = connectability;
        this.facts = facts;
        this.clock = clock;
    }

    record Send(@NotBlank @Email @Size(max = 254) String recipient,
                @NotBlank @Size(max = 200) @Pattern(regexp = ONE_LINE) String subject,
                @NotNull @Min(1) @Max(30) Integer validityDays,
                @Min(1) @Max(5) @Nullable Integer maxDownloads,
                @Pattern(regexp = "ja|en") @Nullable String language) {
    }

    /** Without a recipient, each profile goes to its user's mail address from the directory. */
    record BulkSend(@NotEmpty @Size(max = MAX_SELECTION) List<@NotBlank String> profileIds,
                    @Email @Size(max = 254) @Nullable String recipient,
                    @NotBlank @Size(max = 200) @Pattern(regexp = ONE_LINE) String subject,
                    @NotNull @Min(1) @Max(30) Integer validityDays,
                    @Min(1) @Max(5) @Nullable Integer maxDownloads,
                    @Pattern(regexp = "ja|en") @Nullable String language) {
    }

    record Selection(@NotEmpty @Size(max = MAX_SELECTION) List<@NotBlank String> profileIds) {
    }

    record Connection(@NotNull Boolean allowed) {
    }

    @GetMapping
    List<ProfileView> list(TenantId tenant, HttpServletRequest request) {
        return views(tenant.value(), profiles.all(tenant.value()), request);
    }

    @GetMapping("/{profileId}")
    ProfileView one(TenantId tenant, @PathVariable String profileId, HttpServletRequest request) {
        return view(profiles.get(tenant.value(), profileId), request);
    }

    @PutMapping("/{profileId}/connection")
    ProfileView connection(TenantId tenant, @PathVariable String profileId, @Valid @RequestBody Connection change,
                           HttpServletRequest request) {
        return view(profiles.allowConnection(tenant.value(), profileId, change.allowed()), request);
    }

    @PostMapping("/{profileId}/send")
    ProfileView send(TenantId tenant, @PathVariable String profileId, @Valid @RequestBody Send send,
                     HttpServletRequest request) {
        List<Profile> sent = profiles.send(tenant.value(), List.of(profileId), send.recipient().strip(),
                send.subject().strip(), send.validityDays(), send.maxDownloads(), send.language());
        return view(sent.getFirst(), request);
    }

    @PostMapping("/send")
    List<ProfileView> sendSelected(TenantId tenant, @Valid @RequestBody BulkSend send, HttpServletRequest request) {
        String recipient = send.recipient() == null || send.recipient().isBlank() ? null : send.recipient().strip();
        return views(tenant.value(), profiles.send(tenant.value(), send.profileIds(), recipient, send.subject().strip(),
                send.validityDays(), send.maxDownloads(), send.language()), request);
    }

    @PostMapping("/{profileId}/revoke")
    ProfileView revoke(TenantId tenant, @PathVariable String profileId, HttpServletRequest request) {
        return view(profiles.revokeLink(tenant.value(), profileId), request);
    }

    @GetMapping("/{profileId}/downloads")
    List<DownloadRecord> downloads(TenantId tenant, @PathVariable String profileId) {
        return profiles.get(tenant.value(), profileId).downloads();
    }

    @DeleteMapping("/{profileId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(TenantId tenant, @PathVariable String profileId) {
        profiles.delete(tenant.value(), List.of(profileId));
    }

    @PostMapping("/delete")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void deleteSelected(TenantId tenant, @Valid @RequestBody Selection selection) {
        profiles.delete(tenant.value(), selection.profileIds());
    }

    private ProfileView view(Profile profile, HttpServletRequest request) {
        return views(profile.tenantId(), List.of(profile), request).getFirst();
    }

    /** The tenant's devices and proxy mode read once for all the profiles, not once per profile. */
    private List<ProfileView> views(String tenantId, List<Profile> shown, HttpServletRequest request) {
        Map<String, DeviceFact> devices = facts.devices(tenantId, shown.stream().map(Profile::deviceId).toList());
        ProxyMode mode = connectability.proxyMode(tenantId);
        Locale locale = Problems.locale(request);
        Instant now = clock.instant();
        return shown.stream().map(profile -> ProfileView.of(profile, devices.get(profile.deviceId()),
                Connectability.connectable(profile.connectionAllowed(), mode, profile.proxyApplied()), locale, now)).toList();
    }
}
