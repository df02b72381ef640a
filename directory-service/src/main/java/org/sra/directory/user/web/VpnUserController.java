package org.sra.directory.user.web;

import java.io.IOException;
import java.io.Writer;
import java.time.Instant;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.sra.directory.csv.CsvDownload;
import org.sra.directory.csv.ImportReport;
import org.sra.directory.user.DirectoryUser;
import org.sra.directory.user.VpnUser;
import org.sra.directory.user.VpnUserList;
import org.sra.directory.user.VpnUserList.Page;
import org.sra.events.user.UserSource;
import org.sra.kit.security.TenantId;
import org.sra.kit.web.Problems;

/** ユーザ設定 (R-USR-1..3): the VPN user list, "add user", CSV import/export, removal. */
@RestController
@RequestMapping("/api/vpn-users")
class VpnUserController {

    static final String TEMPLATE = "userName\r\ntaro.yamada\r\n";

    private final VpnUserList users;

    VpnUserController(VpnUserList users) {
        this.users = users;
    }

    record VpnUserView(String userId, String userName, String displayName, String mail, UserSource source,
                       Instant addedAt, Boolean inDirectory) {

        static VpnUserView of(VpnUserList.Listed listed) {
            VpnUser u = listed.user();
            return new VpnUserView(u.id(), u.userName(), u.displayName(), u.mail(), u.source(), u.addedAt(),
                    listed.inDirectory());
        }

        static VpnUserView of(VpnUser u) {
            return new VpnUserView(u.id(), u.userName(), u.displayName(), u.mail(), u.source(), u.addedAt(), true);
        }
    }

    /** Either {@code userNames} or {@code all: true} (with the optional {@code query} of the list shown). */
    record AddUsers(@Size(max = 50_000) List<String> userNames, Boolean all, @Size(max = 256) String query) {
    }

    @GetMapping
    Page<VpnUserView> list(TenantId tenant, @RequestParam(required = false) String query,
                           @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "50") int size) {
        Page<VpnUserList.Listed> found = users.list(tenant.value(), query, page, size);
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

    @GetMapping("/export.csv")
    void export(TenantId tenant, HttpServletResponse response) throws IOException {
        Writer out = CsvDownload.open(response, "vpn-users.csv");
        users.export(tenant.value(), out);
        out.flush();
    }

    /** Removal needs {@code confirm=true}: the user's assignments and profiles go with them. */
    @DeleteMapping("/{userId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void remove(TenantId tenant, @PathVariable String userId, @RequestParam(defaultValue = "false") boolean confirm) {
        users.remove(tenant.value(), userId, confirm);
    }
}
