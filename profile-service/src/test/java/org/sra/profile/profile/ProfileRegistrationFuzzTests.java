package org.sra.profile.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.sra.fixtures.fuzz.CsvFuzz;
import org.sra.fixtures.fuzz.Fuzz;
import org.sra.fixtures.fuzz.Mutations;
import org.sra.kit.error.DomainException;
import org.sra.kit.error.FieldError;

/**
 * Fuzzes the profile registration CSV (ユーザプロフィール一括登録) in the JVM: the real
 * {@link ProfileRegistrations#register} as a dry run, over a tenant of 40 profiles (the catalog's
 * list is the only stand-in; a dry run writes nothing). Any bytes give a report or the documented
 * refusal (a {@link DomainException} of kind INVALID whose problem and per-line messages exist in
 * both bundles), never another exception or a hang; a valid generated file reports exactly its
 * rows, on the lines they were written on.
 */
class ProfileRegistrationFuzzTests {

    static final Duration CAP = Duration.ofSeconds(4);
    static final Set<String> JA = CsvFuzz.messageKeys("messages.properties", "sra-kit-messages.properties");
    static final Set<String> EN = CsvFuzz.messageKeys("messages_en.properties", "sra-kit-messages_en.properties");
    static final List<List<String>> HEADERS = List.of(
            List.of(ProfileRegistrations.PROFILE, ProfileRegistrations.MAIL, ProfileRegistrations.CONNECTION),
            List.of("profile", "mail", "connection"), List.of("ユーザプロファイルID", "メールアドレス"),
            List.of("profileId", "connectionAllowed"));

    final List<ProfileCatalog.Listed> listed = profiles();
    final ProfileRegistrations registrations = new ProfileRegistrations(null, new ProfileCatalog(null, null) {
        @Override
        public List<Listed> listed(String tenantId) {
            return listed;
        }
    }, Clock.systemUTC());

