package org.sra.directory.local;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.MessageSource;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.stereotype.Service;
import org.sra.directory.audit.CsvCells;
import org.sra.directory.csv.CsvTimes;
import org.sra.directory.csv.CsvUpload;
import org.sra.directory.csv.ImportReport;
import org.sra.directory.tenant.TenantProvisioning;
import org.sra.directory.user.DirectoryUser;
import org.sra.directory.user.LocalUserSource;
import org.sra.events.secrets.SealContext;
import org.sra.kit.error.DomainException;
import org.sra.kit.secrets.SecretSealer;
import org.sra.kit.web.PlainText;

/**
 * The built-in directory (LOCAL): create users with a password (by hand or by CSV), reset it,
 * remove them, verify a password. Each password set reaches auth-service as
 * {@code LocalPasswordSet} with the bcrypt hash sealed (context {@code local-password:<tenantId>}). Passwords: 8 to 72 UTF-8 bytes (what bcrypt reads), at least one letter and one
 * digit, not containing the user name.
 */
@Service
public class LocalDirectory implements LocalUserSource {

    private static final Logger log = LoggerFactory.getLogger(LocalDirectory.class);
    private static final Pattern NAME = LocalUserCsv.NAME;
    private static final Pattern MAIL = LocalUserCsv.MAIL;

    private final LocalUsers users;
    private final TenantProvisioning tenants;
    private final BCryptPasswordEncoder encoder;
    private final String unknownUserHash;
    private final Clock clock;
    private final SecretSealer sealer;
    private final MessageSource messages;

    LocalDirectory(LocalUsers users, TenantProvisioning tenants, Clock clock, SecretSealer sealer,
                   MessageSource messages, @Value("${sra.accounts.bcrypt-cost:12}") int bcryptCost) {
        this.users = users;
        this.tenants = tenants;
        this.clock = clock;
        this.sealer = sealer;
        this.messages = messages;
        this.encoder = new BCryptPasswordEncoder(bcryptCost);
        this.unknownUserHash = encoder.encode("no user has this password " + UUID.randomUUID());
    }

    public LocalUser create(String tenantId, String userName, String displayName, String mail, String password) {
        tenants.get(tenantId);
        String name = userName == null ? "" : userName.strip();
        if (!NAME.matcher(name).matches()) {
            throw new DomainException(DomainException.Kind.INVALID, "local-user-name-invalid", Map.of("field", "userName"),
                    clip(name));
        }
        String address = mail == null || mail.isBlank() ? null : mail.strip();
        if (address != null && !MAIL.matcher(address).matches()) {
            throw new DomainException(DomainException.Kind.INVALID, "local-user-mail-invalid", Map.of("field", "mail"),
                    clip(address));
        }
        checkPassword(name, password);
        if (users.findByTenantIdAndUserKeyAndDeletedFalse(tenantId, LocalUser.key(name)).isPresent()) {
            throw new DomainException(DomainException.Kind.CONFLICT, "local-user-name-taken", Map.of("field", "userName"), name);
        }
        String hash = encoder.encode(password);
        LocalUser user = users.insert(LocalUser.create(UUID.randomUUID().toString(), tenantId, name, displayName,
                address, hash, seal(tenantId, hash), clock.instant()));
        log.info("Created LOCAL user {} ({}) for tenant {}", user.id(), name, tenantId);
        return user;
    }

    public List<LocalUser> list(String tenantId) {
        tenants.get(tenantId);
        return users.findAllOf(tenantId);
    }

    /** A page of the LOCAL users with the total of all that match. */
    public record Page(List<LocalUser> items, int page, int size, long total) {
    }

    /** The orders the list can be sorted in, by the name the API takes. */
    static final Map<String, Comparator<LocalUser>> SORTS = Map.of(
            "userName", Comparator.comparing(u -> LocalUser.key(u.userName())),
            "displayName", Comparator.comparing(u -> u.displayName() == null ? "" : u.displayName().toLowerCase(Locale.ROOT)),
            "mail", Comparator.comparing(u -> u.mail() == null ? "" : u.mail().toLowerCase(Locale.ROOT)),
            "createdAt", Comparator.comparing(LocalUser::createdAt),
            "passwordChangedAt", Comparator.comparing(LocalUser::passwordChangedAt));

