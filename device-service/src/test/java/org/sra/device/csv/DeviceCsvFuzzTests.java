package org.sra.device.csv;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.sra.device.device.DeviceDraft;
import org.sra.device.device.DeviceRules;
import org.sra.device.device.DeviceSpec;
import org.sra.events.device.DeviceAuthMethod;
import org.sra.events.device.DeviceType;
import org.sra.fixtures.fuzz.CsvFuzz;
import org.sra.fixtures.fuzz.Fuzz;
import org.sra.fixtures.fuzz.Mutations;
import org.sra.kit.csv.CsvEncoding;
import org.sra.kit.error.DomainException;
import org.sra.kit.error.FieldError;

/**
 * Fuzzes the device CSV import's parsing and row checks in the JVM — {@link DeviceCsv#read} (the
 * device list, with and without {@code assignedUser}, and the preparation sheet) and
 * {@link DeviceRules#check} on every row, what {@link DeviceImport}'s dry run and commit run first
 * in both modes — with random bytes, hostile files and mutated valid files: each gives rows or
 * the documented refusal (a {@link DomainException} of kind INVALID whose messages exist in both
 * bundles), never another exception or a hang. A valid generated file reads as exactly the rows
 * generated, on the lines they were written on; an export reads back as what was exported.
 */
class DeviceCsvFuzzTests {

    static final Duration CAP = Duration.ofSeconds(4);
    static final List<List<String>> HEADERS = List.of(DeviceCsv.COLUMNS,
            concat(DeviceCsv.COLUMNS, List.of(DeviceCsv.USER_COLUMN)), List.of("ユーザ", "デバイス名①", "デバイス名②"),
            List.of("user", "device1", "device2", "device3"));
    static final Set<String> MESSAGES_JA = keys("messages.properties", "sra-kit-messages.properties");
    static final Set<String> MESSAGES_EN = keys("messages_en.properties", "sra-kit-messages_en.properties");

    @Test
    void anyBytesGiveRowsOrTheDocumentedRefusal() {
        List<byte[]> valid = new ArrayList<>();
        Random seeds = new Random(7);
        for (int i = 0; i < 10; i++) {
            valid.add(validList(seeds).bytes());
            valid.add(validSheet(seeds).bytes());
        }
        Fuzz.check("device csv any bytes", 2_000, CAP, random -> switch (random.nextInt(4)) {
            case 0 -> Mutations.randomBytes(random, 3_000);
            case 1 -> CsvFuzz.mutated(random, valid.get(random.nextInt(valid.size())), valid);
            default -> CsvFuzz.encode(random, CsvFuzz.file(random, HEADERS, 30, DeviceCsvFuzzTests::cell));
        }, DeviceCsvFuzzTests::readsOrRefuses);
    }

    @Test
    void aValidDeviceListReadsAsExactlyItsRows() {
        Fuzz.check("device csv valid list", 1_000, CAP, DeviceCsvFuzzTests::validList, file -> {
            DeviceCsv.Parsed parsed = DeviceCsv.read(file.bytes());
            assertThat(parsed.layout()).isEqualTo(DeviceCsv.Kind.DEVICE);
            assertThat(parsed.rows()).hasSameSizeAs(file.rows());
            for (int i = 0; i < file.rows().size(); i++) {
                DeviceCsv.Row row = parsed.rows().get(i);
                Expected expected = file.rows().get(i);
                assertThat(row.line()).as("line of row %d", i).isEqualTo(expected.line());
                assertThat(row.draft()).isEqualTo(expected.draft());
                assertThat(row.assignedUser()).isEqualTo(expected.user());
                assertThat(row.cellViolations()).isEmpty();
                assertThat(DeviceRules.check(row.draft()).violations()).isEmpty();
            }
        });
    }

    @Test
    void aValidPreparationSheetReadsAsOneRowPerDeviceName() {
        Fuzz.check("device csv valid sheet", 1_000, CAP, DeviceCsvFuzzTests::validSheet, file -> {
            DeviceCsv.Parsed parsed = DeviceCsv.read(file.bytes());
            assertThat(parsed.layout()).isEqualTo(DeviceCsv.Kind.SHEET);
            assertThat(parsed.rows()).hasSameSizeAs(file.rows());
            for (int i = 0; i < file.rows().size(); i++) {
                DeviceCsv.Row row = parsed.rows().get(i);
                Expected expected = file.rows().get(i);
                assertThat(row.line()).isEqualTo(expected.line());
                assertThat(row.draft().name()).isEqualTo(expected.draft().name());
                assertThat(row.assignedUser()).isEqualTo(expected.user());
                assertThat(row.cellViolations()).isEmpty();
                assertThat(DeviceRules.check(row.draft()).violations()).isEmpty();
            }
        });
    }

