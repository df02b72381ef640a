package org.sra.directory.local;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.sra.directory.csv.CsvUpload;
import org.sra.directory.csv.CsvUpload.RowError;
import org.sra.kit.csv.CsvEncoding;
import org.sra.kit.web.PlainText;

/**
 * The LOCAL user CSV: UTF-8 (a byte-order mark is fine) or CP932, the header
 * {@code userName,displayName,mail,password} or the export's
 * {@code userName,displayName,mail,createdAt,passwordChangedAt} (so that an export imports again:
 * its rows name existing users, reported unchanged; a new user in it lacks a password), one user per line. {@link #check} finds every bad
 * row with its line number and reason (codes {@code csv.reason.<code>} in the message bundles)
 * before anything is written; the password itself never appears in a report.
 */
final class LocalUserCsv {

    static final List<String> HEADER = List.of("userName", "displayName", "mail", "password");
    /** bcrypt makes each row cost ~0.1–0.3 s at commit, so files are kept small. */
    static final int MAX_ROWS = 1_000;
    static final int MAX_DISPLAY_NAME = 200;
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,63}");
    static final Pattern MAIL = Pattern.compile("[^@\\s\\p{Cntrl}]{1,64}@[A-Za-z0-9.-]{1,253}\\.[A-Za-z]{2,63}");
    static final List<String> EXPORT_HEADER = List.of("userName", "displayName", "mail", "createdAt",
            "passwordChangedAt");
    static final CsvUpload FILE = new CsvUpload(List.of(HEADER, EXPORT_HEADER), "local-csv-header", MAX_ROWS);

    /** One good data line; {@code password} is null when the file has no password column (an export). */
    record Row(int line, String userName, String displayName, String mail, String password) {

        @Override
        public String toString() {
            return "Row[" + line + ", " + userName + "]";
        }
    }

    record Parsed(List<Row> rows, List<RowError> errors, CsvEncoding encoding) {

        Parsed(List<Row> rows, List<RowError> errors) {
            this(rows, errors, CsvEncoding.UTF_8);
        }

        int size() {
            return rows.size() + errors.size();
        }
    }

    private LocalUserCsv() {
    }

    /** @throws CsvUpload.FileProblem when the file as a whole is unusable */
    static Parsed parse(byte[] body) {
        List<Row> rows = new ArrayList<>();
        List<RowError> errors = new ArrayList<>();
        CsvEncoding encoding = FILE.read(body, (line, record) -> {
            String name = record.cell("userName").strip();
            String display = record.cell("displayName").strip();
            String mail = record.cell("mail").strip();
            String password = record.has("password") ? record.cell("password") : null;
            if (record.hasExtraCells()) {
                errors.add(new RowError(line, CsvUpload.clip(name), "local-too-many-columns"));
            } else if (name.isEmpty()) {
                errors.add(new RowError(line, "", "user-name-missing"));
            } else if (!NAME.matcher(name).matches()) {
                errors.add(new RowError(line, CsvUpload.clip(name), "user-name-invalid"));
            } else if (display.length() > MAX_DISPLAY_NAME || display.chars().anyMatch(Character::isISOControl)
                    || PlainText.firstForbidden(display) >= 0) {
                errors.add(new RowError(line, name, "display-name-invalid"));
            } else if (!mail.isEmpty() && !MAIL.matcher(mail).matches()) {
                errors.add(new RowError(line, name, "mail-invalid"));
            } else if (password != null && password.isEmpty()) {
                errors.add(new RowError(line, name, "password-missing"));
            } else if (password != null && !LocalDirectory.acceptable(name, password)) {
                errors.add(new RowError(line, name, "password-weak"));
            } else {
                rows.add(new Row(line, name, display, mail.isEmpty() ? null : mail, password));
            }
        });
        return new Parsed(rows, errors, encoding);
    }

    /** What the check found: the bad rows (by line) and the export rows naming existing users (unchanged). */
    record Checked(List<RowError> errors, List<Row> unchanged) {
    }

    /**
     * Every bad row: its own faults, a name repeated in the file, a name already taken (with a
     * password: the file would set it), a new user without a password (an export row). Sorted by line.
     */
    static Checked check(Parsed parsed, Set<String> existingKeys) {
        List<RowError> errors = new ArrayList<>(parsed.errors());
        List<Row> unchanged = new ArrayList<>();
        Map<String, Integer> firstLine = new HashMap<>();
        for (Row row : parsed.rows()) {
            String key = LocalUser.key(row.userName());
            if (firstLine.putIfAbsent(key, row.line()) != null) {
                errors.add(new RowError(row.line(), row.userName(), "duplicate-in-file"));
            } else if (existingKeys.contains(key)) {
                if (row.password() == null) {
                    unchanged.add(row);
                } else {
                    errors.add(new RowError(row.line(), row.userName(), "local-user-exists"));
                }
            } else if (row.password() == null) {
                errors.add(new RowError(row.line(), row.userName(), "password-missing"));
            }
        }
        errors.sort(Comparator.comparingInt(RowError::line));
        return new Checked(errors, unchanged);
    }
}