    /**
     * One page of the LOCAL users whose name, display name or mail contains {@code query}, sorted by
     * {@code sort} ({@link #SORTS}, user name by default; ties in user-name order); a bad sort,
     * direction or page is 400 ({@code list-filter-invalid} with its field, {@code page-invalid}).
     */
    public Page page(String tenantId, String query, String sort, String direction, int page, int size) {
        String order = sort == null || sort.isBlank() ? "userName" : sort.strip();
        Comparator<LocalUser> comparator = SORTS.get(order);
        if (comparator == null) {
            throw new DomainException(DomainException.Kind.INVALID, "list-filter-invalid", Map.of("field", "sort"),
                    clip(order));
        }
        if (direction != null && !direction.isBlank() && !direction.equalsIgnoreCase("asc")) {
            if (!direction.equalsIgnoreCase("desc")) {
                throw new DomainException(DomainException.Kind.INVALID, "list-filter-invalid",
                        Map.of("field", "direction"), clip(direction));
            }
            comparator = comparator.reversed();
        }
        if (page < 0 || size < 1 || size > 500) {
            throw new DomainException(DomainException.Kind.INVALID, "page-invalid", Map.of("field", "size"));
        }
        String needle = query == null ? "" : query.strip().toLowerCase(Locale.ROOT);
        List<LocalUser> matching = list(tenantId).stream()
                .filter(u -> needle.isEmpty() || u.userName().toLowerCase(Locale.ROOT).contains(needle)
                        || (u.displayName() != null && u.displayName().toLowerCase(Locale.ROOT).contains(needle))
                        || (u.mail() != null && u.mail().toLowerCase(Locale.ROOT).contains(needle)))
                .sorted(comparator.thenComparing(SORTS.get("userName")))
                .toList();
        int from = (int) Math.min((long) page * size, matching.size());
        return new Page(matching.subList(from, Math.min(from + size, matching.size())), page, size, matching.size());
    }

    public LocalUser resetPassword(String tenantId, String userId, String password) {
        LocalUser user = one(tenantId, userId);
        checkPassword(user.userName(), password);
        String hash = encoder.encode(password);
        user.resetPassword(hash, seal(tenantId, hash), clock.instant());
        return users.save(user);
    }

    public void remove(String tenantId, String userId) {
        LocalUser user = one(tenantId, userId);
        user.remove();
        users.save(user);
    }

    /**
     * CSV import of LOCAL users with their passwords: the dry run lists every bad row; the
     * commit writes all rows or none (each with its {@code LocalPasswordSet}), hashing in parallel.
     */
    public ImportReport importCsv(String tenantId, byte[] body, boolean commit, Locale locale) {
        tenants.get(tenantId);
        LocalUserCsv.Parsed parsed;
        try {
            parsed = LocalUserCsv.parse(body);
        } catch (CsvUpload.FileProblem e) {
            throw new DomainException(DomainException.Kind.INVALID, e.slug, Map.of(), String.valueOf(LocalUserCsv.MAX_ROWS));
        }
        Set<String> existing = users.findAllOf(tenantId).stream().map(u -> LocalUser.key(u.userName()))
                .collect(Collectors.toSet());
        LocalUserCsv.Checked checked = LocalUserCsv.check(parsed, existing);
        List<ImportReport.BadRow> errors = ImportReport.explain(checked.errors(), messages, locale);
        int unchanged = checked.unchanged().size();
        if (!commit) {
            return ImportReport.dryRun(parsed.size(), errors, unchanged, parsed.encoding());
        }
        ImportReport.refuseBadRows(parsed.size(), errors, parsed.encoding());
        Instant now = clock.instant();
        Set<LocalUserCsv.Row> skip = Set.copyOf(checked.unchanged());
        List<LocalUser> batch = parsed.rows().parallelStream().filter(row -> !skip.contains(row)).map(row -> {
            String hash = encoder.encode(row.password());
            return LocalUser.create(UUID.randomUUID().toString(), tenantId, row.userName(), row.displayName(),
                    row.mail(), hash, seal(tenantId, hash), now);
        }).toList();
        if (!batch.isEmpty()) {
            try {
                users.insert(batch);
            } catch (DuplicateKeyException e) {
                // a name was taken in the meantime: take back what got in, announcing the removal,
                // since its LocalPasswordSet may already have been relayed
                for (LocalUser inserted : users.findAllById(batch.stream().map(LocalUser::id).toList())) {
                    inserted.remove();
                    users.save(inserted);
                }
                throw new DomainException(DomainException.Kind.CONFLICT, "local-users-changed", Map.of());
            }
        }
        log.info("Imported {} LOCAL users for tenant {} from CSV", batch.size(), tenantId);
        return ImportReport.committed(parsed.size(), batch.size(), unchanged, parsed.encoding());
    }

