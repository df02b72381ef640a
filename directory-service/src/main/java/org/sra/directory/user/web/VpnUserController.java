package org.sra.directory.user.web;

import java.io.IOException;
import java.io.StringWriter;
import java.io.Writer;
import java.time.Instant;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.springframework.http.HttpStatus;
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
import org.sra.directory.csv.CsvDownload;
import org.sra.directory.csv.TenantZones;
import org.sra.directory.csv.ImportReport;
import org.sra.directory.user.DirectoryUser;
import org.sra.directory.user.VpnUser;
import org.sra.directory.user.VpnUserList;
import org.sra.directory.user.VpnUserList.Page;
import org.sra.events.user.UserSource;
import org.sra.kit.csv.CsvEncoding;
import org.sra.kit.security.TenantId;
import org.sra.kit.web.Problems;

/** ユーザ設定 (R-USR-1..3): the VPN user list, "add user", CSV import/export, removal. */
@RestController
@RequestMapping("/api/vpn-users")
class VpnUserController {

    static final String TEMPLATE = "userName\r\ntaro.yamada\r\n";

    private final VpnUserList users;
    private final TenantZones zones;

    VpnUserController(VpnUserList users, TenantZones zones) {
        this.zones = zones;
        this.users = users;
    }

    record VpnUserView(String userId, String userName, String displayName, String mail, UserSource source,
                       Instant addedAt, Boolean inDirectory, boolean enabled, Instant validFrom, Instant validUntil) {

        static VpnUserView of(VpnUserList.Listed listed) {
            return of(listed.user(), listed.inDirectory());
        }

        static VpnUserView of(VpnUser u) {
            return of(u, true);
        }

        static VpnUserView of(VpnUser u, Boolean inDirectory) {
            return new VpnUserView(u.id(), u.userName(), u.displayName(), u.mail(), u.source(), u.addedAt(),
                    inDirectory, u.enabled(), u.validFrom(), u.validUntil());
        }
    }

    record Enabled(@NotNull Boolean enabled) {
    }

    /** Either end may be null (no start / no end); {@code validUntil} is exclusive. */
    record Validity(Instant validFrom, Instant validUntil) {
    }

    /**
     * A bulk operation on the users {@code userIds} names, or with {@code all: true} on every user
     * matching the filter (the list as shown, all its pages); {@code confirm} must be true to delete.
     */
    record Bulk(@NotNull VpnUserList.BulkAction action, @Size(max = 50_000) List<String> userIds, Boolean all,
                @Size(max = 256) String query, String source, String enabled, String inDirectory, Boolean confirm) {
    }

    /** Either {@code userNames} or {@code all: true} (with the optional {@code query} of the list shown). */
    record AddUsers(@Size(max = 50_000) List<String> userNames, Boolean all, @Size(max = 256) String query) {
    }

    /**
     * One page of the list: {@code query} anywhere in user name, display name or mail; filters
     * {@code source}, {@code enabled}, {@code inDirectory}; {@code sort} (userName, displayName, mail,
     * source, addedAt, enabled, inDirectory) and {@code direction} (asc, desc).
     */
    @GetMapping
    Page<VpnUserView> list(TenantId tenant, @RequestParam(required = false) String query,
                           @RequestParam(required = false) String source,
                           @RequestParam(required = false) String enabled,
                           @RequestParam(required = false) String inDirectory,
                           @RequestParam(required = false) String sort,
                           @RequestParam(required = false) String direction,
                           @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "50") int size) {
        Page<VpnUserList.Listed> found = users.list(tenant.value(),
                VpnUserList.ListQuery.parse(query, source, enabled, inDirectory, sort, direction), page, size);
        return new Page<>(found.items().stream().map(VpnUserView::of).toList(), found.page(), found.size(),
                found.total());
    }

    @GetMapping("/available")
    Page<DirectoryUser> available(TenantId tenant, @RequestParam(required = false) String query,
                                  @RequestParam(defaultValue = "0") int page,
                                  @RequestParam(defaultValue = "50") int size) {
        return users.available(tenant.value(), query, page, size);
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    List<VpnUserView> add(TenantId tenant, @Valid @RequestBody AddUsers request) {
        return users.add(tenant.value(), request.userNames(), Boolean.TRUE.equals(request.all()), request.query()).stream()
                .map(VpnUserView::of).toList();
    }

    /** {@code dryRun=true} (the default) reports every bad row; {@code dryRun=false} writes all rows or none. */
    @PostMapping(path = "/import", consumes = {"text/csv", "text/plain", "application/octet-stream"})
    ImportReport importCsv(TenantId tenant, @RequestParam(defaultValue = "true") boolean dryRun,
                           @RequestBody byte[] body, HttpServletRequest request) {
        return users.importCsv(tenant.value(), body, !dryRun, Problems.locale(request));
    }

    @GetMapping("/template.csv")
    void template(HttpServletResponse response) throws IOException {
        Writer out = CsvDownload.open(response, "vpn-users-template.csv");
        out.write(TEMPLATE);
        out.flush();
    }

    /** {@code encoding=utf-8} (default, with a byte-order mark) or {@code cp932}. */
    @GetMapping("/export.csv")
    void export(TenantId tenant, @RequestParam(required = false) String encoding, HttpServletResponse response)
            throws IOException {
        CsvEncoding chosen = CsvDownload.encoding(encoding);
        StringWriter text = new StringWriter();
        users.export(tenant.value(), zones.of(tenant.value()), text);
        CsvDownload.send(response, "vpn-users.csv", chosen, text.toString());
    }

    /** The user after the change; {@code inDirectory} is left out (null): the directory is not read for it. */
    @PutMapping("/{userId}/enabled")
    VpnUserView enable(TenantId tenant, @PathVariable String userId, @Valid @RequestBody Enabled request) {
        return VpnUserView.of(users.enable(tenant.value(), userId, request.enabled()), null);
    }

    @PutMapping("/{userId}/validity")
    VpnUserView validity(TenantId tenant, @PathVariable String userId, @RequestBody Validity request) {
        return VpnUserView.of(users.validity(tenant.value(), userId, request.validFrom(), request.validUntil()), null);
    }

    /** Enable, disable or delete many users at once; see {@link Bulk}. */
    @PostMapping("/bulk")
    VpnUserList.BulkResult bulk(TenantId tenant, @Valid @RequestBody Bulk request) {
        boolean all = Boolean.TRUE.equals(request.all());
        VpnUserList.ListQuery filter = VpnUserList.ListQuery.parse(request.query(), request.source(),
                request.enabled(), request.inDirectory(), null, null);
        return users.bulk(tenant.value(), request.action(), request.userIds(), all, filter,
                Boolean.TRUE.equals(request.confirm()));
    }

    /**
     * Reads the directory now: display names and mail addresses brought up to date, the users the
     * directory no longer has listed (for the admin to remove; never removed here).
     */
    @PostMapping("/refresh")
    VpnUserList.RefreshReport refresh(TenantId tenant) {
        return users.refresh(tenant.value());
    }

    /** Removal needs {@code confirm=true}: the user's assignments and profiles go with them. */
    @DeleteMapping("/{userId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void remove(TenantId tenant, @PathVariable String userId, @RequestParam(defaultValue = "false") boolean confirm) {
        users.remove(tenant.value(), userId, confirm);
    }
}
