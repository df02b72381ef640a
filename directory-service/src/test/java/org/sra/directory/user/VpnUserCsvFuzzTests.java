package org.sra.directory.user;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.sra.directory.csv.CsvUpload;
import org.sra.fixtures.fuzz.CsvFuzz;
import org.sra.fixtures.fuzz.Fuzz;
import org.sra.fixtures.fuzz.Mutations;

/**
 * Fuzzes the VPN user CSV import's parsing and checks in the JVM ({@link UserCsv#parse} and
 * {@link UserCsv#check}, what the dry run and the commit run before anything is written): any
 * bytes give rows and per-line errors whose messages exist, or the documented refusal of the whole
 * file ({@link CsvUpload.FileProblem} with a known problem), never another exception or a hang; a
 * valid generated file reads as exactly its users, on their lines.
 */
class VpnUserCsvFuzzTests {

    static final Duration CAP = Duration.ofSeconds(4);
    static final Set<String> JA = CsvFuzz.messageKeys("messages.properties", "sra-kit-messages.properties");
    static final Set<String> EN = CsvFuzz.messageKeys("messages_en.properties", "sra-kit-messages_en.properties");

    @Test
    void anyBytesGiveRowsAndLineErrorsOrTheDocumentedRefusal() {
        List<byte[]> valid = new ArrayList<>();
        Random seeds = new Random(3);
        for (int i = 0; i < 10; i++) {
            valid.add(validFile(seeds).bytes());
        }
        Fuzz.check("vpn user csv any bytes", 2_000, CAP, random -> switch (random.nextInt(4)) {
            case 0 -> Mutations.randomBytes(random, 2_000);
            case 1 -> CsvFuzz.mutated(random, valid.get(random.nextInt(valid.size())), valid);
            default -> CsvFuzz.encode(random, CsvFuzz.file(random,
                    List.of(List.of(UserCsv.HEADER), UserCsv.EXPORT_HEADER), 40, CsvFuzz::cell));
        }, bytes -> {
            UserCsv.Parsed parsed;
            try {
                parsed = UserCsv.parse(bytes);
            } catch (CsvUpload.FileProblem refused) {
                assertKnown("problem." + refused.slug);
                return;
            }
            for (CsvUpload.RowError error : parsed.errors()) {
                assertThat(error.line()).isGreaterThanOrEqualTo(2);
                assertKnown("csv.reason." + error.reason());
                assertThat(error.userName().length()).as("a value as a report shows it").isLessThanOrEqualTo(101);
                assertThat(error.userName()).doesNotContainPattern("\\p{Cntrl}");
            }
            Set<String> existing = new HashSet<>();
            Map<String, DirectoryUser> directory = new HashMap<>();
            for (UserCsv.Row row : parsed.rows()) {
                assertThat(row.line()).isGreaterThanOrEqualTo(2);
                assertThat(UserCsv.validName(row.userName())).isTrue();
                int pick = Math.floorMod(row.userName().hashCode(), 3);
                if (pick == 0) {
                    existing.add(VpnUser.key(row.userName()));
                } else if (pick == 1) {
                    directory.put(VpnUser.key(row.userName()), new DirectoryUser(row.userName(), "", "", "", true, null));
                }
            }
            UserCsv.Checked checked = UserCsv.check(parsed, existing, directory);
            assertThat(checked.errors()).isSortedAccordingTo(Comparator.comparingInt(CsvUpload.RowError::line));
            checked.errors().forEach(e -> assertKnown("csv.reason." + e.reason()));
            assertThat(checked.errors().size() + checked.unchanged().size()).isLessThanOrEqualTo(parsed.size());
        });
    }

    @Test
    void aValidFileReadsAsExactlyItsUsersOnTheirLines() {
        Fuzz.check("vpn user csv valid", 1_000, CAP, VpnUserCsvFuzzTests::validFile, file -> {
            UserCsv.Parsed parsed = UserCsv.parse(file.bytes());
            assertThat(parsed.errors()).isEmpty();
            assertThat(parsed.rows()).extracting(UserCsv.Row::userName).containsExactlyElementsOf(file.names());
            assertThat(parsed.rows()).extracting(UserCsv.Row::line).containsExactlyElementsOf(file.lines());
            Map<String, DirectoryUser> directory = new HashMap<>();
            file.names().forEach(n -> directory.put(VpnUser.key(n), new DirectoryUser(n, n, "", n, true, null)));
            assertThat(UserCsv.check(parsed, Set.of(), directory).errors()).isEmpty();
        });
    }

    /** Found by the fuzzer: a row with too many columns echoed its user name cell unclipped (70,000 characters, control characters) into the report. */
    @Test
    void regressionTheUserNameOfARowWithTooManyColumnsIsClipped() {
        byte[] file = ("userName\n" + "k".repeat(5_000) + "\u0007,extra\n").getBytes(StandardCharsets.UTF_8);
        Fuzz.replay(file, bytes -> {
            UserCsv.Parsed parsed = UserCsv.parse(bytes);
            assertThat(parsed.errors()).singleElement().satisfies(error -> {
                assertThat(error.reason()).isEqualTo("too-many-columns");
                assertThat(error.userName()).hasSize(101).startsWith("kkk").endsWith("…");
            });
        });
    }

    static void assertKnown(String key) {
        assertThat(JA).as("Japanese message").contains(key);
        assertThat(EN).as("English message").contains(key);
    }

    record Generated(byte[] bytes, List<String> names, List<Integer> lines) {
        @Override
        public String toString() {
            return Fuzz.describe(bytes);
        }
    }

    /** The template's or the export's header, then unique user names as a directory has them. */
    static Generated validFile(Random random) {
        boolean export = random.nextBoolean();
        List<String> lines = new ArrayList<>();
        lines.add(String.join(",", export ? UserCsv.EXPORT_HEADER : List.of(UserCsv.HEADER)));
        int count = 1 + random.nextInt(random.nextInt(10) == 0 ? 500 : 15);
        Set<String> keys = new HashSet<>();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String name;
            do {
                name = userName(random);
            } while (!keys.add(name.toLowerCase(Locale.ROOT)));
            names.add(name);
            String cell = name.contains(",") || name.contains("\"") || random.nextInt(4) == 0
                    ? "\"" + name.replace("\"", "\"\"") + "\"" : name;
            lines.add(export ? cell + ",表示名 " + i + ",u" + i + "@example.com,AD,2026-01-01T00:00:00Z,true" : cell);
        }
        String end = List.of("\r\n", "\n", "\r").get(random.nextInt(3));
        StringBuilder text = new StringBuilder();
        List<Integer> lineNumbers = new ArrayList<>();
        int line = 1;
        for (int i = 0; i < lines.size(); i++) {
            if (i > 0 && random.nextInt(8) == 0) {
                text.append(end); // a blank line
                line++;
            }
            if (i > 0) {
                lineNumbers.add(line);
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
        return new Generated(bytes, names, lineNumbers);
    }

    /** sAMAccountName-like, UPN or DOMAIN\\user, Japanese at times; never blank, no control characters. */
    static String userName(Random random) {
        String base = CsvFuzz.word(random);
        return switch (random.nextInt(6)) {
            case 0 -> base + "@corp.example.com";
            case 1 -> "CORP\\" + base;
            case 2 -> "鈴木" + base;
            case 3 -> base + "." + CsvFuzz.word(random);
            case 4 -> "o'" + base + " \"x\", jr";
            default -> base;
        };
    }
}
