package org.sra.profile.profile;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.sra.kit.csv.CsvEncoding;
import org.sra.kit.error.DomainException;
import org.sra.kit.error.DomainException.Kind;
import org.sra.kit.error.FieldError;
import org.sra.kit.web.PlainText;

/**
 * ユーザプロフィール一括登録: one CSV file sets, for many profiles at once, the mail address their
 * download notice goes to and the connection switch. A row names the profile as the list shows it
 * ({@code user:device}); an empty cell leaves that value as it is, {@code -} in the address column
 * removes the registered address (sends then go to the user's directory address again).
 *
 * <p>Read in UTF-8 (with or without BOM) or CP932, detected ({@link CsvEncoding}); every row is
 * checked before anything is written, so a file with one bad row changes nothing; a dry run answers
 * per row what would change. The export writes the same columns, so it re-imports unchanged.
 */
@Service
public class ProfileRegistrations {

    private static final Logger log = LoggerFactory.getLogger(ProfileRegistrations.class);

    /** Most rows in one file. */
    public static final int MAX_ROWS = 5_000;

    static final String PROFILE = "ユーザプロフィールID";
    static final String MAIL = "メールアドレス";
    static final String CONNECTION = "接続許可";
    static final String ENABLED = "有効";
    static final String DISABLED = "無効";
    static final String CLEAR = "-";

    private static final Map<String, String> HEADERS = Map.ofEntries(
            Map.entry(key(PROFILE), PROFILE), Map.entry(key("ユーザプロファイルID"), PROFILE),
            Map.entry(key("profile"), PROFILE), Map.entry(key("profileId"), PROFILE), Map.entry(key("profile id"), PROFILE),
            Map.entry(key(MAIL), MAIL), Map.entry(key("mail"), MAIL), Map.entry(key("email"), MAIL),
            Map.entry(key("mail address"), MAIL),
            Map.entry(key(CONNECTION), CONNECTION), Map.entry(key("connection"), CONNECTION),
            Map.entry(key("connectionAllowed"), CONNECTION));

    /** What the send validation accepts as an address, without the bean-validation machinery. */
    private static final Pattern ADDRESS = Pattern.compile("[^@\\s\"<>,;]+@[^@\\s\"<>,;]+\\.[^@\\s\"<>,;]+");

    private final Profiles profiles;
    private final ProfileCatalog catalog;
    private final Clock clock;

    ProfileRegistrations(Profiles profiles, ProfileCatalog catalog, Clock clock) {
        this.profiles = profiles;
        this.catalog = catalog;
        this.clock = clock;
    }

    /** What a row did (or would do). */
    public enum Outcome { CHANGED, UNCHANGED }

    /**
     * One row's result.
     *
     * @param mail              the registered address after the row ({@code null}: none)
     * @param mailChanged       the row changes the address
     * @param connectionChanged the row changes the switch
     */
    public record Row(int line, String profileId, String name, Outcome outcome, @Nullable String mail,
                      boolean connectionAllowed, boolean mailChanged, boolean connectionChanged) {
    }

    /** The whole file's result; {@code encoding} is the label of the encoding it was read in. */
    public record Report(boolean dryRun, String encoding, int changed, int unchanged, List<Row> rows) {
    }

