package org.sra.device.csv.web;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.context.MessageSource;
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
import org.sra.kit.csv.CsvEncoding;
import org.sra.kit.error.DomainException;
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

    private final DeviceImport importer;
    private final DeviceCatalog catalog;
    private final FieldErrorMessages messages;
    private final MessageSource labels;

    DeviceCsvController(DeviceImport importer, DeviceCatalog catalog, FieldErrorMessages messages,
                        MessageSource labels) {
        this.importer = importer;
        this.catalog = catalog;
        this.messages = messages;
        this.labels = labels;
    }

    /**
     * The dry run's answer: how the file was read ({@code encoding} is the label an admin knows,
     * {@code encodingCode} the export parameter's value), {@code errors[{line, field, code,
     * message}]} (empty when the file can be imported), and what each valid row would do.
     */
    record DryRun(String encoding, String encodingCode, boolean byteOrderMark, String layout, String mode, int rows,
                  int validRows, List<Map<String, Object>> errors, long created, long changed, long unchanged,
                  List<RowView> results) {
    }

    /** One device of the file: {@code outcome} CREATED, CHANGED or UNCHANGED, the changed fields and their screen labels. */
    record RowView(int line, String name, String type, String outcome, List<String> changes,
                   List<String> changeLabels, String assignedUser) {
    }

    record Imported(int created, int changed, int unchanged, int assigned, String encoding, String encodingCode,
                    boolean byteOrderMark, String layout, String mode) {
    }

    @GetMapping("/api/devices/csv/template")
    ResponseEntity<byte[]> template() {
        return csv("devices-template.csv", DeviceCsv.template(), CsvEncoding.UTF_8);
    }

    @PostMapping(path = "/api/devices/csv/dry-run", consumes = "text/csv")
    DryRun dryRun(TenantId tenant, @RequestBody byte[] file, @RequestParam(required = false) String mode,
                  HttpServletRequest request) {
        return report(importer.dryRun(tenant.value(), file, DeviceImport.Mode.of(mode)), Problems.locale(request));
    }

    @PostMapping(path = "/api/devices/csv/dry-run", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    DryRun dryRunUpload(TenantId tenant, @RequestPart("file") MultipartFile file,
                        @RequestParam(required = false) String mode, HttpServletRequest request) {
        return report(importer.dryRun(tenant.value(), bytes(file), DeviceImport.Mode.of(mode)),
                Problems.locale(request));
    }

    @PostMapping(path = "/api/devices/csv/import", consumes = "text/csv")
    Imported commit(TenantId tenant, @RequestBody byte[] file, @RequestParam(required = false) String mode) {
        return imported(importer.commit(tenant.value(), file, DeviceImport.Mode.of(mode)));
    }

    @PostMapping(path = "/api/devices/csv/import", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    Imported commitUpload(TenantId tenant, @RequestPart("file") MultipartFile file,
                          @RequestParam(required = false) String mode) {
        return imported(importer.commit(tenant.value(), bytes(file), DeviceImport.Mode.of(mode)));
    }

    /**
     * The list as filtered on screen (same parameters as {@code GET /api/devices}), all pages, in
     * {@code encoding} {@code utf-8} (with a byte-order mark, the default) or {@code cp932}.
     */
    @GetMapping("/api/devices/csv/export")
    ResponseEntity<byte[]> export(TenantId tenant, @RequestParam(required = false) String name,
                                  @RequestParam(required = false) String type,
                                  @RequestParam(required = false) Boolean assigned,
                                  @RequestParam(required = false) String userId,
                                  @RequestParam(required = false) Boolean connectionAllowed,
                                  @RequestParam(required = false) String sort,
                                  @RequestParam(required = false) String encoding) {
        CsvEncoding chosen = CsvEncoding.ofParameter(encoding)
                .orElseThrow(() -> DomainException.invalid("csv-encoding-invalid", encoding));
        DeviceFilter filter = DeviceFilter.of(name, type, assigned, userId, connectionAllowed, sort);
        List<DeviceCsv.ExportRow> rows = catalog.all(tenant.value(), filter).stream()
                .map(d -> new DeviceCsv.ExportRow(d.spec(), d.assignedUserName())).toList();
        return csv("devices.csv", DeviceCsv.write(rows, true, chosen), chosen);
    }

    private DryRun report(DeviceImport.Report report, Locale locale) {
        List<RowView> results = report.results().stream().map(r -> new RowView(r.line(), r.name(), r.type(),
                r.outcome().name(), r.changes(),
                r.changes().stream().map(f -> labels.getMessage("field." + f, null, f, locale)).toList(),
                r.assignedUser())).toList();
        return new DryRun(report.encoding().label(), code(report.encoding()), report.byteOrderMark(),
                layout(report.layout()), report.mode().name().toLowerCase(Locale.ROOT), report.rows(),
                report.validRows(), messages.describe(report.errors(), locale),
                report.count(DeviceImport.Outcome.CREATED), report.count(DeviceImport.Outcome.CHANGED),
                report.count(DeviceImport.Outcome.UNCHANGED), results);
    }

    private static Imported imported(DeviceImport.Committed done) {
        DeviceImport.Report report = done.report();
        return new Imported(done.created(), done.changed(), done.unchanged(), done.assigned(),
                report.encoding().label(), code(report.encoding()), report.byteOrderMark(), layout(report.layout()),
                report.mode().name().toLowerCase(Locale.ROOT));
    }

    /** The value of the export's {@code encoding} parameter that writes this encoding. */
    private static String code(CsvEncoding encoding) {
        return encoding == CsvEncoding.CP932 ? "cp932" : "utf-8";
    }

    private static String layout(DeviceCsv.Kind layout) {
        return layout == DeviceCsv.Kind.SHEET ? "sheet" : "devices";
    }

    private static ResponseEntity<byte[]> csv(String filename, byte[] body, CsvEncoding encoding) {
        return ResponseEntity.ok().contentType(new MediaType("text", "csv", encoding.charset()))
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