    @Test
    void anExportReadsBackAsWhatWasExported() {
        Fuzz.check("device csv export round trip", 300, CAP, random -> {
            List<DeviceCsv.ExportRow> rows = new ArrayList<>();
            for (Expected e : validList(random).rows()) {
                DeviceSpec spec = DeviceRules.check(e.draft()).spec().orElseThrow();
                rows.add(new DeviceCsv.ExportRow(spec, e.user()));
            }
            return rows;
        }, rows -> {
            for (CsvEncoding encoding : CsvEncoding.values()) {
                DeviceCsv.Parsed parsed = DeviceCsv.read(DeviceCsv.write(rows, true, encoding));
                assertThat(parsed.rows()).hasSameSizeAs(rows);
                for (int i = 0; i < rows.size(); i++) {
                    DeviceCsv.Row row = parsed.rows().get(i);
                    assertThat(DeviceRules.check(row.draft()).spec()).contains(rows.get(i).spec());
                    assertThat(row.assignedUser()).isEqualTo(rows.get(i).userName());
                    assertThat(row.line()).isEqualTo(i + 2);
                }
            }
        });
    }

    /** Found by the fuzzer: with old-Mac line ends (CR alone) every row was reported on line 1. */
    @Test
    void regressionLinesEndedByCarriageReturnsAloneAreCountedAsLines() {
        byte[] file = ("name,connectionAllowed,type,deviceAuth,method,serialId,macAddress\r"
                + "pc-1,true,WINDOWS,true,SERIAL_ID,S1,\r\rpc 2,true,WINDOWS,false,,,\r")
                .getBytes(StandardCharsets.UTF_8);
        Fuzz.replay(file, bytes -> {
            DeviceCsv.Parsed parsed = DeviceCsv.read(bytes);
            assertThat(parsed.rows()).extracting(DeviceCsv.Row::line).containsExactly(2, 4);
        });
    }

    /** The property every file must meet: rows whose checks name known messages, or the documented refusal. */
    static void readsOrRefuses(byte[] bytes) {
        DeviceCsv.Parsed parsed;
        try {
            parsed = DeviceCsv.read(bytes);
        } catch (DomainException refused) {
            assertThat(refused.kind()).isEqualTo(DomainException.Kind.INVALID);
            assertKnown("problem." + refused.slug());
            assertThat(refused.fieldErrors()).isNotEmpty();
            refused.fieldErrors().forEach(DeviceCsvFuzzTests::assertKnown);
            return;
        }
        assertThat(parsed.rows()).isNotEmpty();
        for (DeviceCsv.Row row : parsed.rows()) {
            assertThat(row.line()).isGreaterThanOrEqualTo(2);
            row.cellViolations().forEach(DeviceCsvFuzzTests::assertKnown);
            DeviceRules.Checked checked = DeviceRules.check(row.draft());
            checked.violations().forEach(DeviceCsvFuzzTests::assertKnown);
            assertThat(checked.spec().isPresent()).isEqualTo(checked.violations().isEmpty());
        }
    }

    static void assertKnown(FieldError error) {
        assertKnown(error.messageKey());
        assertThat(error.field()).isNotBlank();
        error.args().stream().filter(String.class::isInstance).map(String.class::cast)
                .forEach(shown -> assertThat(shown.length()).as("a value a message repeats").isLessThanOrEqualTo(101));
    }

    /** Found by the fuzzer: a bad cell was repeated whole in its message (80,000 characters in a problem detail). */
    @Test
    void regressionAHugeBadCellIsCutInItsMessage() {
        byte[] file = ("name,connectionAllowed,type,deviceAuth,method,serialId,macAddress\n"
                + "pc-1," + "y".repeat(80_000) + ",WINDOWS,false,,,\n").getBytes(StandardCharsets.UTF_8);
        Fuzz.replay(file, bytes -> assertThat(DeviceCsv.read(bytes).rows().getFirst().cellViolations())
                .singleElement().satisfies(error -> {
                    assertThat(error.code()).isEqualTo("boolean-invalid");
                    assertThat(error.args().get(1)).isEqualTo("y".repeat(100) + "…");
                }));
    }

    static void assertKnown(String key) {
        assertThat(MESSAGES_JA).as("Japanese message").contains(key);
        assertThat(MESSAGES_EN).as("English message").contains(key);
    }