    public Report register(String tenantId, byte[] file, boolean dryRun) {
        CsvEncoding.Decoded decoded = CsvEncoding.decode(file)
                .orElseThrow(() -> DomainException.invalid("registration-encoding"));
        Map<String, Object> properties = Map.of("encoding", decoded.encoding().label());
        List<CSVRecord> records = parse(decoded.text(), properties);
        int[] lineStarts = lineStarts(decoded.text());
        Map<String, ProfileCatalog.Listed> byName = new HashMap<>();
        Map<String, ProfileCatalog.Listed> byId = new HashMap<>();
        for (ProfileCatalog.Listed listed : catalog.listed(tenantId)) {
            byName.put(key(listed.name()), listed);
            byId.put(listed.profile().profileId(), listed);
        }
        List<FieldError> errors = new ArrayList<>();
        List<Planned> planned = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (CSVRecord record : records) {
            int line = lineOf(decoded.text(), lineStarts, record.getCharacterPosition());
            String name = cell(record, PROFILE);
            String mailCell = cell(record, MAIL);
            String connectionCell = cell(record, CONNECTION);
            if (name.isEmpty() && mailCell.isEmpty() && connectionCell.isEmpty()) {
                continue; // Excel leaves empty rows at the end
            }
            List<FieldError> rowErrors = new ArrayList<>();
            ProfileCatalog.Listed listed = null;
            if (name.isEmpty()) {
                rowErrors.add(error("profile", "profile-required"));
            } else {
                listed = byName.getOrDefault(key(name), byId.get(name));
                if (listed == null) {
                    rowErrors.add(error("profile", "profile-unknown", name));
                } else if (!seen.add(listed.profile().profileId())) {
                    rowErrors.add(error("profile", "profile-duplicate", name));
                }
            }
            String mail = null;
            boolean mailGiven = !mailCell.isEmpty();
            if (mailGiven && !CLEAR.equals(mailCell)) {
                if (mailCell.length() > 254 || !ADDRESS.matcher(mailCell).matches()) {
                    rowErrors.add(error("mail", "mail-invalid", mailCell));
                } else {
                    mail = mailCell;
                }
            }
            Boolean connection = null;
            if (!connectionCell.isEmpty()) {
                connection = switch (connectionCell.toLowerCase(Locale.ROOT)) {
                    case ENABLED, "true", "enabled", "on", "1" -> true;
                    case DISABLED, "false", "disabled", "off", "0" -> false;
                    default -> null;
                };
                if (connection == null) {
                    rowErrors.add(error("connectionAllowed", "connection-invalid", connectionCell));
                }
            }
            if (!rowErrors.isEmpty()) {
                rowErrors.forEach(e -> errors.add(e.atLine(line)));
            } else {
                planned.add(new Planned(line, listed, mailGiven, mail, connection));
            }
        }
        if (!errors.isEmpty()) {
            throw new DomainException(Kind.INVALID, "registration-rows", properties, errors, errors.size());
        }
        if (planned.isEmpty()) {
            throw new DomainException(Kind.INVALID, "registration-empty", properties, List.of());
        }
        Instant now = clock.instant();
        List<Row> rows = new ArrayList<>();
        int changed = 0;
        for (Planned plan : planned) {
            Profile profile = plan.listed().profile();
            boolean mailChanged = plan.mailGiven() && !Objects.equals(profile.mail(), plan.mail());
            boolean connectionChanged = plan.connection() != null && plan.connection() != profile.connectionAllowed();
            if (!dryRun && (mailChanged || connectionChanged)) {
                if (mailChanged) {
                    profile.registerMail(plan.mail(), now);
                }
                if (connectionChanged) {
                    profile.changeConnection(plan.connection(), now);
                }
                profiles.save(profile);
            }
            boolean rowChanged = mailChanged || connectionChanged;
            changed += rowChanged ? 1 : 0;
            rows.add(new Row(plan.line(), profile.profileId(), plan.listed().name(),
                    rowChanged ? Outcome.CHANGED : Outcome.UNCHANGED,
                    plan.mailGiven() ? plan.mail() : profile.mail(),
                    plan.connection() != null ? plan.connection() : profile.connectionAllowed(),
                    mailChanged, connectionChanged));
        }
        if (!dryRun) {
            log.info("Profile registration of {} rows: {} changed ({})", rows.size(), changed,
                    decoded.encoding().label());
        }
        return new Report(dryRun, decoded.encoding().label(), changed, rows.size() - changed, rows);
    }

