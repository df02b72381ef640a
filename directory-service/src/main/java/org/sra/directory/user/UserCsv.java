package org.sra.directory.user;

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

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * The VPN user CSV (R-USR-2): UTF-8 (a byte-order mark is fine), a header line {@code userName},
 * then one user name per line. {@link #check} finds every bad row, with its line number and
 * reason, before anything is written.
 */
final class UserCsv {

    static final String HEADER = "userName";
    static final int MAX_ROWS = 50_000;
    static final int MAX_NAME = 256;

    /** One data line. */
    record Row(int line, String userName) {
    }

    /** A bad row: {@code reason} is a stable code ({@code csv.reason.<code>} in the message bundles). */
    record RowError(int line, String userName, String reason) {
    }

    /** The whole file is unusable (encoding, header, size); {@code slug} is the problem type. */
    static final class FileProblem extends RuntimeException {
        final String slug;

        FileProblem(String slug) {
            super(slug);
            this.slug = slug;
        }
    }

    /** Parsed rows plus the rows that are bad in themselves. */
    record Parsed(List<Row> rows, List<RowError> errors) {
    }

    private UserCsv() {
    }

    static Parsed parse(byte[] body) {
        String text = decode(body);
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        if (!text.endsWith("\n")) {
            text = text + "\n"; // so that the parser's line count after a record is that record's line
        }
        List<Row> rows = new ArrayList<>();
        List<RowError> errors = new ArrayList<>();
        try (CSVParser parser = CSVFormat.RFC4180.builder().setIgnoreEmptyLines(true).get()
                .parse(new StringReader(text))) {
            boolean header = true;
            for (CSVRecord record : parser) {
                int line = (int) parser.getCurrentLineNumber();
                if (header) {
                    if (record.size() != 1 || !HEADER.equalsIgnoreCase(record.get(0).strip())) {
                        throw new FileProblem("csv-header");
                    }
                    header = false;
                    continue;
                }
                if (rows.size() + errors.size() >= MAX_ROWS) {
                    throw new FileProblem("csv-too-many-rows");
                }
                String name = record.get(0).strip();
                if (record.size() > 1 && !record.stream().skip(1).allMatch(String::isBlank)) {
                    errors.add(new RowError(line, name, "too-many-columns"));
                } else if (name.isEmpty()) {
                    errors.add(new RowError(line, "", "user-name-missing"));
                } else if (!validName(name)) {
                    errors.add(new RowError(line, clip(name), "user-name-invalid"));
                } else {
                    rows.add(new Row(line, name));
                }
            }
            if (header) {
                throw new FileProblem("csv-header");
            }
        } catch (IOException | IllegalStateException | java.io.UncheckedIOException e) {
            throw new FileProblem("csv-malformed");
        }
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
        errors.sort(java.util.Comparator.comparingInt(RowError::line));
        return errors;
    }

    static boolean validName(String name) {
        return name.length() <= MAX_NAME && name.chars().noneMatch(c -> c < 0x20 || c == 0x7f);
    }

    private static String decode(byte[] body) {
        if (body == null || body.length == 0) {
            throw new FileProblem("csv-header");
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
