package org.sra.profile.profile.web;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

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
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.sra.kit.csv.CsvEncoding;
import org.sra.kit.error.DomainException;
import org.sra.kit.error.FieldError;
import org.sra.kit.security.TenantId;
import org.sra.events.profile.ProxyMode;
import org.sra.kit.web.Problems;
import org.sra.profile.facts.DeviceFact;
import org.sra.profile.facts.Facts;
import org.sra.profile.profile.Connectability;
import org.sra.profile.profile.DownloadRecord;
import org.sra.profile.profile.Profile;
import org.sra.profile.profile.ProfileAdministration;
import org.sra.profile.profile.ProfileCatalog;
import org.sra.profile.profile.ProfileRegistrations;

/** The admin's profile list and actions (§4-4, R-PRO-1 … R-PRO-3); the tenant comes from the token. */
@RestController
@RequestMapping("/api/profiles")
class ProfileController {

    /** Subjects go into a mail header: one line, no control characters. */
    static final String ONE_LINE = "[^\\p{Cntrl}]*";

    /** Most profiles in one bulk send or delete: the console sends its whole selection at once. */
    static final int MAX_SELECTION = 1_000;

    private final ProfileAdministration profiles;
    private final ProfileCatalog catalog;
    private final ProfileRegistrations registrations;
    private final Connectability connectability;
    private final Facts facts;
    private final Clock clock;

