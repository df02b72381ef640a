package org.sra.auth.readmodel;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;
import org.sra.events.secrets.SealContext;
import org.sra.kit.secrets.SecretSealer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import jakarta.annotation.PostConstruct;

/**
 * The read model in memory, for lookups on the decision path without a database round trip.
 * Loaded at start; every local write is applied at once, and a poll picks up what other
 * replicas wrote (each replica consumes only some partitions).
 *
 * <p>The poll reads only what changed, by keys the store can look up: the change feed
 * ({@link ReadModelChanges}, a small collection) names the view documents written lately, and
 * those are fetched by {@code _id}. Every {@code sra.auth.read-model.full-reload} every view
 * document is read again, one collection per poll round, which repairs what a lost change record
 * could hide; at start, and when the poll has not run for half the feed's retention, all at once.
 */
@Component
public class ReadModel {

    private static final Logger log = LoggerFactory.getLogger(ReadModel.class);
    /** Covers writes in flight during a poll: a change record is read again for this long. */
    private static final Duration REFRESH_OVERLAP = Duration.ofSeconds(5);
    /** Deleting old change records is a scan of the feed: once a minute per replica is enough. */
    private static final Duration FORGET_EVERY = Duration.ofMinutes(1);
    /** View documents expected at most at a time (one {@code $in} look-up of their change records). */
    private static final int MAX_EXPECTED = 1_000;
    /** Ids per {@code $in} query. */
    private static final int FETCH_BATCH = 1_000;

    private final MongoTemplate mongo;
    private final SecretSealer sealer;
    private final ReadModelChanges changes;
    private final ReadModelSettings settings;
    private final Clock clock;
    private final List<View<?>> views;
    private final Timer polls;
    private final Timer reloads;
    private final Counter polledDocuments;
    private final Counter reloadedDocuments;

    private final Map<String, TenantView> tenants = new ConcurrentHashMap<>();
    private final Map<String, NasClientView> nasViews = new ConcurrentHashMap<>();
    private final Map<String, NasClient> nasOpened = new ConcurrentHashMap<>();
    private volatile List<Map.Entry<IpPrefix, NasClientView>> nasByAddress = List.of();
    private final Map<String, UserView> users = new ConcurrentHashMap<>();
    private final Map<String, UserView> usersByName = new ConcurrentHashMap<>();
    private final Map<String, DeviceView> devices = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> devicesByUser = new ConcurrentHashMap<>();
    private final Map<String, ProfileView> profiles = new ConcurrentHashMap<>();
    private final Map<String, ProfileView> profilesByDevice = new ConcurrentHashMap<>();
    private final Map<String, LocalPasswordView> localPasswords = new ConcurrentHashMap<>();
    private final Map<String, LocalPasswordView> localPasswordsByName = new ConcurrentHashMap<>();
    /**
     * Users ({@code U<id>}) and devices ({@code D<id>}) by the end of their validity period, so
     * that {@link #validityEnded} looks up the periods that ended lately instead of scanning all.
     */
    private final NavigableMap<Instant, Set<String>> validityEnds = new ConcurrentSkipListMap<>();

    // where the poll stands; guarded by "refreshing" (the scheduler's thread, or a test calling refresh())
    private final Lock refreshing = new ReentrantLock();
    /** The latest change time read from the feed (store time); null until the first load. */
    private Instant cursor;
    /** Change records already fetched, so that the overlap does not fetch their documents again. */
    private final Map<String, ReadModelChanges.Change> fetched = new HashMap<>();
    /**
     * Change records of writes this replica made itself (and applied as it made them): its poll
     * does not fetch those documents again. Written by the event consumers' threads.
     */
    private final Map<String, ReadModelChanges.Change> ownWrites = new ConcurrentHashMap<>();
    /** View documents ({@code <collection>:<id>}) another replica is about to write → until when (nano time). */
    private final Map<String, Long> expected = new ConcurrentHashMap<>();
    private Instant lastReload;
    private Instant lastPoll;
    /** The view collections the repair under way has still to read; null when none is under way. */
    private Deque<View<?>> repairing;
    private long repairStarted;
    private Instant lastForget;

