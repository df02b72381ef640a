package org.sra.directory.user;

import java.io.IOException;
import java.io.Writer;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
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
import org.sra.directory.csv.CsvTimes;
import org.sra.directory.csv.CsvUpload;
import org.sra.directory.csv.ImportReport;
import org.sra.events.user.UserSource;
import org.sra.kit.error.DomainException;
import org.sra.kit.outbox.OutboxMarkers;

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

    /**
     * What the VPN user list shows: {@code query} anywhere in user name, display name or mail
     * (case-insensitive), optionally only one {@code source}, only enabled or disabled users, only
     * users the directory has or no longer has; sorted by {@code sort} ({@link #SORTS}, user name by default).
     */
    public record ListQuery(String query, UserSource source, Boolean enabled, Boolean inDirectory, String sort,
                            boolean descending) {

        public static ListQuery of(String query) {
            return new ListQuery(query, null, null, null, null, false);
        }

        /** The query from request parameters; a bad value is 400 {@code list-filter-invalid} naming its field. */
        public static ListQuery parse(String query, String source, String enabled, String inDirectory, String sort,
                                      String direction) {
            UserSource from = null;
            if (source != null && !source.isBlank()) {
                try {
                    from = UserSource.valueOf(source.strip().toUpperCase(Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    throw filterInvalid("source", source);
                }
            }
            String order = sort == null || sort.isBlank() ? "userName" : sort.strip();
            if (!SORTS.containsKey(order)) {
                throw filterInvalid("sort", sort);
            }
            boolean descending;
            if (direction == null || direction.isBlank() || direction.equalsIgnoreCase("asc")) {
                descending = false;
            } else if (direction.equalsIgnoreCase("desc")) {
                descending = true;
            } else {
                throw filterInvalid("direction", direction);
            }
            return new ListQuery(query, from, bool("enabled", enabled), bool("inDirectory", inDirectory), order,
                    descending);
        }

        private static Boolean bool(String field, String value) {
            if (value == null || value.isBlank()) {
                return null;
            }
            return switch (value.strip().toLowerCase(Locale.ROOT)) {
                case "true" -> true;
                case "false" -> false;
                default -> throw filterInvalid(field, value);
            };
        }

        private static DomainException filterInvalid(String field, String value) {
            return new DomainException(DomainException.Kind.INVALID, "list-filter-invalid", Map.of("field", field),
                    CsvUpload.clip(value));
        }
    }

    /** The orders the list can be sorted in, by the name the API takes. */
    static final Map<String, Comparator<Listed>> SORTS = Map.of(
            "userName", Comparator.comparing(l -> l.user().userKey()),
            "displayName", Comparator.comparing(l -> l.user().displayName().toLowerCase(Locale.ROOT)),
            "mail", Comparator.comparing(l -> l.user().mail() == null ? "" : l.user().mail().toLowerCase(Locale.ROOT)),
            "source", Comparator.comparing(l -> l.user().source().name()),
            "addedAt", Comparator.comparing(l -> l.user().addedAt()),
            "enabled", Comparator.comparing(l -> l.user().enabled()),
            "inDirectory", Comparator.comparing(l -> l.inDirectory() == null ? 2 : l.inDirectory() ? 1 : 0));

    public Page<Listed> list(String tenantId, String query, int page, int size) {
        return list(tenantId, ListQuery.of(query), page, size);
    }

    /** One page of the VPN users matching {@code filter}, with the total of all that match. */
    public Page<Listed> list(String tenantId, ListQuery filter, int page, int size) {
        return Page.of(matching(tenantId, filter), page, size);
    }

    /** Every VPN user matching {@code filter}, in its order; the directory is read once. */
    private List<Listed> matching(String tenantId, ListQuery filter) {
        List<VpnUser> all = filter(users.findAllOf(tenantId), filter.query());
        Set<String> present = presentKeys(tenantId);
        Comparator<Listed> order = SORTS.getOrDefault(filter.sort() == null ? "userName" : filter.sort(),
                SORTS.get("userName"));
        if (filter.descending()) {
            order = order.reversed();
        }
        // ties (e.g. the same display name) keep the user-name order, so pages never overlap
        order = order.thenComparing(SORTS.get("userName"));
        return all.stream()
                .filter(u -> filter.source() == null || u.source() == filter.source())
                .filter(u -> filter.enabled() == null || u.enabled() == filter.enabled())
                .map(u -> new Listed(u, present == null ? null : present.contains(u.userKey())))
                .filter(l -> filter.inDirectory() == null || filter.inDirectory().equals(l.inDirectory()))
                .sorted(order)
                .toList();
    }

    /** Enables or disables one VPN user (saved with its {@code VpnUserChanged} and audit entry). */
    public VpnUser enable(String tenantId, String userId, boolean enable) {
        VpnUser user = one(tenantId, userId);
        if (user.enable(enable)) {
            user = users.save(user);
            log.info("{} VPN user {} of tenant {}", enable ? "Enabled" : "Disabled", userId, tenantId);
        }
        return user;
    }

    /**
     * Sets the period one VPN user may connect in; either end may be null, and {@code until} must
     * come after {@code from} (400 {@code validity-invalid}).
     */
    public VpnUser validity(String tenantId, String userId, Instant from, Instant until) {
        if (from != null && until != null && !until.isAfter(from)) {
            throw new DomainException(DomainException.Kind.INVALID, "validity-invalid", Map.of("field", "validUntil"));
        }
        VpnUser user = one(tenantId, userId);
        if (user.validity(from, until)) {
            user = users.save(user);
            log.info("Set the validity of VPN user {} of tenant {}: {} – {}", userId, tenantId, from, until);
        }
        return user;
    }

    /** What the bulk operations do. */
    public enum BulkAction {
        ENABLE, DISABLE, DELETE
    }

    /** The outcome of a bulk operation: how many users it concerned and how many it changed. */
    public record BulkResult(BulkAction action, int selected, int changed) {
    }

    /**
     * Applies {@code action} to the users {@code userIds} names, or with {@code all} to every user
     * matching {@code filter} (the list as shown, all pages). Deleting needs {@code confirmed}
     * (400 {@code bulk-confirmation-required} with the count). An id that is not (or no longer) a
     * VPN user of the tenant is 409 {@code vpn-users-selection-changed}, nothing done.
     */
    public BulkResult bulk(String tenantId, BulkAction action, List<String> userIds, boolean all, ListQuery filter,
                           boolean confirmed) {
        if (action == null) {
            throw new DomainException(DomainException.Kind.INVALID, "bulk-action-invalid", Map.of("field", "action"));
        }
        List<VpnUser> chosen;
        if (all) {
            chosen = matching(tenantId, filter).stream().map(Listed::user).toList();
        } else {
            if (userIds == null || userIds.isEmpty()) {
                throw new DomainException(DomainException.Kind.INVALID, "vpn-users-none-selected",
                        Map.of("field", "userIds"));
            }
            Map<String, VpnUser> byId = users.findAllOf(tenantId).stream()
                    .collect(Collectors.toMap(VpnUser::id, Function.identity()));
            Set<String> wanted = new LinkedHashSet<>(userIds);
            if (!byId.keySet().containsAll(wanted)) {
                throw new DomainException(DomainException.Kind.CONFLICT, "vpn-users-selection-changed", Map.of());
            }
            chosen = wanted.stream().map(byId::get).toList();
        }
        if (action == BulkAction.DELETE && !confirmed) {
            throw new DomainException(DomainException.Kind.INVALID, "bulk-confirmation-required",
                    Map.of("field", "confirm", "selected", chosen.size()), String.valueOf(chosen.size()));
        }
        int changed = 0;
        for (VpnUser user : chosen) {
            boolean change = switch (action) {
                case ENABLE -> user.enable(true);
                case DISABLE -> user.enable(false);
                case DELETE -> {
                    user.remove();
                    yield true;
                }
            };
            if (change) {
                users.save(user);
                changed++;
            }
        }
        log.info("Bulk {} of {} VPN users of tenant {}: {} changed", action, chosen.size(), tenantId, changed);
        return new BulkResult(action, chosen.size(), changed);
    }

    /** A VPN user the directory no longer has. */
    public record Missing(String userId, String userName, String displayName) {
    }

    /**
     * The outcome of a directory refresh: users checked, users whose display name or mail changed
     * (saved and published), and the users the directory no longer has (listed, never removed
     * here). {@code complete} is false when the directory holds more users than one listing
     * reads; then nobody is listed as missing, since an unread user is not a vanished one.
     */
    public record RefreshReport(int checked, int updated, boolean complete, List<Missing> missing,
                                Instant refreshedAt) {
    }

    /**
     * Reads the tenant's directory once (page by page, as "add user" does) and brings every VPN
     * user's display name and mail address up to date, each change with its {@code VpnUserChanged}
     * and audit entry. A directory that does not answer is a problem (503
     * {@code directory-unavailable}) and nothing changes. Never removes a user.
     */
    public RefreshReport refresh(String tenantId) {
        List<VpnUser> current = users.findAllOf(tenantId);
        if (current.isEmpty()) {
            return new RefreshReport(0, 0, true, List.of(), clock.instant());
        }
        DirectoryReader.Listing listing = directory.users(tenantId, null, false);
        Map<String, DirectoryUser> byKey = byKey(listing.users());
        boolean complete = listing.users().size() < directory.limit(tenantId);
        List<Missing> missing = new ArrayList<>();
        int updated = 0;
        for (VpnUser user : current) {
            DirectoryUser now = byKey.get(user.userKey());
            if (now == null) {
                if (complete) {
                    missing.add(new Missing(user.id(), user.userName(), user.displayName()));
                }
            } else if (user.refresh(now)) {
                users.save(user);
                updated++;
            }
        }
        log.info("Directory refresh of tenant {}: {} VPN users checked, {} updated, {} no longer in the directory{}",
                tenantId, current.size(), updated, missing.size(), complete ? "" : " (listing cut short)");
        return new RefreshReport(current.size(), updated, complete, missing, clock.instant());
    }

    /**
     * The directory's own accounts no person connects with (AD's built-in ones): never offered as
     * VPN users, nor added by "add every match". Named explicitly, they can still be added.
     */
    static final Set<String> BUILT_IN = Set.of("administrator", "guest", "krbtgt", "defaultaccount", "wdagutilityaccount");

    /** Whether "add user" offers this directory user: enabled, and no built-in account. */
    static boolean offered(DirectoryUser user) {
        return user.enabled() && !BUILT_IN.contains(VpnUser.key(user.userName()));
    }

    /**
     * Directory users matching {@code query} that are not VPN users yet ("add user", R-USR-1):
     * disabled accounts and the built-in ones ({@link #BUILT_IN}) are not offered.
     */
    public Page<DirectoryUser> available(String tenantId, String query, int page, int size) {
        Set<String> added = addedKeys(tenantId);
        List<DirectoryUser> candidates = directory.users(tenantId, query, true).users().stream()
                .filter(VpnUserList::offered)
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
                if (!added.contains(key) && offered(user)) {
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
        UserCsv.Checked checked = UserCsv.check(parsed, addedKeys(tenantId), byKey);
        List<ImportReport.BadRow> errors = ImportReport.explain(checked.errors(), messages, locale);
        int unchanged = checked.unchanged().size();
        if (!commit) {
            return ImportReport.dryRun(parsed.size(), errors, unchanged, parsed.encoding());
        }
        ImportReport.refuseBadRows(parsed.size(), errors, parsed.encoding());
        Set<UserCsv.Row> skip = Set.copyOf(checked.unchanged());
        List<DirectoryUser> chosen = parsed.rows().stream().filter(r -> !skip.contains(r))
                .map(r -> byKey.get(VpnUser.key(r.userName()))).toList();
        List<VpnUser> inserted = insertAll(tenantId, chosen, listing.source());
        log.info("Imported {} VPN users for tenant {} from CSV ({}, {} unchanged)", inserted.size(), tenantId,
                parsed.encoding(), unchanged);
        return ImportReport.committed(parsed.size(), inserted.size(), unchanged, parsed.encoding());
    }

    /**
     * UTF-8 with BOM; cells that a spreadsheet would run as formulas are neutralised; {@code addedAt}
     * in the tenant's {@code zone} with its offset.
     */
    public void export(String tenantId, ZoneId zone, Writer out) throws IOException {
        Set<String> present = presentKeys(tenantId);
        // not closed: the caller owns the response stream
        CSVPrinter printer = new CSVPrinter(out, CSVFormat.RFC4180.builder()
                .setHeader(UserCsv.EXPORT_HEADER.toArray(String[]::new)).get());
        for (VpnUser user : users.findAllOf(tenantId)) {
            printer.printRecord(CsvCells.neutralise(user.userName()), CsvCells.neutralise(user.displayName()),
                    CsvCells.neutralise(user.mail() == null ? "" : user.mail()), user.source().name(),
                    CsvTimes.format(user.addedAt(), zone),
                    present == null ? "" : String.valueOf(present.contains(user.userKey())));
        }
        printer.flush();
    }

    /** Removes a VPN user (R-USR-3); {@code confirmed} is the admin's answer to the confirmation. */
    public void remove(String tenantId, String userId, boolean confirmed) {
        VpnUser user = one(tenantId, userId);
        if (!confirmed) {
            throw new DomainException(DomainException.Kind.INVALID, "confirmation-required", Map.of("field", "confirm"),
                    user.userName());
        }
        user.remove();
        users.save(user);
        log.info("Removed VPN user {} ({}) of tenant {}", userId, user.userName(), tenantId);
    }

    private VpnUser one(String tenantId, String userId) {
        return users.findByIdAndTenantIdAndDeletedFalse(userId, tenantId)
                .orElseThrow(() -> DomainException.notFound("vpn-user-not-found", userId));
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
        } catch (DomainException e) {
            // the directory does not answer, or the tenant's circuit breaker is open
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
