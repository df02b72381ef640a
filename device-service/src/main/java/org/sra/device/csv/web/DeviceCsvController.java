package org.sra.device.csv.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import org.sra.device.csv.DeviceCsv;
import org.sra.device.csv.DeviceImport;
import org.sra.device.device.DeviceCatalog;
import org.sra.device.device.DeviceFilter;
import org.sra.kit.security.TenantId;
import org.sra.kit.web.FieldErrorMessages;
import org.sra.kit.web.ProblemException;
import org.sra.kit.web.Problems;

/**
 * CSV template, dry run, import and export (R-DEV-3). The file is sent either as the request
 * body ({@code text/csv}) or as the {@code file} part of a form upload.
 */
@RestController
class DeviceCsvController {

    private static final MediaType CSV = new MediaType("text", "csv", StandardCharsets.UTF_8);

    private final DeviceImport importer;
    private final DeviceCatalog catalog;
    private final FieldErrorMessages messages;

    DeviceCsvController(DeviceImport importer, DeviceCatalog catalog, FieldErrorMessages messages) {
        this.importer = importer;
        this.catalog = catalog;
        this.messages = messages;
    }

    /** The dry run's answer: {@code errors[{line, field, code, message}]}, empty when the file can be imported. */
    record DryRun(int rows, int validRows, List<Map<String, Object>> errors) {
    }

    record Imported(int created) {
    }

    @GetMapping("/api/devices/csv/template")
    ResponseEntity<byte[]> template() {
        return csv("devices-template.csv", DeviceCsv.template());
    }

    @PostMapping(path = "/api/devices/csv/dry-run", consumes = "text/csv")
    DryRun dryRun(TenantId tenant, @RequestBody byte[] file, HttpServletRequest request) {
        return report(importer.dryRun(tenant.value(), file), Problems.locale(request));
    }

    @PostMapping(path = "/api/devices/csv/dry-run", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    DryRun dryRunUpload(TenantId tenant, @RequestPart("file") MultipartFile file, HttpServletRequest request) {
        return report(importer.dryRun(tenant.value(), bytes(file)), Problems.locale(request));
    }

    @PostMapping(path = "/api/devices/csv/import", consumes = "text/csv")
    Imported commit(TenantId tenant, @RequestBody byte[] file) {
        return new Imported(importer.commit(tenant.value(), file));
    }

    @PostMapping(path = "/api/devices/csv/import", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    Imported commitUpload(TenantId tenant, @RequestPart("file") MultipartFile file) {
        return new Imported(importer.commit(tenant.value(), bytes(file)));
    }

    /** The list as filtered on screen (same parameters as {@code GET /api/devices}), all pages. */
    @GetMapping("/api/devices/csv/export")
    ResponseEntity<byte[]> export(TenantId tenant, @RequestParam(required = false) String name,
                                  @RequestParam(required = false) String type,
                                  @RequestParam(required = false) Boolean assigned,
                                  @RequestParam(required = false) String userId,
                                  @RequestParam(required = false) Boolean connectionAllowed,
                                  @RequestParam(required = false) String sort) {
        DeviceFilter filter = DeviceFilter.of(name, type, assigned, userId, connectionAllowed, sort);
        List<DeviceCsv.ExportRow> rows = catalog.all(tenant.value(), filter).stream()
                .map(d -> new DeviceCsv.ExportRow(d.spec(), d.assignedUserName())).toList();
        return csv("devices.csv", DeviceCsv.write(rows, true));
    }

    private DryRun report(DeviceImport.Report report, Locale locale) {
        return new DryRun(report.rows(), report.validRows(),
                messages.describe(report.errors(), locale));
    }

    private static ResponseEntity<byte[]> csv(String filename, byte[] body) {
        return ResponseEntity.ok().contentType(CSV)
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(filename).build().toString())
                .body(body);
    }

    private static byte[] bytes(MultipartFile file) {
        try {
            return file.getBytes();
        } catch (IOException e) {
            throw ProblemException.badRequest("csv-unreadable");
        }
    }
}
