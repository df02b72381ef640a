package org.sra.directory.user;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.sra.directory.csv.CsvUpload;
import org.sra.directory.csv.CsvUpload.RowError;
import org.sra.kit.csv.CsvEncoding;
import org.sra.kit.web.PlainText;

/**
 * The VPN user CSV (R-USR-2): UTF-8 (a byte-order mark is fine) or CP932, a header line
 * {@code userName} (the template) or the export's {@code userName,displayName,mail,source,addedAt,inDirectory}
 * (so that an export imports again; only the user name is read, the directory is the source of the
 * rest), then one user per line. {@link #check} finds every bad row, with its line number and
 * reason, before anything is written; a row naming a user who is a VPN user already is unchanged,
 * not an error.
 */
final class UserCsv {

    static final String HEADER = "userName";
    static final int MAX_ROWS = 50_000;
    static final int MAX_NAME = 256;
    static final List<String> EXPORT_HEADER = List.of(HEADER, "displayName", "mail", "source", "addedAt",
            "inDirectory");
    static final CsvUpload FILE = new CsvUpload(List.of(List.of(HEADER), EXPORT_HEADER), "csv-header", MAX_ROWS);

    /** One data line. */
    record Row(int line, String userName) {
    }

    /** Parsed rows plus the rows that are bad in themselves, and the encoding the file was read in. */
    record Parsed(List<Row> rows, List<RowError> errors, CsvEncoding encoding) {

        Parsed(List<Row> rows, List<RowError> errors) {
            this(rows, errors, CsvEncoding.UTF_8);
        }

        int size() {
            return rows.size() + errors.size();
        }
    }

    /** What the check found: the bad rows (by line) and the rows naming users who are VPN users already. */
    record Checked(List<RowError> errors, List<Row> unchanged) {
    }

    private UserCsv() {
    }

    /** @throws CsvUpload.FileProblem when the file as a whole is unusable */
    static Parsed parse(byte[] body) {
        List<Row> rows = new ArrayList<>();
        List<RowError> errors = new ArrayList<>();
        CsvEncoding encoding = FILE.read(body, (line, record) -> {
            String name = record.cell(HEADER).strip();
            if (record.hasExtraCells()) {
                // clipped like every other value a report shows (a cell may be huge or hold control characters)
                errors.add(new RowError(line, CsvUpload.clip(name), "too-many-columns"));
            } else if (name.isEmpty()) {
                errors.add(new RowError(line, "", "user-name-missing"));
            } else if (!validName(name)) {
                errors.add(new RowError(line, CsvUpload.clip(name), "user-name-invalid"));
            } else {
                rows.add(new Row(line, name));
            }
        });
        return new Parsed(rows, errors, encoding);
    }

    /**
     * Every bad row of the file: its own faults, a name repeated in the file (each repetition), or
     * not in the tenant's directory, sorted by line; and the rows naming VPN users already (unchanged).
     */
    static Checked check(Parsed parsed, Set<String> existingKeys, Map<String, DirectoryUser> directory) {
        List<RowError> errors = new ArrayList<>(parsed.errors());
        List<Row> unchanged = new ArrayList<>();
        Map<String, Integer> firstLine = new HashMap<>();
        for (Row row : parsed.rows()) {
            String key = VpnUser.key(row.userName());
            Integer first = firstLine.putIfAbsent(key, row.line());
            if (first != null) {
                errors.add(new RowError(row.line(), row.userName(), "duplicate-in-file"));
            } else if (existingKeys.contains(key)) {
                unchanged.add(row);
            } else if (!directory.containsKey(key)) {
                errors.add(new RowError(row.line(), row.userName(), "not-in-directory"));
            }
        }
        errors.sort(Comparator.comparingInt(RowError::line));
        return new Checked(errors, unchanged);
    }

    static boolean validName(String name) {
        // no control characters or text-direction marks, as for JSON bodies (the kit's PlainText)
        return name.length() <= MAX_NAME && name.chars().noneMatch(c -> c < 0x20 || c == 0x7f)
                && PlainText.firstForbidden(name) < 0;
    }
}
