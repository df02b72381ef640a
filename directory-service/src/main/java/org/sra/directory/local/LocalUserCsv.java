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
import org.sra.kit.web.PlainText;

/**
 * The LOCAL user CSV: UTF-8 (a byte-order mark is fine), the header
 * {@code userName,displayName,mail,password}, one user per line. {@link #check} finds every bad
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
    static final CsvUpload FILE = new CsvUpload(HEADER, "local-csv-header", MAX_ROWS);

    /** One good data line. */
    record Row(int line, String userName, String displayName, String mail, String password) {

        @Override
        public String toString() {
            return "Row[" + line + ", " + userName + "]";
        }
    }

    record Parsed(List<Row> rows, List<RowError> errors) {

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
        FILE.read(body, (line, record) -> {
            String name = CsvUpload.cell(record, 0).strip();
            String display = CsvUpload.cell(record, 1).strip();
            String mail = CsvUpload.cell(record, 2).strip();
            String password = CsvUpload.cell(record, 3);
            if (FILE.hasExtraCells(record)) {
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
            } else if (password.isEmpty()) {
                errors.add(new RowError(line, name, "password-missing"));
            } else if (!LocalDirectory.acceptable(name, password)) {
                errors.add(new RowError(line, name, "password-weak"));
            } else {
                rows.add(new Row(line, name, display, mail.isEmpty() ? null : mail, password));
            }
        });
        return new Parsed(rows, errors);
    }

    /** Every bad row: its own faults, a name repeated in the file, or a name already taken. Sorted by line. */
    static List<RowError> check(Parsed parsed, Set<String> existingKeys) {
        List<RowError> errors = new ArrayList<>(parsed.errors());
        Map<String, Integer> firstLine = new HashMap<>();
        for (Row row : parsed.rows()) {
            String key = LocalUser.key(row.userName());
            if (firstLine.putIfAbsent(key, row.line()) != null) {
                errors.add(new RowError(row.line(), row.userName(), "duplicate-in-file"));
            } else if (existingKeys.contains(key)) {
                errors.add(new RowError(row.line(), row.userName(), "local-user-exists"));
            }
        }
        errors.sort(Comparator.comparingInt(RowError::line));
        return errors;
    }
}
