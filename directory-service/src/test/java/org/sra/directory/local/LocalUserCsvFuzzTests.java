package org.sra.directory.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.sra.directory.csv.CsvUpload;
import org.sra.fixtures.fuzz.CsvFuzz;
import org.sra.fixtures.fuzz.Fuzz;
import org.sra.fixtures.fuzz.Mutations;

/**
 * Fuzzes the LOCAL user CSV import's parsing and checks in the JVM ({@link LocalUserCsv#parse} and
 * {@link LocalUserCsv#check}, run before any password is hashed or anything written): any bytes
 * give rows and per-line errors whose messages exist, or the documented refusal of the whole file,
 * never another exception or a hang, and no error carries a password; a valid generated file reads
 * as exactly its users, on their lines.
 */
class LocalUserCsvFuzzTests {

    static final Duration CAP = Duration.ofSeconds(4);
    static final Set<String> JA = CsvFuzz.messageKeys("messages.properties", "sra-kit-messages.properties");
    static final Set<String> EN = CsvFuzz.messageKeys("messages_en.properties", "sra-kit-messages_en.properties");

    @Test
    void anyBytesGiveRowsAndLineErrorsOrTheDocumentedRefusal() {
        List<byte[]> valid = new ArrayList<>();
        Random seeds = new Random(5);
        for (int i = 0; i < 10; i++) {
            valid.add(validFile(seeds).bytes());
        }
        Fuzz.check("local user csv any bytes", 2_000, CAP, random -> switch (random.nextInt(4)) {
            case 0 -> Mutations.randomBytes(random, 2_000);
            case 1 -> CsvFuzz.mutated(random, valid.get(random.nextInt(valid.size())), valid);
            default -> CsvFuzz.encode(random, CsvFuzz.file(random,
                    List.of(LocalUserCsv.HEADER, LocalUserCsv.EXPORT_HEADER), 40, LocalUserCsvFuzzTests::cell));
        }, bytes -> {
            LocalUserCsv.Parsed parsed;
            try {
                parsed = LocalUserCsv.parse(bytes);
            } catch (CsvUpload.FileProblem refused) {
                assertKnown("problem." + refused.slug);
                return;
            }
            for (CsvUpload.RowError error : parsed.errors()) {
                assertThat(error.line()).isGreaterThanOrEqualTo(2);
                assertKnown("csv.reason." + error.reason());
            }
            Set<String> existing = new HashSet<>();
            for (LocalUserCsv.Row row : parsed.rows()) {
                assertThat(row.line()).isGreaterThanOrEqualTo(2);
                assertThat(LocalUserCsv.NAME.matcher(row.userName()).matches()).isTrue();
                if (row.password() != null) {
                    assertThat(row.toString()).as("a row as logged").doesNotContain(row.password());
                }
                if (row.userName().hashCode() % 2 == 0) {
                    existing.add(LocalUser.key(row.userName()));
                }
            }
            LocalUserCsv.Checked checked = LocalUserCsv.check(parsed, existing);
            assertThat(checked.errors()).isSortedAccordingTo(Comparator.comparingInt(CsvUpload.RowError::line));
            checked.errors().forEach(e -> assertKnown("csv.reason." + e.reason()));
        });
    }

    @Test
    void aValidFileReadsAsExactlyItsUsersOnTheirLines() {
        Fuzz.check("local user csv valid", 1_000, CAP, LocalUserCsvFuzzTests::validFile, file -> {
            LocalUserCsv.Parsed parsed = LocalUserCsv.parse(file.bytes());
            assertThat(parsed.errors()).isEmpty();
            assertThat(parsed.rows()).hasSameSizeAs(file.rows());
            for (int i = 0; i < parsed.rows().size(); i++) {
                LocalUserCsv.Row row = parsed.rows().get(i);
                LocalUserCsv.Row expected = file.rows().get(i);
                assertThat(row.line()).isEqualTo(expected.line());
                assertThat(row.userName()).isEqualTo(expected.userName());
                assertThat(row.displayName()).isEqualTo(expected.displayName());
                assertThat(row.mail()).isEqualTo(expected.mail());
                assertThat(row.password()).isEqualTo(expected.password());
            }
            assertThat(LocalUserCsv.check(parsed, Set.of()).errors()).isEmpty();
        });
    }

    static void assertKnown(String key) {
        assertThat(JA).as("Japanese message").contains(key);
        assertThat(EN).as("English message").contains(key);
    }

    static String cell(Random random) {
        return switch (random.nextInt(5)) {
            case 0 -> "Passw0rd-" + CsvFuzz.word(random);
            case 1 -> CsvFuzz.word(random) + "@example.com";
            default -> CsvFuzz.cell(random);
        };
    }

    record Generated(byte[] bytes, List<LocalUserCsv.Row> rows) {
        @Override
        public String toString() {
            return Fuzz.describe(bytes);
        }
    }

    /** The template's header (with passwords), then unique users with display names, mail or none, strong passwords. */
    static Generated validFile(Random random) {
        List<String> lines = new ArrayList<>();
        lines.add(String.join(",", LocalUserCsv.HEADER));
        int count = 1 + random.nextInt(random.nextInt(10) == 0 ? 200 : 15);
        Set<String> keys = new HashSet<>();
        List<String[]> users = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String name;
            do {
                name = "u" + CsvFuzz.word(random) + (random.nextBoolean() ? "." + CsvFuzz.word(random) : "")
                        + (random.nextInt(4) == 0 ? "@local" : "");
            } while (!keys.add(name.toLowerCase(Locale.ROOT)));
            String display = List.of("山田 太郎", "Taro \"T\" Yamada, Jr.", "", "ﾔﾏﾀﾞ", "=not a formula",
                    CsvFuzz.word(random)).get(random.nextInt(6));
            String mail = random.nextBoolean() ? "" : CsvFuzz.word(random) + "@example.co.jp";
            // 9 characters or more, letters and digits, no "u" (so never the user name), at most 72 UTF-8 bytes
            String password = "Pw9" + (random.nextBoolean() ? "-パスワード," : "\"#") + (100_000 + random.nextInt(900_000));
            users.add(new String[] {name, display, mail, password});
            lines.add(String.join(",", List.of(name, display, mail, password).stream()
                    .map(c -> c.contains(",") || c.contains("\"") || random.nextInt(4) == 0
                            ? "\"" + c.replace("\"", "\"\"") + "\"" : c).toList()));
        }
        String end = List.of("\r\n", "\n", "\r").get(random.nextInt(3));
        StringBuilder text = new StringBuilder();
        List<LocalUserCsv.Row> rows = new ArrayList<>();
        int line = 1;
        for (int i = 0; i < lines.size(); i++) {
            if (i > 0 && random.nextInt(8) == 0) {
                text.append(end);
                line++;
            }
            if (i > 0) {
                String[] u = users.get(i - 1);
                rows.add(new LocalUserCsv.Row(line, u[0], u[1], u[2].isEmpty() ? null : u[2], u[3]));
            }
            text.append(lines.get(i));
            if (i < lines.size() - 1 || random.nextBoolean()) {
                text.append(end);
            }
            line++;
        }
        byte[] bytes = switch (random.nextInt(3)) {
            case 0 -> text.toString().getBytes(StandardCharsets.UTF_8);
            case 1 -> ("\uFEFF" + text).getBytes(StandardCharsets.UTF_8);
            default -> CsvFuzz.cp932(text.toString());
        };
        return new Generated(bytes, rows);
    }
}