    ReadModel(MongoTemplate mongo, SecretSealer sealer, ReadModelChanges changes, ReadModelSettings settings,
              Clock clock, MeterRegistry meters) {
        this.mongo = mongo;
        this.sealer = sealer;
        this.changes = changes;
        this.settings = settings;
        this.clock = clock;
        this.views = List.of(view(TenantView.class, this::apply), view(NasClientView.class, this::apply),
                view(UserView.class, this::apply), view(DeviceView.class, this::apply),
                view(ProfileView.class, this::apply), view(LocalPasswordView.class, this::apply));
        this.polls = Timer.builder("sra.auth.read-model.refresh").tag("kind", "poll")
                .description("read-model polls of the change feed").register(meters);
        this.reloads = Timer.builder("sra.auth.read-model.refresh").tag("kind", "full")
                .description("full reloads of the read model").register(meters);
        this.polledDocuments = Counter.builder("sra.auth.read-model.documents").tag("kind", "poll")
                .description("view documents read by polls").register(meters);
        this.reloadedDocuments = Counter.builder("sra.auth.read-model.documents").tag("kind", "full")
                .description("view documents read by full reloads").register(meters);
    }

    @PostConstruct
    void load() {
        refresh();
        log.info("Read model loaded: {} tenants, {} NAS clients, {} users, {} devices, {} profiles, {} LOCAL passwords",
                tenants.size(), nasViews.size(), users.size(), devices.size(), profiles.size(), localPasswords.size());
    }

    /**
     * Applies what any replica wrote since the last poll; now and then, everything. Run by
     * {@link ReadModelPoller} on its own thread (and by tests).
     *
     * <p>The periodic repair reads one view collection per round, after that round's poll, so that
     * no round reads every collection at once (tens of thousands of documents: a burst of work
     * that stalled the decisions in flight on a small machine). The load at start, and a replica
     * whose poll stood still longer than half the feed's retention, read everything at once.
     */
    public void refresh() {
        refreshing.lock();
        try {
            Instant now = clock.instant();
            if (lastReload == null || !now.isBefore(lastPoll.plus(settings.changeRetention().dividedBy(2)))) {
                repairing = null;
                reloads.record(() -> reload(now));
                return;
            }
            polls.record(() -> poll(now));
            if (repairing == null && !now.isBefore(lastReload.plus(settings.fullReload()))) {
                repairing = new ArrayDeque<>(views);
                repairStarted = System.nanoTime();
            }
            if (repairing != null) {
                repairNext(now);
            }
        } finally {
            refreshing.unlock();
        }
    }

    /** Reads the next view collection of the repair under way; the last one completes it. */
    private void repairNext(Instant now) {
        // taken off only once read: a collection whose read failed (the store away) is read next round
        reloadedDocuments.increment(repairing.peek().readAll(mongo));
        repairing.poll();
        if (repairing.isEmpty()) {
            repairing = null;
            reloads.record(System.nanoTime() - repairStarted, TimeUnit.NANOSECONDS);
            lastReload = now;
        }
    }

    /** Whether a repair (every view collection read again, one per round) is under way. */
    boolean repairing() {
        refreshing.lock();
        try {
            return repairing != null;
        } finally {
            refreshing.unlock();
        }
    }

    private void reload(Instant now) {
        if (cursor == null) {
            // changes written from here on are newer than this, so the next poll finds them
            cursor = latest(changes.since(Instant.EPOCH), Instant.EPOCH);
        }
        long read = 0;
        for (View<?> view : views) {
            read += view.readAll(mongo);
        }
        reloadedDocuments.increment(read);
        fetched.clear();
        lastReload = now;
        lastPoll = now;
        log.debug("Read model reloaded: {} documents", read);
    }

    /** The view documents, by collection, that {@code changes} name and this replica has not read or written as recorded. */
    private Map<String, List<String>> notYetFetched(List<ReadModelChanges.Change> changes) {
        Map<String, List<String>> changedIds = new HashMap<>();
        for (ReadModelChanges.Change change : changes) {
            if (!change.equals(fetched.get(change.key())) && !change.equals(ownWrites.get(change.key()))) {
                changedIds.computeIfAbsent(change.collection(), c -> new ArrayList<>()).add(change.id());
            }
        }
        return changedIds;
    }

