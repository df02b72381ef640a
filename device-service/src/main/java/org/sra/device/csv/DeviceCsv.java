package org.sra.device.csv;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.io.input.BOMInputStream;
import org.sra.device.device.DeviceDraft;
import org.sra.device.device.DeviceSpec;
import org.sra.device.device.Violations;
import org.sra.kit.error.DomainException;
import org.sra.kit.error.FieldError;
import org.sra.kit.web.PlainText;

/**
 * The device CSV format: UTF-8 (a byte-order mark is accepted and written, so that Excel opens
 * Japanese text correctly), a header row naming the columns in any order, one device per row.
 * Parsing and writing are Apache Commons CSV; this class only maps columns to fields.
 */
public final class DeviceCsv {

    public static final List<String> COLUMNS = List.of("name", "connectionAllowed", "type", "deviceAuth", "method",
            "serialId", "macAddress");
    /** Written by the export for the reader; ignored by the import. */
    public static final String USER_COLUMN = "assignedUser";
    public static final int MAX_ROWS = 20_000;
    /** Far above 20,000 rows of devices (about 2 MB); the multipart limit in application.yml matches. */
    public static final int MAX_BYTES = 10 * 1024 * 1024;

    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    private static final CSVFormat READ = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true)
            .setIgnoreEmptyLines(true).setTrim(true).setAllowMissingColumnNames(true).get();
    private static final CSVFormat WRITE = CSVFormat.DEFAULT.builder().setRecordSeparator("\r\n").get();
    private static final Map<String, Boolean> BOOLEANS = Map.of("true", true, "false", false, "有効", true,
            "無効", false, "enabled", true, "disabled", false);

    private DeviceCsv() {
    }

    /** A data row: its line (the header is line 1) and what it says, with cells that could not even be read. */
    public record Row(int line, DeviceDraft draft, List<FieldError> cellViolations) {
    }

    /** Reads every row; a file that is not a device CSV at all is refused as a whole. */
    public static List<Row> read(byte[] file) {
        if (file.length > MAX_BYTES) {
            throw fileProblem("csv-too-large", MAX_BYTES / (1024 * 1024));
        }
        String text = utf8(file);
        try (CSVParser parser = CSVParser.parse(text, READ)) {
            List<String> missing = COLUMNS.stream().filter(c -> !parser.getHeaderMap().containsKey(c)).toList();
            if (!missing.isEmpty()) {
                throw fileProblem("csv-header-missing", String.join(", ", missing));
            }
            List<Row> rows = new ArrayList<>();
            LineNumbers lines = new LineNumbers(text);
            for (CSVRecord record : parser) {
                if (rows.size() == MAX_ROWS) {
                    throw fileProblem("csv-too-many-rows", MAX_ROWS);
                }
                rows.add(row(record, lines.lineAt(record.getCharacterPosition())));
            }
            if (rows.isEmpty()) {
                throw fileProblem("csv-empty");
            }
            return rows;
        } catch (IOException | UncheckedIOException | IllegalArgumentException | IllegalStateException e) {
            throw fileProblem("csv-unreadable");
        }
    }

    private static Row row(CSVRecord record, int line) {
        List<FieldError> violations = new ArrayList<>();
        // the same rule as for JSON bodies: no control characters or text-direction marks in a cell
        for (String column : COLUMNS) {
            String value = record.isSet(column) ? record.get(column) : null;
            if (value != null && PlainText.firstForbidden(value) >= 0) {
                violations.add(Violations.of(column, "forbidden-characters"));
            }
        }
        DeviceDraft draft = new DeviceDraft(cell(record, "name"),
                bool(record, "connectionAllowed", violations), cell(record, "type"),
                bool(record, "deviceAuth", violations), cell(record, "method"), cell(record, "serialId"),
                cell(record, "macAddress"));
        return new Row(line, draft, violations);
    }

    /** The line (from 1) a character offset is on, as an editor or a spreadsheet counts it. */
    private static final class LineNumbers {

        private final String text;
        private final int[] lineStarts;

        LineNumbers(String text) {
            this.text = text;
            List<Integer> starts = new ArrayList<>(List.of(0));
            for (int i = 0; i < text.length(); i++) {
                if (text.charAt(i) == '\n') {
                    starts.add(i + 1);
                }
            }
            lineStarts = starts.stream().mapToInt(Integer::intValue).toArray();
        }

        /** A record's position includes the empty lines skipped before it; its line is the first non-empty one. */
        int lineAt(long recordPosition) {
            int offset = (int) recordPosition;
            while (offset < text.length() && (text.charAt(offset) == '\n' || text.charAt(offset) == '\r')) {
                offset++;
            }
            int index = Arrays.binarySearch(lineStarts, offset);
            return (index >= 0 ? index : -index - 2) + 1;
        }
    }

    private static String cell(CSVRecord record, String column) {
        String value = record.isSet(column) ? record.get(column) : null;
        return value == null || value.isEmpty() ? null : unneutralized(value);
    }

    private static Boolean bool(CSVRecord record, String column, List<FieldError> violations) {
        String value = cell(record, column);
        if (value == null) {
            return null;
        }
        Boolean parsed = BOOLEANS.get(value.toLowerCase(Locale.ROOT));
        if (parsed == null) {
            violations.add(Violations.of(column, "boolean-invalid", value));
        }
        return parsed;
    }

    /** The empty file an admin fills in. */
    public static byte[] template() {
        return write(List.of(), false);
    }

    /** One row per device; with {@code withUser} an extra column says who has it. */
    public static byte[] write(List<ExportRow> devices, boolean withUser) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(BOM);
        try (Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
             CSVPrinter printer = new CSVPrinter(writer, WRITE)) {
            List<String> header = new ArrayList<>(COLUMNS);
            if (withUser) {
                header.add(USER_COLUMN);
            }
            printer.printRecord(header);
            for (ExportRow row : devices) {
                DeviceSpec d = row.spec();
                List<String> cells = new ArrayList<>(Arrays.asList(d.name(), String.valueOf(d.connectionAllowed()),
                        d.type().name(), String.valueOf(d.deviceAuth()), d.method() == null ? "" : d.method().name(),
                        orEmpty(d.serialId()), orEmpty(d.macAddress())));
                if (withUser) {
                    cells.add(orEmpty(row.userName()));
                }
                printer.printRecord(cells.stream().map(DeviceCsv::neutralized).toList());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A device to export and the name of its user, if any. */
    public record ExportRow(DeviceSpec spec, String userName) {
    }

    /**
     * A cell a spreadsheet would run as a formula ({@code = + - @}, tab, carriage return first) is
     * written with a leading apostrophe, which spreadsheets show as text (OWASP "CSV injection").
     */
    static String neutralized(String cell) {
        if (!cell.isEmpty() && "=+-@\t\r".indexOf(cell.charAt(0)) >= 0) {
            return "'" + cell;
        }
        return cell;
    }

    /** The import takes such an apostrophe away again, so an exported file imports unchanged. */
    static String unneutralized(String cell) {
        if (cell.length() > 1 && cell.charAt(0) == '\'' && "=+-@\t\r".indexOf(cell.charAt(1)) >= 0) {
            return cell.substring(1);
        }
        return cell;
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }

    private static String utf8(byte[] file) {
        try (Reader reader = new InputStreamReader(BOMInputStream.builder()
                .setInputStream(new ByteArrayInputStream(file)).get(),
                StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT))) {
            StringBuilder text = new StringBuilder(file.length);
            char[] buffer = new char[8192];
            for (int n; (n = reader.read(buffer)) > 0; ) {
                text.append(buffer, 0, n);
            }
            return text.toString();
        } catch (CharacterCodingException e) {
            throw fileProblem("csv-not-utf8");
        } catch (IOException e) {
            throw fileProblem("csv-unreadable");
        }
    }

    private static DomainException fileProblem(String code, Object... args) {
        return DomainException.invalidFields("csv-invalid", List.of(Violations.of("file", code, args)), 1);
    }
}