    /** A cell of a hostile file: awkward text, or a value one of the columns takes. */
    static String cell(Random random) {
        return switch (random.nextInt(6)) {
            case 0 -> List.of("true", "false", "有効", "無効", "TRUE", "yes").get(random.nextInt(6));
            case 1 -> List.of("WINDOWS", "mac", "IOS", "android", "linux").get(random.nextInt(5));
            case 2 -> List.of("SERIAL_ID", "MAC_ADDRESS", "serial_id", "none").get(random.nextInt(4));
            default -> CsvFuzz.cell(random);
        };
    }

    /** A row as generated: its line, the draft it must read as, the user it names. */
    record Expected(int line, DeviceDraft draft, String user) {
    }

    record Generated(byte[] bytes, List<Expected> rows) {
        @Override
        public String toString() {
            return Fuzz.describe(bytes);
        }
    }

    /** A device list any admin could write: columns in any order, any case of values, quoting, blank lines. */
    static Generated validList(Random random) {
        boolean withUser = random.nextBoolean();
        List<String> header = new ArrayList<>(DeviceCsv.COLUMNS);
        if (withUser) {
            header.add(DeviceCsv.USER_COLUMN);
        }
        if (random.nextBoolean()) {
            Collections.shuffle(header, random);
        }
        int count = 1 + random.nextInt(random.nextInt(10) == 0 ? 300 : 12);
        Set<String> names = new HashSet<>();
        List<Map<String, String>> cells = new ArrayList<>();
        List<DeviceDraft> drafts = new ArrayList<>();
        List<String> users = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String name;
            do {
                name = name(random);
            } while (!names.add(name.toLowerCase(Locale.ROOT)));
            DeviceType type = DeviceType.values()[random.nextInt(4)];
            boolean allowed = random.nextBoolean();
            boolean deviceAuth = random.nextBoolean();
            String method = null;
            String serial = null;
            String mac = null;
            if (deviceAuth) {
                boolean byMac = (type == DeviceType.WINDOWS || type == DeviceType.MAC) && random.nextBoolean();
                method = byMac ? "MAC_ADDRESS" : random.nextBoolean() ? "SERIAL_ID" : null;
                if (byMac) {
                    mac = mac(random, i);
                } else if (random.nextBoolean()) {
                    serial = "S" + i + "-" + CsvFuzz.word(random) + (random.nextBoolean() ? "=+@!#" : "");
                }
            }
            String user = withUser && random.nextBoolean() ? "user" + random.nextInt(50) : null;
            Map<String, String> row = new LinkedHashMap<>();
            row.put("name", name);
            row.put("connectionAllowed", bool(random, allowed));
            row.put("type", random.nextBoolean() ? type.name() : type.name().toLowerCase(Locale.ROOT));
            row.put("deviceAuth", bool(random, deviceAuth));
            row.put("method", method == null ? "" : method);
            row.put("serialId", serial == null ? "" : serial);
            row.put("macAddress", mac == null ? "" : mac);
            row.put(DeviceCsv.USER_COLUMN, user == null ? "" : user);
            cells.add(row);
            drafts.add(new DeviceDraft(name, allowed, row.get("type"), deviceAuth, method, serial, mac));
            users.add(user);
        }
        List<String> lines = new ArrayList<>();
        lines.add(String.join(",", header));
        for (Map<String, String> row : cells) {
            lines.add(String.join(",", header.stream().map(h -> quote(random, row.get(h))).toList()));
        }
        return written(random, lines, (index, line) -> new Expected(line, drafts.get(index), users.get(index)));
    }

    /** The quick guide's preparation sheet: a user column and device-name columns, some cells empty. */
    static Generated validSheet(Random random) {
        boolean japanese = random.nextBoolean();
        int columns = 1 + random.nextInt(4);
        List<String> header = new ArrayList<>();
        header.add(japanese ? List.of("ユーザ", "ユーザー", "ユーザ名").get(random.nextInt(3)) : "user");
        for (int c = 1; c <= columns; c++) {
            header.add(japanese ? "デバイス名" + "①②③④".charAt(c - 1) : "device" + c);
        }
        int users = 1 + random.nextInt(10);
        Set<String> names = new HashSet<>();
        List<String> lines = new ArrayList<>();
        lines.add(String.join(",", header));
        List<List<String[]>> expectedPerLine = new ArrayList<>();
        for (int u = 0; u < users; u++) {
            String user = "user" + u;
            List<String> row = new ArrayList<>(List.of(user));
            List<String[]> devices = new ArrayList<>();
            for (int c = 0; c < columns; c++) {
                if (c > 0 && random.nextInt(3) == 0) {
                    row.add("");
                    continue;
                }
                String name;
                do {
                    name = List.of("Win-", "mac", "iPhone", "android-", "pc").get(random.nextInt(5)) + name(random);
                    name = name.substring(0, Math.min(name.length(), DeviceRules.MAX_NAME_LENGTH));
                } while (!names.add(name.toLowerCase(Locale.ROOT)));
                row.add(name);
                devices.add(new String[] {name, user});
            }
            lines.add(String.join(",", row.stream().map(cell -> quote(random, cell)).toList()));
            expectedPerLine.add(devices);
        }
        List<Expected> expected = new ArrayList<>();
        Generated text = written(random, lines, (index, line) -> new Expected(line, null, null));
        for (int i = 0; i < expectedPerLine.size(); i++) {
            int line = text.rows().get(i).line();
            for (String[] device : expectedPerLine.get(i)) {
                expected.add(new Expected(line, new DeviceDraft(device[0], true, null, true, null, null, null),
                        device[1]));
            }
        }
        return new Generated(text.bytes(), expected);
    }

    interface RowAt {
        Expected at(int index, int line);
    }

    /** The lines joined by one kind of line end (blank lines now and then), in UTF-8, UTF-8 with BOM or CP932. */
    static Generated written(Random random, List<String> lines, RowAt rows) {
        String end = List.of("\r\n", "\n", "\r").get(random.nextInt(3));
        StringBuilder text = new StringBuilder();
        List<Expected> expected = new ArrayList<>();
        int line = 1;
        for (int i = 0; i < lines.size(); i++) {
            if (i > 0 && random.nextInt(8) == 0) {
                text.append(end);
                line++;
            }
            if (i > 0) {
                expected.add(rows.at(i - 1, line));
            }
            text.append(lines.get(i));
            if (i < lines.size() - 1 || random.nextBoolean()) {
                text.append(end);
            }
            line++;
        }
        byte[] bytes = switch (random.nextInt(3)) {
            case 0 -> text.toString().getBytes(StandardCharsets.UTF_8);
            case 1 -> CsvEncoding.UTF_8.encode(text.toString());
            default -> CsvFuzz.cp932(text.toString());
        };
        if (random.nextInt(3) == 0) {
            byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
            byte[] utf8 = text.toString().getBytes(StandardCharsets.UTF_8);
            bytes = new byte[bom.length + utf8.length];
            System.arraycopy(bom, 0, bytes, 0, bom.length);
            System.arraycopy(utf8, 0, bytes, bom.length, utf8.length);
        }
        return new Generated(bytes, expected);
    }

    static String name(Random random) {
        String chars = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-";
        StringBuilder out = new StringBuilder();
        int length = 1 + random.nextInt(random.nextInt(10) == 0 ? 64 : 12);
        for (int i = 0; i < length; i++) {
            out.append(chars.charAt(random.nextInt(chars.length())));
        }
        return out.toString();
    }

    static String mac(Random random, int index) {
        String separator = random.nextBoolean() ? ":" : "-";
        StringBuilder out = new StringBuilder(String.format("%02x", index % 256));
        out.append(separator).append(String.format("%02x", index / 256));
        for (int i = 0; i < 4; i++) {
            out.append(separator).append(String.format(random.nextBoolean() ? "%02x" : "%02X", random.nextInt(256)));
        }
        return out.toString();
    }

    static String bool(Random random, boolean value) {
        return switch (random.nextInt(3)) {
            case 0 -> value ? "true" : "false";
            case 1 -> value ? "有効" : "無効";
            default -> value ? "TRUE" : "False";
        };
    }

    /** Quoted as RFC 4180 allows, at random; surrounding spaces outside quotes at times (trimmed). */
    static String quote(Random random, String cell) {
        if (random.nextInt(4) == 0) {
            return "\"" + cell.replace("\"", "\"\"") + "\"";
        }
        return random.nextInt(10) == 0 ? " " + cell + " " : cell;
    }

    static Set<String> keys(String... resources) {
        Set<String> keys = new HashSet<>();
        for (String resource : resources) {
            try (InputStream in = DeviceCsvFuzzTests.class.getClassLoader().getResourceAsStream(resource)) {
                Properties properties = new Properties();
                properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
                keys.addAll(properties.stringPropertyNames());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return keys;
    }

    static <T> List<T> concat(List<T> a, List<T> b) {
        List<T> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }
}
