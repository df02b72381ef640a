package org.sra.device.csv;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.jspecify.annotations.Nullable;
import org.sra.device.device.DeviceDraft;
import org.sra.device.device.DeviceSpec;
import org.sra.device.device.Violations;
import org.sra.events.device.DeviceType;
import org.sra.kit.csv.CsvEncoding;
import org.sra.kit.error.DomainException;
import org.sra.kit.error.FieldError;
import org.sra.kit.web.PlainText;

/**
 * The device CSV formats. Read in UTF-8 (with or without a byte-order mark) or CP932, Excel's CSV
 * in Japan, told apart by the kit's {@link CsvEncoding}; written in either, UTF-8 with a
 * byte-order mark by default (so that Excel opens Japanese text correctly). Two layouts are read:
 *
 * <ul>
 * <li>the device list: a header row naming the columns in any order
 * ({@code name, connectionAllowed, type, deviceAuth, method, serialId, macAddress}, optionally
 * {@code assignedUser}), one device per row — what the template and the export write;</li>
 * <li>the quick guide's preparation sheet 「接続を許可するユーザとデバイス名のリスト」: a user column
 * ({@code ユーザ} or {@code user}) and any number of device-name columns ({@code デバイス名①},
 * {@code デバイス名②}, … or {@code device1}, {@code device2}, …), one user per row. Each named
 * device becomes one {@link Row} of kind {@link Kind#SHEET}, with the guide's recommended
 * values and the type guessed from the name ({@link #typeOf}).</li>
 * </ul>
 *
 * Parsing and writing are Apache Commons CSV; this class only maps columns to fields.
 */
public final class DeviceCsv {

    public static final List<String> COLUMNS = List.of("name", "connectionAllowed", "type", "deviceAuth", "method",
            "serialId", "macAddress");
    /** Written by the export; on import the device is assigned to this VPN user (by user name). */
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
    /** The sheet's user column, after {@link #headerKey}. */
    private static final Set<String> SHEET_USER = Set.of("ユーザ", "ユーザー", "ユーザ名", "ユーザー名", "user", "username");
    /** The sheet's device columns after {@link #headerKey}: デバイス名①, デバイス名2, device1, … */
    private static final Pattern SHEET_DEVICE = Pattern.compile("(デバイス名?|device(name)?)[0-9]*");
    /** The guide's example line (「例 suzuki Win-123 IOS-456」) is skipped. */
    private static final String EXAMPLE_MARK = "例";

    private DeviceCsv() {
    }

    /** Which layout a row came from. */
    public enum Kind {
        /** A row of the device list: every field of the device. */
        DEVICE,
        /** A device name of the preparation sheet: created with the recommended values when missing. */
        SHEET
    }

    /**
     * A data row: its line (the header is line 1), what it says, the user to assign it to (if
     * any), and cells that could not even be read.
     */
    public record Row(int line, Kind kind, DeviceDraft draft, @Nullable String assignedUser,
                      List<FieldError> cellViolations) {
    }

    /** The file's rows and how it was read. */
    public record Parsed(CsvEncoding encoding, boolean byteOrderMark, Kind layout, List<Row> rows) {

        /** How many lines of the file hold data (a sheet line names several devices). */
        public int lines() {
            return (int) rows.stream().mapToInt(Row::line).distinct().count();
        }
    }

    /** Reads every row; a file that is not a device CSV at all is refused as a whole. */
    public static Parsed read(byte[] file) {
        if (file.length > MAX_BYTES) {
            throw fileProblem("csv-too-large", MAX_BYTES / (1024 * 1024));
        }
        CsvEncoding.Decoded decoded = CsvEncoding.decode(file)
                .orElseThrow(() -> fileProblem("csv-encoding-unknown"));
        boolean bom = file.length >= BOM.length && Arrays.equals(file, 0, BOM.length, BOM, 0, BOM.length);
        String text = decoded.text();
        try (CSVParser parser = CSVParser.parse(text, READ)) {
            Map<String, Integer> header = parser.getHeaderMap();
            Kind layout = layout(header.keySet());
            List<Row> rows = new ArrayList<>();
            LineNumbers lines = new LineNumbers(text);
            int records = 0;
            for (CSVRecord record : parser) {
                if (records++ == MAX_ROWS) {
                    throw fileProblem("csv-too-many-rows", MAX_ROWS);
                }
                int line = lines.lineAt(record.getCharacterPosition());
                if (layout == Kind.DEVICE) {
                    rows.add(row(record, line));
                } else {
                    rows.addAll(sheetRows(record, line, header));
                }
            }
            if (rows.isEmpty()) {
                throw fileProblem("csv-empty");
            }
            return new Parsed(decoded.encoding(), bom, layout, rows);
        } catch (IOException | UncheckedIOException | IllegalArgumentException | IllegalStateException e) {
            throw fileProblem("csv-unreadable");
        }
    }

