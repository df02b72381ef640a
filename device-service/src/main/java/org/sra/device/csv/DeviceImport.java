package org.sra.device.csv;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.sra.device.assignment.Assignments;
import org.sra.device.assignment.VpnUser;
import org.sra.device.device.Device;
import org.sra.device.device.DeviceCatalog;
import org.sra.device.device.DeviceDraft;
import org.sra.device.device.DeviceRules;
import org.sra.device.device.DeviceSpec;
import org.sra.device.device.Violations;
import org.sra.kit.csv.CsvEncoding;
import org.sra.kit.error.DomainException;
import org.sra.kit.error.FieldError;

/**
 * CSV import of devices (R-DEV-3). The dry run and the commit run the same checks on every row:
 * the device rules, duplicates inside the file, clashes with the tenant's devices, and the user
 * a row assigns its device to (known, device free or already theirs, within the devices-per-user
 * limit counting what the user has and what the file gives them). The commit writes nothing
 * unless every row passes, then creates the new devices in one bulk import
 * ({@link DeviceCatalog#importAll}: {@code DevicesImported} parts), edits the changed ones one
 * by one through the normal edit path ({@code DeviceChanged}, audit) and assigns through the
 * normal assignment path ({@code DeviceAssigned}, audit). If a step fails because another admin
 * changed something in between, what the commit did is put back and it answers 409.
 */
@Service
public class DeviceImport {

    private static final Logger log = LoggerFactory.getLogger(DeviceImport.class);

    private final DeviceCatalog catalog;
    private final Assignments assignments;

    DeviceImport(DeviceCatalog catalog, Assignments assignments) {
        this.catalog = catalog;
        this.assignments = assignments;
    }

    /** {@code create}: every row is a new device (the default); {@code update}: rows are keyed by device name. */
    public enum Mode {
        CREATE, UPDATE;

        /** From the {@code mode} parameter; absent is {@link #CREATE}. */
        public static Mode of(@Nullable String value) {
            if (value == null || value.isBlank()) {
                return CREATE;
            }
            return switch (value.strip().toLowerCase(Locale.ROOT)) {
                case "create" -> CREATE;
                case "update" -> UPDATE;
                default -> throw DomainException.invalid("csv-mode-invalid", value);
            };
        }
    }

    /** What a row does to its device. */
    public enum Outcome { CREATED, CHANGED, UNCHANGED }

    /**
     * One device of the file and what the import does with it.
     *
     * @param changes the fields that change ({@code assignedUser} when the device is assigned), for
     *                {@link Outcome#CHANGED}; for a created device, {@code assignedUser} when assigned
     */
    public record RowResult(int line, String name, String type, Outcome outcome, List<String> changes,
                            @Nullable String assignedUser) {
    }

    /** What the dry run found: how the file was read, how many rows, every problem with its line, and each row's outcome. */
    public record Report(CsvEncoding encoding, boolean byteOrderMark, DeviceCsv.Kind layout, Mode mode, int rows,
                         int validRows, List<FieldError> errors, List<RowResult> results) {

        public long count(Outcome outcome) {
            return results.stream().filter(r -> r.outcome() == outcome).count();
        }
    }

    /** What a commit did. */
    public record Committed(Report report, int created, int changed, int unchanged, int assigned) {
    }

    public Report dryRun(String tenantId, byte[] file, Mode mode) {
        return check(tenantId, DeviceCsv.read(file), mode).report();
    }