    private void poll(Instant now) {
        List<ReadModelChanges.Change> recent = changes.since(cursor.minus(REFRESH_OVERLAP));
        Map<String, List<String>> changedIds = notYetFetched(recent);
        long read = 0;
        for (View<?> view : views) {
            List<String> ids = changedIds.getOrDefault(view.collection(), List.of());
            for (int from = 0; from < ids.size(); from += FETCH_BATCH) {
                read += view.read(mongo, ids.subList(from, Math.min(ids.size(), from + FETCH_BATCH)));
            }
        }
        polledDocuments.increment(read);
        // only now: a poll that failed part way fetches the same documents again
        recent.forEach(change -> fetched.put(change.key(), change));
        cursor = latest(recent, cursor);
        Instant horizon = cursor.minus(REFRESH_OVERLAP);
        fetched.values().removeIf(change -> change.at().isBefore(horizon));
        ownWrites.values().removeIf(change -> change.at().isBefore(horizon));
        lastPoll = now;
        if (lastForget == null || !now.isBefore(lastForget.plus(FORGET_EVERY))) {
            // relative to the feed's own time: a quiet feed keeps its last records
            changes.forget(cursor.minus(settings.changeRetention()));
            lastForget = now;
        }
    }

    /**
     * Expects a write of these view documents (another replica handling an event this replica
     * heard of) until {@code untilNanos} ({@link System#nanoTime()}): {@link #refreshExpected()}
     * looks their change records up by key and fetches a document as soon as its record changes.
     * False when {@value #MAX_EXPECTED} are expected already: the regular poll reads the rest.
     */
    public boolean expect(Class<?> viewType, String id, long untilNanos) {
        if (expected.size() >= MAX_EXPECTED) {
            return false; // a bulk change: the regular poll reads it in batches
        }
        expected.merge(mongo.getCollectionName(viewType) + ":" + id, untilNanos, Math::max);
        return true;
    }

    /** Whether a view document is still expected. */
    public boolean expecting() {
        return !expected.isEmpty();
    }

    /**
     * Fetches the expected view documents whose change record is neither fetched nor this
     * replica's own write: a lookup by key in the change feed, then by {@code _id}, however many
     * other documents changed meanwhile (a bulk import's thousands wait for the regular poll).
     */
    public void refreshExpected() {
        long now = System.nanoTime();
        expected.values().removeIf(until -> now - until > 0);
        if (expected.isEmpty()) {
            return;
        }
        refreshing.lock();
        try {
            if (cursor == null) {
                return; // not loaded yet: the load reads everything
            }
            List<ReadModelChanges.Change> found = changes.of(List.copyOf(expected.keySet()));
            Map<String, List<String>> changedIds = notYetFetched(found);
            long read = 0;
            for (View<?> view : views) {
                List<String> ids = changedIds.get(view.collection());
                if (ids != null) {
                    read += view.read(mongo, ids);
                }
            }
            polledDocuments.increment(read);
            // the regular poll need not fetch these again; they stay expected until their time is up
            // (the write this replica heard of may come after an earlier one found here)
            found.forEach(change -> fetched.put(change.key(), change));
        } finally {
            refreshing.unlock();
        }
    }

    /** Notes a change record of a write this replica made and applied itself ({@code null}: unknown). */
    void wroteItself(ReadModelChanges.Change change) {
        if (change != null) {
            ownWrites.put(change.key(), change);
        }
    }

    private static Instant latest(List<ReadModelChanges.Change> changes, Instant atLeast) {
        return changes.stream().map(ReadModelChanges.Change::at).filter(atLeast::isBefore)
                .max(Comparator.naturalOrder()).orElse(atLeast);
    }

    private <T> View<T> view(Class<T> type, Consumer<T> apply) {
        return new View<>(type, mongo.getCollectionName(type), apply);
    }

    /** One kind of view document: where it is stored and how it enters the model. */
    private record View<T>(Class<T> type, String collection, Consumer<T> apply) {

        long readAll(MongoTemplate mongo) {
            List<T> all = mongo.findAll(type);
            all.forEach(apply);
            return all.size();
        }

        long read(MongoTemplate mongo, List<String> ids) {
            List<T> changed = mongo.find(Query.query(Criteria.where("_id").in(ids)), type);
            changed.forEach(apply);
            return changed.size();
        }
    }

    void apply(TenantView tenant) {
        tenants.put(tenant.tenantId(), tenant);
    }

    synchronized void apply(NasClientView nas) {
        NasClientView previous = nasViews.put(nas.nasClientId(), nas);
        if (previous != null && previous.equals(nas)) {
            return;
        }
        nasOpened.remove(nas.nasClientId());
        nasByAddress = nasViews.values().stream().filter(n -> !n.removed())
                .map(n -> Map.entry(IpPrefix.parse(n.address()), n))
                // the most specific block wins; among equals, the latest registration
                .sorted(Comparator.<Map.Entry<IpPrefix, NasClientView>>comparingInt(e -> -e.getKey().length())
                        .thenComparing(e -> e.getValue().updatedAt(), Comparator.reverseOrder()))
                .toList();
    }