    /** The device list when the header names its columns, the preparation sheet when it has a user column. */
    private static Kind layout(Set<String> columns) {
        if (!columns.contains("name") && columns.stream().map(DeviceCsv::headerKey).anyMatch(SHEET_USER::contains)) {
            if (columns.stream().map(DeviceCsv::headerKey).noneMatch(c -> SHEET_DEVICE.matcher(c).matches())) {
                throw fileProblem("csv-sheet-no-devices");
            }
            return Kind.SHEET;
        }
        List<String> missing = COLUMNS.stream().filter(c -> !columns.contains(c)).toList();
        if (!missing.isEmpty()) {
            throw fileProblem("csv-header-missing", String.join(", ", missing));
        }
        return Kind.DEVICE;
    }

    /** A header cell compared without width, case or spaces: 「デバイス名①」 and 「デバイス名 1」 are the same. */
    static String headerKey(String column) {
        return Normalizer.normalize(column == null ? "" : column, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT)
                .replaceAll("[\\s_\\-]", "");
    }

    /** One row per device name on a sheet line, in the order of the columns; none for the guide's example line. */
    private static List<Row> sheetRows(CSVRecord record, int line, Map<String, Integer> header) {
        List<String> cells = record.toList();
        if (cells.stream().anyMatch(c -> EXAMPLE_MARK.equals(c.strip()))) {
            return List.of();
        }
        String user = null;
        List<String> names = new ArrayList<>();
        List<Map.Entry<String, Integer>> columns = header.entrySet().stream()
                .sorted(Map.Entry.comparingByValue()).toList();
        for (Map.Entry<String, Integer> column : columns) {
            String key = headerKey(column.getKey());
            String value = column.getValue() < cells.size() ? cells.get(column.getValue()) : "";
            value = value == null || value.isEmpty() ? null : unneutralized(value);
            if (SHEET_USER.contains(key) && user == null) {
                user = value;
            } else if (SHEET_DEVICE.matcher(key).matches() && value != null) {
                names.add(value);
            }
        }
        List<Row> rows = new ArrayList<>();
        if (names.isEmpty()) {
            if (user != null) {
                rows.add(new Row(line, Kind.SHEET, new DeviceDraft(null, true, DeviceType.WINDOWS.name(), true, null,
                        null, null), user, List.of(Violations.of("name", "sheet-no-device", user))));
            }
            return rows;
        }
        for (String name : names) {
            List<FieldError> violations = new ArrayList<>();
            if (PlainText.firstForbidden(name) >= 0) {
                violations.add(Violations.of("name", "forbidden-characters"));
            }
            if (user == null) {
                violations.add(Violations.of(USER_COLUMN, "required"));
            } else if (PlainText.firstForbidden(user) >= 0) {
                violations.add(Violations.of(USER_COLUMN, "forbidden-characters"));
            }
            rows.add(new Row(line, Kind.SHEET, new DeviceDraft(name, true, typeOf(name).name(), true, null, null, null),
                    user, violations));
        }
        return rows;
    }

    /**
     * The type of a device the sheet names, from the start of its name (any case): {@code win} →
     * Windows, {@code mac} → Mac, {@code ios}/{@code iphone}/{@code ipad} → iOS, {@code android}
     * → Android, anything else Windows (the dry run shows the type chosen).
     */
    static DeviceType typeOf(String name) {
        String lower = name.strip().toLowerCase(Locale.ROOT);
        if (lower.startsWith("mac")) {
            return DeviceType.MAC;
        }
        if (lower.startsWith("ios") || lower.startsWith("iphone") || lower.startsWith("ipad")) {
            return DeviceType.IOS;
        }
        if (lower.startsWith("android")) {
            return DeviceType.ANDROID;
        }
        return DeviceType.WINDOWS;
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
        String user = cell(record, USER_COLUMN);
        if (user != null && PlainText.firstForbidden(user) >= 0) {
            violations.add(Violations.of(USER_COLUMN, "forbidden-characters"));
        }
        return new Row(line, Kind.DEVICE, draft, user, violations);
    }

    /**
     * The line (from 1) a character offset is on, as an editor or a spreadsheet counts it: a line
     * ends with CR LF, LF or a CR alone (old Mac files), as the parser reads them.
     */
    private static final class LineNumbers {

        private final String text;
        private final int[] lineStarts;

        LineNumbers(String text) {
            this.text = text;
            List<Integer> starts = new ArrayList<>(List.of(0));
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c == '\n' || c == '\r' && (i + 1 == text.length() || text.charAt(i + 1) != '\n')) {
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
        return write(List.of(), false, CsvEncoding.UTF_8);
    }

    /** One row per device; with {@code withUser} an extra column says who has it. */
    public static byte[] write(List<ExportRow> devices, boolean withUser) {
        return write(devices, withUser, CsvEncoding.UTF_8);
    }

    /**
     * As {@link #write(List, boolean)}, in the encoding asked for. A character CP932 cannot hold
     * would become {@code ?}; device names, serials and MACs are ASCII, and the user names come
     * from the directory, so {@link CsvEncoding#encode} is used as it is.
     */
    public static byte[] write(List<ExportRow> devices, boolean withUser, CsvEncoding encoding) {
        StringBuilder out = new StringBuilder();
        try (CSVPrinter printer = new CSVPrinter(out, WRITE)) {
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
        return encoding.encode(out.toString());
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

    private static DomainException fileProblem(String code, Object... args) {
        return DomainException.invalidFields("csv-invalid", List.of(Violations.of("file", code, args)), 1);
    }
}
