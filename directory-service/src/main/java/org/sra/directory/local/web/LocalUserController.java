package org.sra.directory.local.web;

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
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.sra.directory.csv.CsvDownload;
import org.sra.directory.csv.TenantZones;
import org.sra.directory.csv.ImportReport;
import org.sra.directory.local.LocalDirectory;
import org.sra.directory.local.LocalUser;
import org.sra.kit.csv.CsvEncoding;
import org.sra.kit.security.TenantId;
import org.sra.kit.web.Problems;

/** The LOCAL tenant's own users, by hand or by CSV; passwords go in and never come out. */
@RestController
@RequestMapping("/api/local-users")
class LocalUserController {

    private final LocalDirectory directory;
    private final TenantZones zones;

    LocalUserController(LocalDirectory directory, TenantZones zones) {
        this.zones = zones;
        this.directory = directory;
    }

    record NewLocalUser(@NotNull @Size(max = 64) String userName, @Size(max = 200) String displayName,
                        @Size(max = 320) String mail, @NotNull @Size(max = 200) String password) {

        @Override
        public String toString() {
            return "NewLocalUser[" + userName + "]";
        }
    }

    record NewPassword(@NotNull @Size(max = 200) String password) {

        @Override
        public String toString() {
            return "NewPassword[***]";
        }
    }

    record LocalUserView(String userId, String userName, String displayName, String mail, Instant createdAt,
                         Instant passwordChangedAt) {

        static LocalUserView of(LocalUser user) {
            return new LocalUserView(user.id(), user.userName(), user.displayName(), user.mail(), user.createdAt(),
                    user.passwordChangedAt());
        }
    }

    @GetMapping
    List<LocalUserView> list(TenantId tenant) {
        return directory.list(tenant.value()).stream().map(LocalUserView::of).toList();
    }

    /** The list as the console shows it: searched, sorted and paged by the server, with the total. */
    record LocalUserPage(List<LocalUserView> items, int page, int size, long total) {
    }

    /**
     * {@code query} anywhere in name, display name or mail; {@code sort} userName, displayName, mail,
     * createdAt or passwordChangedAt; {@code direction} asc or desc.
     */
    @GetMapping("/page")
    LocalUserPage page(TenantId tenant, @RequestParam(required = false) String query,
                       @RequestParam(required = false) String sort, @RequestParam(required = false) String direction,
                       @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "50") int size) {
        LocalDirectory.Page found = directory.page(tenant.value(), query, sort, direction, page, size);
        return new LocalUserPage(found.items().stream().map(LocalUserView::of).toList(), found.page(), found.size(),
                found.total());
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    LocalUserView create(TenantId tenant, @Valid @RequestBody NewLocalUser request) {
        return LocalUserView.of(directory.create(tenant.value(), request.userName(), request.displayName(),
                request.mail(), request.password()));
    }

    @PostMapping("/{userId}/password")
    LocalUserView resetPassword(TenantId tenant, @PathVariable String userId, @Valid @RequestBody NewPassword request) {
        return LocalUserView.of(directory.resetPassword(tenant.value(), userId, request.password()));
    }

    /** The sample row has no password on purpose: a template imported as is must not create a known password. */
    static final String TEMPLATE = "userName,displayName,mail,password\r\ntaro.local,山田 太郎,taro@example.com,\r\n";

    /** {@code dryRun=true} (the default) reports every bad row; {@code dryRun=false} writes all rows or none. */
    @PostMapping(path = "/import", consumes = {"text/csv", "text/plain", "application/octet-stream"})
    ImportReport importCsv(TenantId tenant, @RequestParam(defaultValue = "true") boolean dryRun,
                                          @RequestBody byte[] body, HttpServletRequest request) {
        return directory.importCsv(tenant.value(), body, !dryRun, Problems.locale(request));
    }

    @GetMapping("/template.csv")
    void template(HttpServletResponse response) throws IOException {
        Writer out = CsvDownload.open(response, "local-users-template.csv");
        out.write(TEMPLATE);
        out.flush();
    }

    /** Without passwords (only their hashes are kept, and those never leave); {@code encoding=utf-8} (default) or {@code cp932}. */
    @GetMapping("/export.csv")
    void export(TenantId tenant, @RequestParam(required = false) String encoding, HttpServletResponse response)
            throws IOException {
        CsvEncoding chosen = CsvDownload.encoding(encoding);
        StringWriter text = new StringWriter();
        directory.export(tenant.value(), zones.of(tenant.value()), text);
        CsvDownload.send(response, "local-users.csv", chosen, text.toString());
    }

    @DeleteMapping("/{userId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void remove(TenantId tenant, @PathVariable String userId) {
        directory.remove(tenant.value(), userId);
    }
}