    /** Applies every row of the file, or none: a file with any bad row is refused as a whole. */
    public Committed commit(String tenantId, byte[] file, Mode mode) {
        Checked checked = check(tenantId, DeviceCsv.read(file), mode);
        Report report = checked.report();
        if (!report.errors().isEmpty()) {
            throw DomainException.invalidFields("import-invalid", report.errors(), report.errors().size());
        }
        Applied applied = new Applied();
        try {
            List<Planned> toCreate = checked.plans().stream().filter(p -> p.existing() == null).toList();
            if (!toCreate.isEmpty()) {
                List<Device> created = catalog.importAll(tenantId, toCreate.stream().map(Planned::spec).toList());
                for (int i = 0; i < created.size(); i++) {
                    toCreate.get(i).created = created.get(i);
                    applied.created.add(created.get(i).id());
                }
            }
            for (Planned plan : checked.plans()) {
                if (plan.existing() != null && !plan.existing().spec().equals(plan.spec())) {
                    DeviceSpec before = plan.existing().spec();
                    catalog.edit(tenantId, plan.existing().id(), draft(plan.spec()));
                    applied.edited.put(plan.existing().id(), before);
                }
            }
            for (Planned plan : checked.plans()) {
                if (plan.assignTo() != null) {
                    String deviceId = plan.existing() != null ? plan.existing().id() : plan.created.id();
                    assignments.assign(tenantId, plan.assignTo().userId(), deviceId);
                    applied.assigned.put(deviceId, plan.assignTo().userId());
                }
            }
        } catch (RuntimeException e) {
            putBack(tenantId, applied, e);
            if (e instanceof DomainException domain && domain.kind() != DomainException.Kind.INVALID) {
                throw DomainException.conflict("import-conflict");
            }
            throw e;
        }
        int created = (int) report.count(Outcome.CREATED);
        int changed = (int) report.count(Outcome.CHANGED);
        log.info("CSV import in tenant {}: {} created, {} changed, {} assigned", tenantId, created, changed,
                applied.assigned.size());
        return new Committed(report, created, changed, (int) report.count(Outcome.UNCHANGED), applied.assigned.size());
    }

    /** What a commit has done so far, to put back if a later step fails. */
    private static final class Applied {
        final List<String> created = new ArrayList<>();
        final Map<String, DeviceSpec> edited = new LinkedHashMap<>();
        final Map<String, String> assigned = new LinkedHashMap<>();
    }

    private void putBack(String tenantId, Applied applied, RuntimeException cause) {
        log.warn("CSV import in tenant {} failed after {} created, {} edited, {} assigned; putting it back: {}",
                tenantId, applied.created.size(), applied.edited.size(), applied.assigned.size(), cause.toString());
        applied.assigned.forEach((deviceId, userId) -> quietly(cause,
                () -> assignments.unassign(tenantId, userId, deviceId)));
        applied.edited.forEach((deviceId, before) -> quietly(cause,
                () -> catalog.edit(tenantId, deviceId, draft(before))));
        quietly(cause, () -> catalog.withdraw(tenantId, applied.created));
    }

    private static void quietly(RuntimeException cause, Runnable step) {
        try {
            step.run();
        } catch (RuntimeException failed) {
            cause.addSuppressed(failed);
        }
    }

    private static DeviceDraft draft(DeviceSpec spec) {
        return new DeviceDraft(spec.name(), spec.connectionAllowed(), spec.type().name(), spec.deviceAuth(),
                spec.method() == null ? null : spec.method().name(), spec.serialId(), spec.macAddress(),
                spec.validFrom() == null ? null : spec.validFrom().toString(),
                spec.validUntil() == null ? null : spec.validUntil().toString());
    }

    /** A valid row's device as the commit will write it: new ({@code existing} null) or an existing one. */
    private static final class Planned {
        private final DeviceSpec spec;
        private final @Nullable Device existing;
        private final @Nullable VpnUser assignTo;
        private Device created;

        Planned(DeviceSpec spec, @Nullable Device existing, @Nullable VpnUser assignTo) {
            this.spec = spec;
            this.existing = existing;
            this.assignTo = assignTo;
        }

        DeviceSpec spec() {
            return spec;
        }

        @Nullable Device existing() {
            return existing;
        }

        @Nullable VpnUser assignTo() {
            return assignTo;
        }
    }

    private record Checked(Report report, List<Planned> plans) {
    }

    /** A row and what is wrong with it so far; {@code spec} when it follows the rules. */
    private record CheckedRow(DeviceCsv.Row row, List<FieldError> violations, DeviceSpec spec) {
    }