    ProfileController(ProfileAdministration profiles, ProfileCatalog catalog, ProfileRegistrations registrations,
                      Connectability connectability, Facts facts, Clock clock) {
        this.profiles = profiles;
        this.catalog = catalog;
        this.registrations = registrations;
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

    record BulkConnection(@NotEmpty @Size(max = MAX_SELECTION) List<@NotBlank String> profileIds,
                          @NotNull Boolean allowed) {
    }

    /** One page of the list with the totals: {@code total} matches the filter, {@code overall} is the tenant's count. */
    record PageView(List<ProfileView> items, int page, int size, long total, long overall) {
    }

    /** Every profile id the filter matches, for "select all" across pages. */
    record Ids(List<String> ids, int total) {
    }

    /** What a bulk action did (or, in a dry run, would do). */
    record BulkAnswer(boolean dryRun, int count, int changed, int unchanged) {
    }

    /**
     * The list. With any of the paging, search, filter or sort parameters: one page of what the
     * filter finds with its totals ({@link PageView}, the console's list). With none: every
     * profile as a plain array, as before (other screens and scripts).
     */
    @GetMapping
    Object list(TenantId tenant, @RequestParam(required = false) Integer page,
                @RequestParam(required = false) Integer size, @RequestParam(required = false) String q,
                @RequestParam(required = false) String status, @RequestParam(required = false) String connection,
                @RequestParam(required = false) String sort, @RequestParam(required = false) String direction,
                HttpServletRequest request) {
        if (page == null && size == null && q == null && status == null && connection == null && sort == null
                && direction == null) {
            return views(tenant.value(), profiles.all(tenant.value()), request);
        }
        ProfileCatalog.Page found = catalog.page(tenant.value(),
                ProfileCatalog.Filter.of(q, status, connection, sort, direction), page == null ? 0 : page,
                size == null ? 50 : size);
        return new PageView(listedViews(tenant.value(), found.items(), request), found.page(), found.size(),
                found.total(), found.overall());
    }

    @GetMapping("/ids")
    Ids ids(TenantId tenant, @RequestParam(required = false) String q, @RequestParam(required = false) String status,
            @RequestParam(required = false) String connection, @RequestParam(required = false) String sort,
            @RequestParam(required = false) String direction) {
        List<String> ids = catalog.ids(tenant.value(), ProfileCatalog.Filter.of(q, status, connection, sort, direction));
        return new Ids(ids, ids.size());
    }

    /** The tenant's profiles: how many in all and in each status (the overview). */
    record Counts(long total, Map<String, Long> byStatus) {
    }

    @GetMapping("/counts")
    Counts counts(TenantId tenant) {
        Map<String, Long> byStatus = new LinkedHashMap<>();
        catalog.countsByStatus(tenant.value()).forEach((status, count) -> byStatus.put(status.name(), count));
        return new Counts(byStatus.values().stream().mapToLong(Long::longValue).sum(), byStatus);
    }

    /** A profile's name as the console shows it ({@code userName:deviceName}). */
    record Named(String profileId, String name) {
    }

    /**
     * The names of the given profiles of the caller's tenant (at most 1,000; ids of other tenants
     * or of deleted profiles are left out): the console names the profiles a setting is applied to
     * without loading the whole list.
     */
    @GetMapping("/names")
    List<Named> names(TenantId tenant, @RequestParam List<String> ids, HttpServletRequest request) {
        if (ids.size() > 1000) {
            throw DomainException.invalid("page-invalid", 1000);
        }
        Set<String> wanted = Set.copyOf(ids);
        List<Profile> shown = profiles.all(tenant.value()).stream().filter(p -> wanted.contains(p.profileId())).toList();
        return views(tenant.value(), shown, request).stream().map(v -> new Named(v.profileId(), v.name())).toList();
    }

    /** Connection allowed on/off for a selection, all or nothing (R-PRO-1). */
    @PutMapping("/connection")
    BulkAnswer connectionSelected(TenantId tenant, @Valid @RequestBody BulkConnection change,
                                  @RequestParam(defaultValue = "false") boolean dryRun) {
        ProfileAdministration.BulkResult result = profiles.allowConnection(tenant.value(), change.profileIds(),
                change.allowed(), dryRun);
        return new BulkAnswer(dryRun, result.changed() + result.unchanged(), result.changed(), result.unchanged());
    }

    /** ユーザプロフィール一括登録: a CSV file of addresses and connection switches; a dry run changes nothing. */
    @PostMapping(path = "/registrations", consumes = {"text/csv", "text/plain", "application/octet-stream"})
    ProfileRegistrations.Report register(TenantId tenant, @RequestBody byte[] file,
                                         @RequestParam(defaultValue = "false") boolean dryRun) {
        return registrations.register(tenant.value(), file, dryRun);
    }

    /** The profiles in the registration file's columns, UTF-8 (with BOM) or CP932: it re-imports unchanged. */
    @GetMapping("/registrations")
    ResponseEntity<byte[]> registrationExport(TenantId tenant, @RequestParam(required = false) String encoding) {
        CsvEncoding chosen = CsvEncoding.ofParameter(encoding).orElseThrow(() -> DomainException.invalidFields(
                "list-invalid", List.of(FieldError.of("encoding", "encoding-invalid", "field.list.encoding-invalid"))));
        return ResponseEntity.ok()
                .contentType(new MediaType("text", "csv", chosen.charset()))
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename("user-profiles.csv").build().toString())
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .body(registrations.export(tenant.value(), chosen));
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

    /** A dry run checks the selection and every address and sends nothing (the console checks before its batches). */
    @PostMapping("/send")
    List<ProfileView> sendSelected(TenantId tenant, @Valid @RequestBody BulkSend send,
                                   @RequestParam(defaultValue = "false") boolean dryRun, HttpServletRequest request) {
        String recipient = send.recipient() == null || send.recipient().isBlank() ? null : send.recipient().strip();
        return views(tenant.value(), profiles.send(tenant.value(), send.profileIds(), recipient, send.subject().strip(),
                send.validityDays(), send.maxDownloads(), send.language(), dryRun), request);
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

    /** Without {@code dryRun}: 204. With it: 200 and how many would go, nothing deleted. */
    @PostMapping("/delete")
    ResponseEntity<BulkAnswer> deleteSelected(TenantId tenant, @Valid @RequestBody Selection selection,
                                              @RequestParam(defaultValue = "false") boolean dryRun) {
        int count = profiles.delete(tenant.value(), selection.profileIds(), dryRun);
        return dryRun ? ResponseEntity.ok(new BulkAnswer(true, count, count, 0)) : ResponseEntity.noContent().build();
    }

    private ProfileView view(Profile profile, HttpServletRequest request) {
        return views(profile.tenantId(), List.of(profile), request).getFirst();
    }

    private List<ProfileView> listedViews(String tenantId, List<ProfileCatalog.Listed> shown, HttpServletRequest request) {
        ProxyMode mode = connectability.proxyMode(tenantId);
        Locale locale = Problems.locale(request);
        Instant now = clock.instant();
        return shown.stream().map(listed -> ProfileView.of(listed.profile(), listed.device(),
                Connectability.connectable(listed.profile().connectionAllowed(), mode, listed.profile().proxyApplied()),
                locale, now)).toList();
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
