package org.sra.directory.user;

import java.io.IOException;
import java.io.Writer;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.MessageSource;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Service;
import org.sra.directory.audit.CsvCells;
import org.sra.directory.csv.CsvUpload;
import org.sra.directory.csv.ImportReport;
import org.sra.events.user.UserSource;
import org.sra.kit.error.DomainException;
import org.sra.kit.outbox.OutboxMarkers;
import org.sra.kit.web.ProblemException;

/**
 * The tenant's VPN users (R-USR-1..3). Every addition is checked against the directory first;
 * a batch (selected users, all users, a CSV file) is written in one insert after every check
 * passed, so bad input writes nothing.
 */
@Service
public class VpnUserList {

    private static final Logger log = LoggerFactory.getLogger(VpnUserList.class);

    private final VpnUsers users;
    private final MongoTemplate mongo;
    private final DirectoryReader directory;
    private final Clock clock;
    private final MessageSource messages;
    private final OutboxMarkers markers;

    VpnUserList(VpnUsers users, MongoTemplate mongo, DirectoryReader directory, Clock clock, MessageSource messages,
                OutboxMarkers markers) {
        this.markers = markers;
        this.messages = messages;
        this.users = users;
        this.mongo = mongo;
        this.directory = directory;
        this.clock = clock;
    }

    /** A page of a list. */
    public record Page<T>(List<T> items, int page, int size, long total) {

        static <T> Page<T> of(List<T> all, int page, int size) {
            if (page < 0 || size < 1 || size > 500) {
                throw new DomainException(DomainException.Kind.INVALID, "page-invalid", Map.of("field", "size"));
            }
            int from = (int) Math.min((long) page * size, all.size());
            return new Page<>(all.subList(from, Math.min(from + size, all.size())), page, size, all.size());
        }
    }

    /**
     * A VPN user and whether the directory still has them ({@code null} when the directory could
     * not be read): vanished users are shown, never silently deleted.
     */
    public record Listed(VpnUser user, Boolean inDirectory) {
    }

    public Page<Listed> list(String tenantId, String query, int page, int size) {
        List<VpnUser> all = filter(users.findAllOf(tenantId), query);
        Set<String> present = presentKeys(tenantId);
        return Page.of(all.stream()
                .map(u -> new Listed(u, present == null ? null : present.contains(u.userKey())))
                .toList(), page, size);
    }

    /** Directory users matching {@code query} that are not VPN users yet ("add user", R-USR-1). */
    public Page<DirectoryUser> available(String tenantId, String query, int page, int size) {
        Set<String> added = addedKeys(tenantId);
        List<DirectoryUser> candidates = directory.users(tenantId, query, true).users().stream()
                .filter(u -> !added.contains(VpnUser.key(u.userName())))
                .sorted(Comparator.comparing(u -> VpnUser.key(u.userName())))
                .toList();
        return Page.of(candidates, page, size);
    }

    /** Adds the named directory users, or all available ones matching {@code query}. */
    public List<VpnUser> add(String tenantId, List<String> userNames, boolean all, String query) {
        DirectoryReader.Listing listing = directory.users(tenantId, all ? query : null, false);
        Map<String, DirectoryUser> byKey = byKey(listing.users());
        Set<String> added = addedKeys(tenantId);
        List<DirectoryUser> chosen = new ArrayList<>();
        if (all) {
            byKey.forEach((key, user) -> {
                if (!added.contains(key)) {
                    chosen.add(user);
                }
            });
        } else {
            if (userNames == null || userNames.isEmpty()) {
                throw new DomainException(DomainException.Kind.INVALID, "vpn-users-none-selected", Map.of("field", "userNames"));
            }
            List<String> unknown = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            for (String name : userNames) {
                String key = name == null ? "" : VpnUser.key(name.strip());
                DirectoryUser user = byKey.get(key);
                if (user == null) {
                    unknown.add(name == null ? "" : name);
                } else if (!added.contains(key) && seen.add(key)) {
                    chosen.add(user);
                }
            }
            if (!unknown.isEmpty()) {
                throw new DomainException(DomainException.Kind.INVALID, "directory-users-not-found",
                        Map.of("field", "userNames", "userNames", unknown.stream().limit(100).toList()),
                        String.join(", ", unknown.stream().limit(10).toList()));
            }
        }
        return insertAll(tenantId, chosen, listing.source());
    }