    private Checked check(String tenantId, DeviceCsv.Parsed parsed, Mode mode) {
        List<DeviceCsv.Row> rows = parsed.rows();
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
        Set<String> names = keys(candidates, true);
        Map<String, Device> existing = catalog.byNames(tenantId, names);
        DeviceCatalog.KeyOwners owners = catalog.ownersOf(tenantId, Set.of(),
                serials(candidates), macs(candidates));
        Set<String> userNames = new HashSet<>();
        rows.stream().map(DeviceCsv.Row::assignedUser).filter(Objects::nonNull).forEach(userNames::add);
        Map<String, VpnUser> users = assignments.usersByName(tenantId, userNames);
        int limit = userNames.isEmpty() ? 0 : assignments.limitOf(tenantId);
        Map<String, Integer> held = new HashMap<>();

        Map<String, Integer> namesSeen = new HashMap<>();
        Map<String, Integer> serialsSeen = new HashMap<>();
        Map<String, Integer> macsSeen = new HashMap<>();
        List<FieldError> errors = new ArrayList<>();
        List<Planned> plans = new ArrayList<>(candidates.size());
        List<RowResult> results = new ArrayList<>(candidates.size());
        Set<Integer> badLines = new HashSet<>();
        for (CheckedRow checked : checkedRows) {
            DeviceCsv.Row row = checked.row();
            int line = row.line();
            List<FieldError> violations = checked.violations();
            DeviceSpec spec = checked.spec();
            if (spec != null) {
                String nameKey = spec.name().toLowerCase(Locale.ROOT);
                Device current = existing.get(nameKey);
                Integer first = namesSeen.putIfAbsent(nameKey, line);
                if (first != null) {
                    violations.add(Violations.of("name", "duplicate-in-file", spec.name(), first));
                } else if (current != null && row.kind() == DeviceCsv.Kind.DEVICE && mode == Mode.CREATE) {
                    violations.add(Violations.of("name", "taken", spec.name()));
                }
                // in create mode a device row's name must be new, so whatever holds its serial is another device
                boolean keyed = mode == Mode.UPDATE || row.kind() == DeviceCsv.Kind.SHEET;
                String self = current == null || !keyed ? null : current.id();
                unique("serialId", spec.serialId(), line, serialsSeen, owners.serials(), self, violations);
                unique("macAddress", spec.macAddress(), line, macsSeen, owners.macs(), self, violations);
                // a sheet row never changes an existing device, it only assigns it
                // the file has no validity columns: an existing device keeps its period
                DeviceSpec target = current == null ? spec : row.kind() == DeviceCsv.Kind.SHEET ? current.spec()
                        : new DeviceSpec(spec.name(), spec.connectionAllowed(), spec.type(), spec.deviceAuth(), spec.method(),
                                spec.serialId(), spec.macAddress(), current.spec().validFrom(), current.spec().validUntil());
                VpnUser assignTo = assignee(row, current, users, limit, held, tenantId, violations);
                if (violations.isEmpty()) {
                    plans.add(new Planned(target, current, assignTo));
                    results.add(result(line, target, current, assignTo));
                }
            }
            if (!violations.isEmpty()) {
                badLines.add(line);
            }
            violations.forEach(v -> errors.add(v.atLine(line)));
        }
        int lines = parsed.lines();
        Report report = new Report(parsed.encoding(), parsed.byteOrderMark(), parsed.layout(), mode, lines,
                lines - badLines.size(), List.copyOf(errors), List.copyOf(results));
        return new Checked(report, plans);
    }