    synchronized void apply(UserView user) {
        UserView previous = users.put(user.id(), user);
        if (previous != null) {
            usersByName.remove(nameKey(previous.tenantId(), previous.userName()), previous);
            unindexValidity(previous.validUntil(), "U" + previous.id());
        }
        if (!user.removed()) {
            indexValidity(user.validUntil(), "U" + user.id());
        }
        if (!user.removed()) {
            usersByName.put(nameKey(user.tenantId(), user.userName()), user);
        }
    }

    synchronized void apply(DeviceView device) {
        DeviceView previous = devices.get(device.id());
        if (previous != null && previous.version() > device.version()) {
            // a copy read before a write whose copy is already here (the import's read after its
            // bulk write, racing a device event on the other consumer threads): keep the newer
            return;
        }
        devices.put(device.id(), device);
        if (previous != null) {
            unindexValidity(previous.validUntil(), "D" + previous.id());
        }
        if (!device.removed()) {
            indexValidity(device.validUntil(), "D" + device.id());
        }
        if (previous != null && previous.assignedUserId() != null) {
            Set<String> owned = devicesByUser.get(previous.tenantId() + ":" + previous.assignedUserId());
            if (owned != null) {
                owned.remove(device.id());
            }
        }
        if (!device.removed() && device.assignedUserId() != null) {
            devicesByUser.computeIfAbsent(device.tenantId() + ":" + device.assignedUserId(),
                    k -> ConcurrentHashMap.newKeySet()).add(device.id());
        }
    }

    synchronized void apply(ProfileView profile) {
        profiles.put(profile.id(), profile);
        String byDevice = profile.tenantId() + ":" + profile.userId() + ":" + profile.deviceId();
        if (profile.removed()) {
            profilesByDevice.computeIfPresent(byDevice,
                    (key, current) -> current.profileId().equals(profile.profileId()) ? null : current);
        } else {
            profilesByDevice.put(byDevice, profile);
        }
    }

    synchronized void apply(LocalPasswordView password) {
        LocalPasswordView previous = localPasswords.get(password.id());
        if (previous != null && previous.updatedAt() != null && password.updatedAt() != null
                && previous.updatedAt().isAfter(password.updatedAt())) {
            return; // a poll read an older copy than the one a handler already applied
        }
        localPasswords.put(password.id(), password);
        if (previous != null) {
            localPasswordsByName.remove(nameKey(previous.tenantId(), previous.userName()), previous);
        }
        if (!password.removed()) {
            localPasswordsByName.put(nameKey(password.tenantId(), password.userName()), password);
        }
    }

    /**
     * The LOCAL password record of a user of the tenant, by the name the user types
     * (case-insensitive); empty when the LOCAL directory has no such user (any more).
     */
    public Optional<LocalPasswordView> localPassword(String tenantId, String userName) {
        return userName == null ? Optional.empty()
                : Optional.ofNullable(localPasswordsByName.get(nameKey(tenantId, userName)));
    }

    public Optional<TenantView> tenant(String tenantId) {
        return Optional.ofNullable(tenants.get(tenantId));
    }

    /** The NAS client whose address (or block) the packet came from, with its secret opened. */
    public Optional<NasClient> nasClient(InetAddress source) {
        for (Map.Entry<IpPrefix, NasClientView> entry : nasByAddress) {
            if (entry.getKey().contains(source)) {
                return Optional.of(opened(entry.getValue()));
            }
        }
        return Optional.empty();
    }

    public Optional<NasClient> nasClient(String nasClientId) {
        NasClientView view = nasViews.get(nasClientId);
        return view == null || view.removed() ? Optional.empty() : Optional.of(opened(view));
    }

    /**
     * Whether {@code address} is the NAS client's registered address or lies in its registered
     * block — where its RADIUS packets must come from, and so its calls to the HTTP decision API.
     */
    public boolean nasClientRegisteredAt(String nasClientId, InetAddress address) {
        NasClientView view = nasViews.get(nasClientId);
        return view != null && !view.removed() && address != null && IpPrefix.parse(view.address()).contains(address);
    }