    static List<ProfileCatalog.Listed> profiles() {
        List<ProfileCatalog.Listed> out = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            Profile profile = Profile.create("p" + i, "t1", "u" + i, i % 5 == 0 ? "鈴木" + i : "user" + i, "dev" + i,
                    false, false, Instant.parse("2026-01-01T00:00:00Z"));
            out.add(new ProfileCatalog.Listed(profile, null));
        }
        return out;
    }

    @Test
    void anyBytesGiveAReportOrTheDocumentedRefusal() {
        List<byte[]> valid = new ArrayList<>();
        Random seeds = new Random(11);
        for (int i = 0; i < 10; i++) {
            valid.add(validFile(seeds).bytes());
        }
        Fuzz.check("profile registration csv any bytes", 2_000, CAP, random -> switch (random.nextInt(4)) {
            case 0 -> Mutations.randomBytes(random, 2_000);
            case 1 -> CsvFuzz.mutated(random, valid.get(random.nextInt(valid.size())), valid);
            default -> CsvFuzz.encode(random, CsvFuzz.file(random, HEADERS, 40, this::cell));
        }, bytes -> {
            try {
                ProfileRegistrations.Report report = registrations.register("t1", bytes, true);
                assertThat(report.rows()).isNotEmpty();
                report.rows().forEach(row -> assertThat(row.line()).isGreaterThanOrEqualTo(2));
            } catch (DomainException refused) {
                assertThat(refused.kind()).isEqualTo(DomainException.Kind.INVALID);
                assertKnown("problem." + refused.slug());
                for (FieldError error : refused.fieldErrors()) {
                    assertKnown(error.messageKey());
                    assertThat(error.line()).isGreaterThanOrEqualTo(2);
                    error.args().stream().filter(String.class::isInstance).map(String.class::cast)
                            .forEach(shown -> assertThat(shown.length()).as("a value a message repeats")
                                    .isLessThanOrEqualTo(101));
                }
            }
        });
    }

    @Test
    void aValidFileReportsExactlyItsRowsOnTheirLines() {
        Fuzz.check("profile registration csv valid", 1_000, CAP, ProfileRegistrationFuzzTests::validFile, file -> {
            ProfileRegistrations.Report report = registrations.register("t1", file.bytes(), true);
            assertThat(report.dryRun()).isTrue();
            assertThat(report.rows()).extracting(ProfileRegistrations.Row::line).containsExactlyElementsOf(file.lines());
            assertThat(report.rows()).extracting(ProfileRegistrations.Row::profileId)
                    .containsExactlyElementsOf(file.profileIds());
            assertThat(report.rows()).extracting(ProfileRegistrations.Row::mail).containsExactlyElementsOf(file.mails());
        });
    }

    /** Found by the fuzzer: an unterminated quote made Commons CSV throw UncheckedIOException, which escaped as a 500. */
    @Test
    void regressionAnUnterminatedQuoteIsTheUnreadableProblem() {
        byte[] file = "ユーザプロフィールID,メールアドレス\nuser1:dev1,\"a@example.com\n".getBytes(StandardCharsets.UTF_8);
        Fuzz.replay(file, bytes -> {
            try {
                registrations.register("t1", bytes, true);
                throw new AssertionError("accepted");
            } catch (DomainException refused) {
                assertThat(refused.slug()).isEqualTo("registration-unreadable");
            }
        });
    }

    /** Found by the fuzzer: the report counted records, not lines, so blank lines shifted every later line number. */
    @Test
    void regressionLineNumbersCountBlankLinesAndLineBreaksInsideCells() {
        byte[] file = ("profile,mail\r\n\r\nuser1:dev1,a@example.com\r\n\"nobody\r\n\",\r\nuser3:dev3,not-a-mail\r\n")
                .getBytes(StandardCharsets.UTF_8);
        Fuzz.replay(file, bytes -> {
            try {
                registrations.register("t1", bytes, true);
                throw new AssertionError("accepted");
            } catch (DomainException refused) {
                // a blank line 2; line 4 names no profile (with a line break inside its cell); line 6 a bad address
                assertThat(refused.fieldErrors()).extracting(FieldError::line).containsExactly(4, 6);
            }
        });
    }

    /** Found by the fuzzer: a bad address cell was repeated whole in its message (a 70,000-character problem detail). */
    @Test
    void regressionAHugeBadCellIsCutInItsMessage() {
        byte[] file = ("profile,mail\nuser1:dev1," + "m".repeat(70_000) + "\n").getBytes(StandardCharsets.UTF_8);
        Fuzz.replay(file, bytes -> {
            try {
                registrations.register("t1", bytes, true);
                throw new AssertionError("accepted");
            } catch (DomainException refused) {
                assertThat(refused.fieldErrors()).singleElement()
                        .satisfies(error -> assertThat(error.args()).containsExactly("m".repeat(100) + "…"));
            }
        });
    }

    void assertKnown(String key) {
        assertThat(JA).as("Japanese message").contains(key);
        assertThat(EN).as("English message").contains(key);
    }

    String cell(Random random) {
        return switch (random.nextInt(6)) {
            case 0 -> listed.get(random.nextInt(listed.size())).name();
            case 1 -> List.of("有効", "無効", "on", "0", "-", "TRUE").get(random.nextInt(6));
            case 2 -> CsvFuzz.word(random) + "@example.com";
            default -> CsvFuzz.cell(random);
        };
    }

    record Generated(byte[] bytes, List<Integer> lines, List<String> profileIds, List<String> mails) {
        @Override
        public String toString() {
            return Fuzz.describe(bytes);
        }
    }

    /** Some of the tenant's profiles, each once, by the list's name or the profile id, with mail and switch. */
    static Generated validFile(Random random) {
        List<ProfileCatalog.Listed> all = new ArrayList<>(profiles());
        Collections.shuffle(all, random);
        int count = 1 + random.nextInt(all.size());
        List<String> header = new ArrayList<>(HEADERS.get(random.nextInt(2)));
        if (random.nextBoolean()) {
            Collections.shuffle(header, random);
        }
        List<String> lines = new ArrayList<>();
        lines.add(String.join(",", header));
        List<String> ids = new ArrayList<>();
        List<String> mails = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Profile profile = all.get(i).profile();
            String name = random.nextBoolean() ? all.get(i).name() : profile.profileId();
            String mail = switch (random.nextInt(3)) {
                case 0 -> "";
                case 1 -> "-";
                default -> "u" + i + "." + CsvFuzz.word(random) + "@example.co.jp";
            };
            String connection = List.of("", "有効", "無効", "true", "off", "1").get(random.nextInt(6));
            ids.add(profile.profileId());
            mails.add(mail.isEmpty() ? profile.mail() : "-".equals(mail) ? null : mail);
            List<String> row = new ArrayList<>();
            for (String column : header) {
                String value = isProfile(column) ? name : isMail(column) ? mail : connection;
                row.add(random.nextInt(4) == 0 ? "\"" + value + "\"" : value);
            }
            lines.add(String.join(",", row));
        }
        String end = List.of("\r\n", "\n", "\r").get(random.nextInt(3));
        StringBuilder text = new StringBuilder();
        List<Integer> lineNumbers = new ArrayList<>();
        int line = 1;
        for (int i = 0; i < lines.size(); i++) {
            if (i > 0 && random.nextInt(8) == 0) {
                text.append(end);
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
        return new Generated(bytes, lineNumbers, ids, mails);
    }

    static boolean isProfile(String column) {
        return column.equals(ProfileRegistrations.PROFILE) || column.equals("profile");
    }

    static boolean isMail(String column) {
        return column.equals(ProfileRegistrations.MAIL) || column.equals("mail");
    }
}
