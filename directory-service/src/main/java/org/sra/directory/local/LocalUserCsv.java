package org.sra.directory.local;

import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

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

    /** One good data line. */
    record Row(int line, String userName, String displayName, String mail, String password) {

        @Override
        public String toString() {
            return "Row[" + line + ", " + userName + "]";
        }
    }

    /** A bad row: {@code reason} is a stable code. */
    record RowError(int line, String userName, String reason) {
    }

    /** The whole file is unusable; {@code slug} is the problem type. */
    static final class FileProblem extends RuntimeException {
        final String slug;

        FileProblem(String slug) {
            super(slug);
            this.slug = slug;
        }
    }

    record Parsed(List<Row> rows, List<RowError> errors) {
    }

    private LocalUserCsv() {
    }

    static Parsed parse(byte[] body) {
        String text = decode(body);
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        if (!text.endsWith("\n")) {
            text = text + "\n";
        }
        List<Row> rows = new ArrayList<>();
        List<RowError> errors = new ArrayList<>();
        try (CSVParser parser = CSVFormat.RFC4180.builder().setIgnoreEmptyLines(true).get()
                .parse(new StringReader(text))) {
            boolean header = true;
            for (CSVRecord record : parser) {
                int line = (int) parser.getCurrentLineNumber();
                if (header) {
                    List<String> names = record.stream().map(String::strip).toList();
                    if (names.size() != HEADER.size() || !java.util.stream.IntStream.range(0, HEADER.size())
                            .allMatch(i -> HEADER.get(i).equalsIgnoreCase(names.get(i)))) {
                        throw new FileProblem("local-csv-header");
                    }
                    header = false;
                    continue;
                }
                if (rows.size() + errors.size() >= MAX_ROWS) {
                    throw new FileProblem("csv-too-many-rows");
                }
                String name = cell(record, 0).strip();
                String display = cell(record, 1).strip();
                String mail = cell(record, 2).strip();
                String password = cell(record, 3);
                if (record.size() > HEADER.size()
                        && !record.stream().skip(HEADER.size()).allMatch(String::isBlank)) {
                    errors.add(new RowError(line, clip(name), "local-too-many-columns"));
                } else if (name.isEmpty()) {
                    errors.add(new RowError(line, "", "user-name-missing"));
                } else if (!NAME.matcher(name).matches()) {
                    errors.add(new RowError(line, clip(name), "user-name-invalid"));
                } else if (display.length() > MAX_DISPLAY_NAME || display.chars().anyMatch(Character::isISOControl)) {
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
            }
            if (header) {
                throw new FileProblem("local-csv-header");
            }
        } catch (IOException | IllegalStateException | java.io.UncheckedIOException e) {
            throw new FileProblem("csv-malformed");
        }
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
        errors.sort(java.util.Comparator.comparingInt(RowError::line));
        return errors;
    }

    private static String cell(CSVRecord record, int index) {
        return index < record.size() ? record.get(index) : "";
    }

    private static String decode(byte[] body) {
        if (body == null || body.length == 0) {
            throw new FileProblem("local-csv-header");
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            throw new FileProblem("csv-encoding");
        }
    }

    private static String clip(String value) {
        String visible = value.replaceAll("\\p{Cntrl}", "?");
        return visible.length() > 100 ? visible.substring(0, 100) + "…" : visible;
    }
}