    /** The CSV dry run (nothing written) or commit (all rows or none, R-USR-2). */
    public ImportReport importCsv(String tenantId, byte[] body, boolean commit, Locale locale) {
        UserCsv.Parsed parsed;
        try {
            parsed = UserCsv.parse(body);
        } catch (CsvUpload.FileProblem e) {
            throw new DomainException(DomainException.Kind.INVALID, e.slug, Map.of(), String.valueOf(UserCsv.MAX_ROWS));
        }
        DirectoryReader.Listing listing = directory.users(tenantId, null, false);
        Map<String, DirectoryUser> byKey = byKey(listing.users());
        List<ImportReport.BadRow> errors = ImportReport.explain(UserCsv.check(parsed, addedKeys(tenantId), byKey),
                messages, locale);
        if (!commit) {
            return ImportReport.dryRun(parsed.size(), errors);
        }
        ImportReport.refuseBadRows(parsed.size(), errors);
        List<DirectoryUser> chosen = parsed.rows().stream().map(r -> byKey.get(VpnUser.key(r.userName()))).toList();
        List<VpnUser> inserted = insertAll(tenantId, chosen, listing.source());
        log.info("Imported {} VPN users for tenant {} from CSV", inserted.size(), tenantId);
        return ImportReport.committed(parsed.size(), inserted.size());
    }

    /** UTF-8 with BOM; cells that a spreadsheet would run as formulas are neutralised. */
    public void export(String tenantId, Writer out) throws IOException {
        Set<String> present = presentKeys(tenantId);
        // not closed: the caller owns the response stream
        CSVPrinter printer = new CSVPrinter(out, CSVFormat.RFC4180.builder()
                .setHeader("userName", "displayName", "mail", "source", "addedAt", "inDirectory").get());
        for (VpnUser user : users.findAllOf(tenantId)) {
            printer.printRecord(CsvCells.neutralise(user.userName()), CsvCells.neutralise(user.displayName()),
                    CsvCells.neutralise(user.mail() == null ? "" : user.mail()), user.source().name(),
                    user.addedAt().toString(),
                    present == null ? "" : String.valueOf(present.contains(user.userKey())));
        }
        printer.flush();
    }

    /** Removes a VPN user (R-USR-3); {@code confirmed} is the admin's answer to the confirmation. */
    public void remove(String tenantId, String userId, boolean confirmed) {
        VpnUser user = users.findByIdAndTenantIdAndDeletedFalse(userId, tenantId)
                .orElseThrow(() -> DomainException.notFound("vpn-user-not-found", userId));
        if (!confirmed) {
            throw new DomainException(DomainException.Kind.INVALID, "confirmation-required", Map.of("field", "confirm"),
                    user.userName());
        }
        user.remove();
        users.save(user);
        log.info("Removed VPN user {} ({}) of tenant {}", userId, user.userName(), tenantId);
    }

    private List<VpnUser> insertAll(String tenantId, List<DirectoryUser> chosen, UserSource source) {
        Instant now = clock.instant();
        List<VpnUser> batch = chosen.stream()
                .map(u -> VpnUser.add(UUID.randomUUID().toString(), tenantId, u, source, now))
                .toList();
        if (batch.isEmpty()) {
            return batch;
        }
        try {
            // in chunks: the embedded store locks a collection for a whole write (see DeviceCatalog)
            for (int from = 0; from < batch.size(); from += 500) {
                List<VpnUser> chunk = batch.subList(from, Math.min(batch.size(), from + 500));
                markers.inOneWrite(() -> mongo.insertAll(chunk));
            }
        } catch (DuplicateKeyException e) {
            // another admin added one of these users in the meantime: take the batch back
            mongo.remove(Query.query(Criteria.where("_id").in(batch.stream().map(VpnUser::id).toList())),
                    VpnUser.class);
            throw new DomainException(DomainException.Kind.CONFLICT, "vpn-users-changed", Map.of());
        }
        log.info("Added {} VPN users to tenant {}", batch.size(), tenantId);
        return batch;
    }

    private Set<String> addedKeys(String tenantId) {
        return users.findAllOf(tenantId).stream().map(VpnUser::userKey).collect(Collectors.toSet());
    }

    /** Keys of the directory's users, or null when the directory cannot be read now. */
    private Set<String> presentKeys(String tenantId) {
        try {
            return directory.users(tenantId, null, false).users().stream().map(u -> VpnUser.key(u.userName()))
                    .collect(Collectors.toSet());
        } catch (ProblemException | DomainException e) {
            return null;
        }
    }

    private static Map<String, DirectoryUser> byKey(List<DirectoryUser> users) {
        return users.stream().collect(Collectors.toMap(u -> VpnUser.key(u.userName()), Function.identity(),
                (a, b) -> a, LinkedHashMap::new));
    }

    private static List<VpnUser> filter(List<VpnUser> all, String query) {
        if (query == null || query.isBlank()) {
            return all;
        }
        String needle = query.strip().toLowerCase(Locale.ROOT);
        return all.stream().filter(u -> u.userKey().contains(needle)
                || u.displayName().toLowerCase(Locale.ROOT).contains(needle)
                || (u.mail() != null && u.mail().toLowerCase(Locale.ROOT).contains(needle))).toList();
    }
}