    /**
     * The user a row assigns its device to, checked: known, the device free or already theirs,
     * and within the limit counting the user's devices and those the file gave them on earlier
     * rows. {@code null} when the row assigns nothing new (no user named, or already theirs).
     */
    private @Nullable VpnUser assignee(DeviceCsv.Row row, @Nullable Device current, Map<String, VpnUser> users,
                                       int limit, Map<String, Integer> held, String tenantId,
                                       List<FieldError> violations) {
        String userName = row.assignedUser();
        if (userName == null) {
            return null;
        }
        VpnUser user = users.get(userName.toLowerCase(Locale.ROOT));
        if (user == null) {
            violations.add(Violations.of(DeviceCsv.USER_COLUMN, "user-unknown", userName));
            return null;
        }
        if (current != null && current.isAssigned()) {
            if (!user.userId().equals(current.assignedUserId())) {
                violations.add(Violations.of(DeviceCsv.USER_COLUMN, "assigned-to-other", current.name(),
                        current.assignedUserName()));
            }
            return null;
        }
        int count = held.computeIfAbsent(user.userId(),
                id -> assignments.devicesOfUser(tenantId, id).size()) + 1;
        if (count > limit) {
            violations.add(Violations.of(DeviceCsv.USER_COLUMN, "user-limit", user.userName(), limit));
            return null;
        }
        held.put(user.userId(), count);
        return user;
    }

    private static RowResult result(int line, DeviceSpec target, @Nullable Device current,
                                    @Nullable VpnUser assignTo) {
        String shownUser = assignTo != null ? assignTo.userName() : current == null ? null : current.assignedUserName();
        if (current == null) {
            return new RowResult(line, target.name(), target.type().name(), Outcome.CREATED,
                    assignTo == null ? List.of() : List.of(DeviceCsv.USER_COLUMN), shownUser);
        }
        List<String> changes = changes(current.spec(), target);
        if (assignTo != null) {
            changes.add(DeviceCsv.USER_COLUMN);
        }
        return new RowResult(line, target.name(), target.type().name(),
                changes.isEmpty() ? Outcome.UNCHANGED : Outcome.CHANGED, List.copyOf(changes), shownUser);
    }

    /** The fields (as the CSV names its columns) in which two states of a device differ. */
    private static List<String> changes(DeviceSpec before, DeviceSpec after) {
        List<String> changes = new ArrayList<>();
        if (!before.name().equals(after.name())) {
            changes.add("name");
        }
        if (before.connectionAllowed() != after.connectionAllowed()) {
            changes.add("connectionAllowed");
        }
        if (before.type() != after.type()) {
            changes.add("type");
        }
        if (before.deviceAuth() != after.deviceAuth()) {
            changes.add("deviceAuth");
        }
        if (before.method() != after.method()) {
            changes.add("method");
        }
        if (!Objects.equals(before.serialId(), after.serialId())) {
            changes.add("serialId");
        }
        if (!Objects.equals(before.macAddress(), after.macAddress())) {
            changes.add("macAddress");
        }
        return changes;
    }

    private static Set<String> keys(List<DeviceSpec> specs, boolean lowerCase) {
        Set<String> keys = new HashSet<>();
        specs.forEach(s -> keys.add(lowerCase ? s.name().toLowerCase(Locale.ROOT) : s.name()));
        return keys;
    }

    private static Set<String> serials(List<DeviceSpec> specs) {
        Set<String> keys = new HashSet<>();
        specs.stream().map(DeviceSpec::serialId).filter(Objects::nonNull).forEach(keys::add);
        return keys;
    }

    private static Set<String> macs(List<DeviceSpec> specs) {
        Set<String> keys = new HashSet<>();
        specs.stream().map(DeviceSpec::macAddress).filter(Objects::nonNull).forEach(keys::add);
        return keys;
    }

    /** A serial or MAC may appear once in the file and must not belong to another device than the row's own. */
    private static void unique(String field, @Nullable String key, int line, Map<String, Integer> seen,
                               Map<String, String> owners, @Nullable String self, List<FieldError> violations) {
        if (key == null) {
            return;
        }
        String owner = owners.get(key);
        if (owner != null && !owner.equals(self)) {
            violations.add(Violations.of(field, "taken", key));
            return;
        }
        Integer first = seen.putIfAbsent(key, line);
        if (first != null) {
            violations.add(Violations.of(field, "duplicate-in-file", key, first));
        }
    }
}