    /**
     * {@code userName,displayName,mail,createdAt,passwordChangedAt}: never a password or hash; the times
     * in the tenant's {@code zone} with their offset.
     */
    public void export(String tenantId, ZoneId zone, Writer out) throws IOException {
        tenants.get(tenantId);
        CSVPrinter printer = new CSVPrinter(out, CSVFormat.RFC4180.builder()
                .setHeader(LocalUserCsv.EXPORT_HEADER.toArray(String[]::new)).get());
        for (LocalUser user : users.findAllOf(tenantId)) {
            printer.printRecord(CsvCells.neutralise(user.userName()), CsvCells.neutralise(user.displayName()),
                    CsvCells.neutralise(user.mail() == null ? "" : user.mail()), CsvTimes.format(user.createdAt(), zone),
                    CsvTimes.format(user.passwordChangedAt(), zone));
        }
        printer.flush();
    }

    private String seal(String tenantId, String hash) {
        return sealer.seal(hash, SealContext.LOCAL_PASSWORD.of(tenantId));
    }

    /** Whether the password is the user's; an unknown user costs the same bcrypt work. */
    public boolean verify(String tenantId, String userName, String password) {
        if (userName == null || password == null || password.isEmpty()) {
            return false;
        }
        var user = users.findByTenantIdAndUserKeyAndDeletedFalse(tenantId, LocalUser.key(userName.strip()));
        boolean matches = encoder.matches(password, user.map(LocalUser::passwordHash).orElse(unknownUserHash));
        return user.isPresent() && matches;
    }

    @Override
    public List<DirectoryUser> users(String tenantId, String query) {
        String needle = query == null ? "" : query.strip().toLowerCase(Locale.ROOT);
        return users.findAllOf(tenantId).stream()
                .filter(u -> needle.isEmpty() || u.userName().toLowerCase(Locale.ROOT).contains(needle)
                        || u.displayName().toLowerCase(Locale.ROOT).contains(needle)
                        || (u.mail() != null && u.mail().toLowerCase(Locale.ROOT).contains(needle)))
                .map(u -> new DirectoryUser(u.userName(), u.displayName(), u.mail(), null, true))
                .toList();
    }

    private LocalUser one(String tenantId, String userId) {
        return users.findByIdAndTenantIdAndDeletedFalse(userId, tenantId)
                .orElseThrow(() -> DomainException.notFound("local-user-not-found", userId));
    }

    static boolean acceptable(String userName, String password) {
        if (password == null) {
            return false;
        }
        int bytes = password.getBytes(StandardCharsets.UTF_8).length;
        return password.length() >= 8 && bytes <= 72
                && password.chars().anyMatch(Character::isLetter) && password.chars().anyMatch(Character::isDigit)
                && !password.toLowerCase(Locale.ROOT).contains(userName.toLowerCase(Locale.ROOT));
    }

    private static void checkPassword(String userName, String password) {
        if (!acceptable(userName, password)) {
            throw new DomainException(DomainException.Kind.INVALID, "local-user-password-weak", Map.of("field", "password"));
        }
    }

    private static String clip(String value) {
        return PlainText.echo(value);
    }
}