    /** The tenant's profiles in the import's columns, in the list's order by name. */
    public byte[] export(String tenantId, CsvEncoding encoding) {
        StringWriter out = new StringWriter();
        try (CSVPrinter printer = new CSVPrinter(out, CSVFormat.DEFAULT.builder().setRecordSeparator("\r\n").get())) {
            printer.printRecord(PROFILE, MAIL, CONNECTION);
            List<ProfileCatalog.Listed> all = new ArrayList<>(catalog.listed(tenantId));
            all.sort(ProfileCatalog.Filter.of(null, null, null, null, null).order());
            for (ProfileCatalog.Listed listed : all) {
                Profile profile = listed.profile();
                printer.printRecord(listed.name(), profile.mail() == null ? "" : profile.mail(),
                        profile.connectionAllowed() ? ENABLED : DISABLED);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return encoding.encode(out.toString());
    }

    private record Planned(int line, ProfileCatalog.Listed listed, boolean mailGiven, @Nullable String mail,
                           @Nullable Boolean connection) {
    }

    private static List<CSVRecord> parse(String text, Map<String, Object> properties) {
        try (CSVParser parser = CSVParser.builder().setReader(new StringReader(text))
                .setFormat(CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setTrim(true)
                        .setIgnoreEmptyLines(true).setAllowMissingColumnNames(true).get()).get()) {
            Set<String> known = new HashSet<>();
            for (String header : parser.getHeaderNames()) {
                String column = HEADERS.get(key(header));
                if (column != null) {
                    known.add(column);
                }
            }
            if (!known.contains(PROFILE) || known.size() < 2) {
                throw new DomainException(Kind.INVALID, "registration-header", properties, List.of(),
                        PROFILE, MAIL, CONNECTION);
            }
            List<CSVRecord> records = new ArrayList<>();
            for (CSVRecord record : parser) {
                records.add(record);
                if (records.size() > MAX_ROWS) {
                    throw new DomainException(Kind.INVALID, "registration-too-many", properties, List.of(), MAX_ROWS);
                }
            }
            return records;
        } catch (IOException | UncheckedIOException | IllegalArgumentException | IllegalStateException e) {
            // an unterminated quote surfaces from the record iterator as UncheckedIOException
            throw new DomainException(Kind.INVALID, "registration-unreadable", properties, List.of());
        }
    }

    /** Where each line of the text starts; a line ends with CR LF, LF or a CR alone, as the parser reads them. */
    private static int[] lineStarts(String text) {
        List<Integer> starts = new ArrayList<>(List.of(0));
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n' || c == '\r' && (i + 1 == text.length() || text.charAt(i + 1) != '\n')) {
                starts.add(i + 1);
            }
        }
        return starts.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * The line (from 1, the header's) a record starts on, as an editor or a spreadsheet counts it:
     * blank lines and line breaks inside quoted cells count. A record's position includes the blank
     * lines skipped before it, so its line is the first non-blank one from there.
     */
    private static int lineOf(String text, int[] lineStarts, long recordPosition) {
        int offset = (int) recordPosition;
        while (offset < text.length() && (text.charAt(offset) == '\n' || text.charAt(offset) == '\r')) {
            offset++;
        }
        int index = Arrays.binarySearch(lineStarts, offset);
        return (index >= 0 ? index : -index - 2) + 1;
    }

    /** The cell of a column whichever of its header names the file used; empty when absent. */
    private static String cell(CSVRecord record, String column) {
        for (Map.Entry<String, Integer> header : record.getParser().getHeaderMap().entrySet()) {
            if (column.equals(HEADERS.get(key(header.getKey()))) && header.getValue() < record.size()) {
                return record.get(header.getValue()).strip();
            }
        }
        return "";
    }

    private static FieldError error(String field, String code, Object... args) {
        Object[] shown = args.clone();
        for (int i = 0; i < shown.length; i++) {
            // a cell may hold tens of thousands of characters, control characters too
            if (shown[i] instanceof String text) {
                shown[i] = PlainText.echo(text);
            }
        }
        return FieldError.of(field, code, "field.registration." + code, shown);
    }

    private static String key(String text) {
        return text.strip().toLowerCase(Locale.ROOT);
    }
}
