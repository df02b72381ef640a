package org.sra.directory.user;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.sra.directory.csv.CsvUpload;
import org.sra.directory.csv.CsvUpload.RowError;
import org.sra.kit.web.PlainText;

/**
 * The VPN user CSV (R-USR-2): UTF-8 (a byte-order mark is fine), a header line {@code userName},
 * then one user name per line. {@link #check} finds every bad row, with its line number and
 * reason, before anything is written.
 */
final class UserCsv {

    static final String HEADER = "userName";
    static final int MAX_ROWS = 50_000;
    static final int MAX_NAME = 256;
    static final CsvUpload FILE = new CsvUpload(List.of(HEADER), "csv-header", MAX_ROWS);

    /** One data line. */
    record Row(int line, String userName) {
    }

    /** Parsed rows plus the rows that are bad in themselves. */
    record Parsed(List<Row> rows, List<RowError> errors) {

        int size() {
            return rows.size() + errors.size();
        }
    }

    private UserCsv() {
    }

    /** @throws CsvUpload.FileProblem when the file as a whole is unusable */
    static Parsed parse(byte[] body) {
        List<Row> rows = new ArrayList<>();
        List<RowError> errors = new ArrayList<>();
        FILE.read(body, (line, record) -> {
            String name = record.get(0).strip();
            if (FILE.hasExtraCells(record)) {
                errors.add(new RowError(line, name, "too-many-columns"));
            } else if (name.isEmpty()) {
                errors.add(new RowError(line, "", "user-name-missing"));
            } else if (!validName(name)) {
                errors.add(new RowError(line, CsvUpload.clip(name), "user-name-invalid"));
            } else {
                rows.add(new Row(line, name));
            }
        });
        return new Parsed(rows, errors);
    }

    /**
     * Every bad row of the file: its own faults, a name repeated in the file (each repetition),
     * already a VPN user, or not in the tenant's directory. Sorted by line.
     */
    static List<RowError> check(Parsed parsed, Set<String> existingKeys, Map<String, DirectoryUser> directory) {
        List<RowError> errors = new ArrayList<>(parsed.errors());
        Map<String, Integer> firstLine = new HashMap<>();
        for (Row row : parsed.rows()) {
            String key = VpnUser.key(row.userName());
            Integer first = firstLine.putIfAbsent(key, row.line());
            if (first != null) {
                errors.add(new RowError(row.line(), row.userName(), "duplicate-in-file"));
            } else if (existingKeys.contains(key)) {
                errors.add(new RowError(row.line(), row.userName(), "already-added"));
            } else if (!directory.containsKey(key)) {
                errors.add(new RowError(row.line(), row.userName(), "not-in-directory"));
            }
        }
        errors.sort(Comparator.comparingInt(RowError::line));
        return errors;
    }

    static boolean validName(String name) {
        // no control characters or text-direction marks, as for JSON bodies (the kit's PlainText)
        return name.length() <= MAX_NAME && name.chars().noneMatch(c -> c < 0x20 || c == 0x7f)
                && PlainText.firstForbidden(name) < 0;
    }
}
