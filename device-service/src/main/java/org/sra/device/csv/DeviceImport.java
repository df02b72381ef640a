package org.sra.device.csv;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

import org.springframework.stereotype.Service;
import org.sra.device.device.DeviceCatalog;
import org.sra.device.device.DeviceRules;
import org.sra.device.device.DeviceSpec;
import org.sra.device.device.Violations;
import org.sra.kit.error.DomainException;
import org.sra.kit.error.FieldError;

/**
 * CSV import of devices (R-DEV-3). The dry run and the commit run the same checks on every row:
 * the device rules, duplicates inside the file, and clashes with the tenant's devices. The
 * commit writes nothing unless every row passes, then writes all rows (see
 * {@link DeviceCatalog#importAll}).
 */
@Service
public class DeviceImport {

    private final DeviceCatalog catalog;

    DeviceImport(DeviceCatalog catalog) {
        this.catalog = catalog;
    }

    /** What the dry run found: how many rows, and every problem with its line. */
    public record Report(int rows, int validRows, List<FieldError> errors) {
    }

    public Report dryRun(String tenantId, byte[] file) {
        return check(tenantId, DeviceCsv.read(file)).report();
    }

    /** Creates every device of the file, or none: a file with any bad row is refused as a whole. */
    public int commit(String tenantId, byte[] file) {
        Checked checked = check(tenantId, DeviceCsv.read(file));
        if (!checked.report().errors().isEmpty()) {
            throw DomainException.invalidFields("import-invalid", checked.report().errors(), checked.report().errors().size());
        }
        return catalog.importAll(tenantId, checked.specs()).size();
    }

    private record Checked(Report report, List<DeviceSpec> specs) {
    }

    /** A row and what is wrong with it so far; {@code spec} when it follows the rules. */
    private record CheckedRow(DeviceCsv.Row row, List<FieldError> violations, DeviceSpec spec) {
    }

    private Checked check(String tenantId, List<DeviceCsv.Row> rows) {
        List<CheckedRow> checkedRows = new ArrayList<>(rows.size());
        for (DeviceCsv.Row row : rows) {
            List<FieldError> violations = new ArrayList<>(row.cellViolations());
            DeviceRules.Checked checked = DeviceRules.check(row.draft());
            // a cell that could not be read is reported once, not again as "required"
            checked.violations().stream()
                    .filter(v -> row.cellViolations().stream().noneMatch(c -> c.field().equals(v.field())))
                    .forEach(violations::add);
            DeviceSpec spec = checked.valid() && row.cellViolations().isEmpty() ? checked.spec().orElseThrow() : null;
            checkedRows.add(new CheckedRow(row, violations, spec));
        }
        // one look-up per key kind for the whole file, in the store's unique indexes
        List<DeviceSpec> candidates = checkedRows.stream().map(CheckedRow::spec).filter(Objects::nonNull).toList();
        DeviceCatalog.TakenKeys taken = catalog.takenAmong(tenantId,
                keys(candidates, s -> s.name().toLowerCase(Locale.ROOT)), keys(candidates, DeviceSpec::serialId),
                keys(candidates, DeviceSpec::macAddress));
        Map<String, Integer> names = new HashMap<>();
        Map<String, Integer> serials = new HashMap<>();
        Map<String, Integer> macs = new HashMap<>();
        List<FieldError> errors = new ArrayList<>();
        List<DeviceSpec> specs = new ArrayList<>(candidates.size());
        int valid = 0;
        for (CheckedRow checked : checkedRows) {
            int line = checked.row().line();
            List<FieldError> violations = checked.violations();
            DeviceSpec spec = checked.spec();
            if (spec != null) {
                unique("name", spec.name().toLowerCase(Locale.ROOT), spec.name(), line, names, taken.names(),
                        violations);
                unique("serialId", spec.serialId(), spec.serialId(), line, serials, taken.serials(), violations);
                unique("macAddress", spec.macAddress(), spec.macAddress(), line, macs, taken.macs(), violations);
                specs.add(spec);
            }
            if (violations.isEmpty()) {
                valid++;
            }
            violations.forEach(v -> errors.add(v.atLine(line)));
        }
        return new Checked(new Report(rows.size(), valid, List.copyOf(errors)), specs);
    }

    private static Set<String> keys(List<DeviceSpec> specs, Function<DeviceSpec, String> key) {
        Set<String> keys = new HashSet<>();
        for (DeviceSpec spec : specs) {
            String value = key.apply(spec);
            if (value != null) {
                keys.add(value);
            }
        }
        return keys;
    }

    private static void unique(String field, String key, String shown, int line, Map<String, Integer> seen,
                               Set<String> taken, List<FieldError> violations) {
        if (key == null) {
            return;
        }
        if (taken.contains(key)) {
            violations.add(Violations.of(field, "taken", shown));
            return;
        }
        Integer first = seen.putIfAbsent(key, line);
        if (first != null) {
            violations.add(Violations.of(field, "duplicate-in-file", shown, first));
        }
    }
}