    private NasClient opened(NasClientView view) {
        return nasOpened.computeIfAbsent(view.nasClientId(), id -> new NasClient(id, view.tenantId(), view.name(),
                sealer.open(view.sealedSecret(), SealContext.NAS_SECRET.of(view.tenantId()))
                        .getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * The VPN user a presented login name denotes: the name as listed, or, for
     * {@code user@domain} and <code>DOMAIN&#92;user</code>, the bare account name.
     */
    public Optional<UserView> user(String tenantId, String presentedName) {
        if (presentedName == null) {
            return Optional.empty();
        }
        UserView exact = usersByName.get(nameKey(tenantId, presentedName));
        if (exact != null) {
            return Optional.of(exact);
        }
        String bare = presentedName;
        int backslash = bare.indexOf('\\');
        if (backslash >= 0) {
            bare = bare.substring(backslash + 1);
        }
        int at = bare.indexOf('@');
        if (at > 0) {
            bare = bare.substring(0, at);
        }
        return Optional.ofNullable(usersByName.get(nameKey(tenantId, bare)));
    }

    public List<DeviceView> devicesOf(String tenantId, String userId) {
        Set<String> ids = devicesByUser.getOrDefault(tenantId + ":" + userId, Set.of());
        return ids.stream().map(devices::get).filter(d -> d != null && !d.removed()
                && userId.equals(d.assignedUserId())).sorted(Comparator.comparing(DeviceView::deviceId)).toList();
    }

    /** The device as the read model has it, removed or not (for tests and diagnostics). */
    Optional<DeviceView> device(String tenantId, String deviceId) {
        return Optional.ofNullable(devices.get(tenantId + ":" + deviceId));
    }

    public Optional<ProfileView> profile(String tenantId, String userId, String deviceId) {
        return Optional.ofNullable(profilesByDevice.get(tenantId + ":" + userId + ":" + deviceId));
    }

    /** A user (deviceId null) or an assigned device whose validity period ended. */
    public record ValidityEnded(String tenantId, String userId, String deviceId) {
    }

    /**
     * Users and assigned devices whose validity period ended in (after, upTo]: their live
     * sessions are to end. A look-up in memory by the time the periods end, no store access.
     */
    public List<ValidityEnded> validityEnded(Instant after, Instant upTo) {
        List<ValidityEnded> ended = new ArrayList<>();
        if (!after.isBefore(upTo)) {
            return ended;
        }
        validityEnds.subMap(after, false, upTo, true).forEach((until, keys) -> keys.forEach(key -> {
            String id = key.substring(1);
            if (key.charAt(0) == 'U') {
                UserView user = users.get(id);
                if (user != null && !user.removed() && endsWithin(user.validUntil(), after, upTo)) {
                    ended.add(new ValidityEnded(user.tenantId(), user.userId(), null));
                }
            } else {
                DeviceView device = devices.get(id);
                if (device != null && !device.removed() && device.assignedUserId() != null
                        && endsWithin(device.validUntil(), after, upTo)) {
                    ended.add(new ValidityEnded(device.tenantId(), device.assignedUserId(), device.deviceId()));
                }
            }
        }));
        return ended;
    }

    /** Forgets the validity periods that ended by {@code upTo}: no later look-up asks for them. */
    public void forgetValidityEndedBy(Instant upTo) {
        validityEnds.headMap(upTo, true).clear();
    }

    private void indexValidity(Instant until, String key) {
        if (until != null) {
            validityEnds.computeIfAbsent(until, u -> ConcurrentHashMap.newKeySet()).add(key);
        }
    }

    private void unindexValidity(Instant until, String key) {
        if (until != null) {
            validityEnds.computeIfPresent(until, (u, keys) -> {
                keys.remove(key);
                return keys.isEmpty() ? null : keys;
            });
        }
    }

    private static boolean endsWithin(Instant until, Instant after, Instant upTo) {
        return until != null && until.isAfter(after) && !until.isAfter(upTo);
    }

    /** Serial IDs registered on any device of the tenant (rare path: auto-registration only). */
    public Set<String> serialsInUse(String tenantId) {
        return devices.values().stream().filter(d -> d.tenantId().equals(tenantId) && !d.removed()
                && d.serialId() != null).map(DeviceView::serialId).collect(Collectors.toSet());
    }

    private static String nameKey(String tenantId, String userName) {
        return tenantId + ":" + userName.toLowerCase(Locale.ROOT);
    }
}
