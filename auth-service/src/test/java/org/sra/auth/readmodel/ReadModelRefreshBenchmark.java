package org.sra.auth.readmodel;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.IntFunction;

import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.SimpleMongoClientDatabaseFactory;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.sra.events.EventEnvelope;
import org.sra.events.device.DeviceAuthMethod;
import org.sra.events.device.DeviceChanged;
import org.sra.events.device.DeviceType;
import org.sra.events.user.UserSource;
import org.sra.kit.secrets.SecretSealer;

import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Updates;
import com.sun.management.OperatingSystemMXBean;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * What keeping the read model current costs, on the local stack's store (mongo-java-server with
 * its H2 MVStore file backend, here in this JVM) holding 30,000 devices, 30,000 VPN users and
 * 30,000 profiles: one refresh as it was (six {@code updatedAt >= last poll - 5 s} queries, each
 * reading the whole collection on this store) against one poll of the change feed (the small
 * feed, then the changed documents by {@code _id}), with the same ten changes written by another
 * replica before each; and the full reload that now runs every ten minutes. Then the other
 * store queries auth-service runs often, each in its old and its new form, on 30,000 sessions,
 * 30,000 leases and the devices.
 *
 * <p>Not a test (no assertion on speed, not run by {@code verify}):
 * {@code ./mvnw -B -ntp -o -pl auth-service test -Dtest=ReadModelRefreshBenchmark -Dsurefire.failIfNoSpecifiedTests=false}
 * then {@code cat auth-service/target/benchmarks/read-model-refresh.txt}.
 */
class ReadModelRefreshBenchmark {

    private static final int TENANTS = 30;
    private static final int PER_TENANT = 1_000;
    private static final int ROUNDS = 30;
    private static final int CHANGES_PER_ROUND = 10;
    private static final String SECRETS_KEY = "WsOL608yiEy3ig3jpWcuYOs650yWXbxMzMRs10ngLsw=";

    private final StringBuilder report = new StringBuilder();

    @Test
    void refreshOldAndNew() throws Exception {
        Path dir = Files.createTempDirectory("read-model-bench");
        H2Backend backend = new H2Backend(dir.resolve("bench.mv.db").toString());
        MongoServer server = new MongoServer(backend);
        var address = server.bind();
        try (var client = MongoClients.create("mongodb://127.0.0.1:" + address.getPort())) {
            var factory = new SimpleMongoClientDatabaseFactory(client, "sra-auth");
            MongoTemplate mongo = new MongoTemplate(factory);
            MongoDatabase database = factory.getMongoDatabase();
            long started = System.nanoTime();
            store(mongo, database);
            line("Stored %,d tenants, %,d devices, %,d VPN users, %,d profiles in %.1f s (H2 file backend, %s)",
                    TENANTS, TENANTS * PER_TENANT, TENANTS * PER_TENANT, TENANTS * PER_TENANT,
                    (System.nanoTime() - started) / 1e9, Runtime.version());
            refresh(mongo);
            hotPaths(mongo, database);
        } finally {
            server.shutdownNow();
            backend.close();
            try (var files = Files.list(dir)) {
                for (Path file : files.toList()) {
                    Files.delete(file);
                }
            }
            Files.delete(dir);
        }
        System.out.print(report);
        Path out = Path.of("target", "benchmarks", "read-model-refresh.txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report);
    }

    private void refresh(MongoTemplate mongo) {
        SecretSealer sealer = SecretSealer.fromBase64(SECRETS_KEY);
        ReadModelChanges changes = new ReadModelChanges(mongo);
        ReadModelSettings settings = new ReadModelSettings(Duration.ofMinutes(10), Duration.ofMinutes(5));
        var noRevocations = new StaticListableBeanFactory().getBeanProvider(AccessRevocations.class);
        ReadModelUpdates otherReplica = new ReadModelUpdates(mongo,
                new ReadModel(mongo, sealer, changes, settings, Clock.systemUTC(), new SimpleMeterRegistry()), changes,
                noRevocations);
        otherReplica.indexes();

        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        ReadModel newWay = new ReadModel(mongo, sealer, changes, settings, Clock.systemUTC(), meters);
        long[] load = measure(newWay::load);
        ReadModel oldWay = new ReadModel(mongo, sealer, changes, settings, Clock.systemUTC(), new SimpleMeterRegistry());
        oldWay.load();
        Instant[] oldLastRefresh = {Instant.now()};
        Runnable oldRefresh = () -> { // the refresh as it was, applying to a model of its own
            Instant now = Instant.now();
            Query changed = Query.query(Criteria.where("updatedAt").gte(oldLastRefresh[0].minus(Duration.ofSeconds(5))));
            mongo.find(changed, TenantView.class).forEach(oldWay::apply);
            mongo.find(changed, NasClientView.class).forEach(oldWay::apply);
            mongo.find(changed, UserView.class).forEach(oldWay::apply);
            mongo.find(changed, DeviceView.class).forEach(oldWay::apply);
            mongo.find(changed, ProfileView.class).forEach(oldWay::apply);
            mongo.find(changed, LocalPasswordView.class).forEach(oldWay::apply);
            oldLastRefresh[0] = now;
        };

        long[][] oldTimes = new long[ROUNDS][];
        long[][] newTimes = new long[ROUNDS][];
        for (int round = -3; round < ROUNDS; round++) { // 3 rounds of warm-up
            for (int c = 0; c < CHANGES_PER_ROUND; c++) {
                int n = Math.floorMod((round + 3) * 7919 + c * 104_729, PER_TENANT);
                String tenant = tenant(c % TENANTS);
                DeviceChanged event = new DeviceChanged(tenant, "d-" + n, "pc-" + n + "-r" + round, true,
                        DeviceType.WINDOWS, true, DeviceAuthMethod.SERIAL_ID, "SN-" + tenant + "-" + n, null);
                otherReplica.onDeviceChanged(EventEnvelope.of(event), event);
            }
            long[] oldOne;
            long[] newOne;
            if (round % 2 == 0) {
                oldOne = measure(oldRefresh);
                newOne = measure(newWay::refresh);
            } else {
                newOne = measure(newWay::refresh);
                oldOne = measure(oldRefresh);
            }
            if (round >= 0) {
                oldTimes[round] = oldOne;
                newTimes[round] = newOne;
            }
        }
        double polled = meters.get("sra.auth.read-model.documents").tag("kind", "poll").counter().count();
        long polls = meters.get("sra.auth.read-model.refresh").tag("kind", "poll").timer().count();
        long feed = mongo.getCollection(ReadModelChanges.COLLECTION).countDocuments();
        long stored = views(mongo);

        // another replica imports 10,000 devices: the feed holds their records for its retention
        List<String> imported = new ArrayList<>();
        for (int t = 0; t < 10; t++) {
            for (int i = 0; i < PER_TENANT; i++) {
                imported.add(tenant(t) + ":d-" + i);
            }
        }
        imported.forEach(id -> changes.noted("devices", id));
        long[] afterImport = measure(newWay::refresh);
        long[][] whileKept = new long[5][];
        for (int i = 0; i < whileKept.length; i++) {
            whileKept[i] = measure(newWay::refresh);
        }
        long[] reload = measure(() -> {
            ReadModel fresh = new ReadModel(mongo, sealer, changes, settings, Clock.systemUTC(), new SimpleMeterRegistry());
            fresh.load();
        });
        line("");
        line("One read-model refresh with %d changed devices written by another replica before it (%d rounds, alternating order):",
                CHANGES_PER_ROUND, ROUNDS);
        line("  %-46s %10s %10s %14s %16s", "", "median ms", "max ms", "CPU ms (mean)", "documents read");
        line("  %-46s %10.1f %10.1f %14.1f %,16d", "old: six updatedAt queries (whole collections)", median(oldTimes, 0),
                max(oldTimes, 0), mean(oldTimes, 1), stored);
        line("  %-46s %10.1f %10.1f %14.1f %,16d", "new: change feed + changed documents by _id", median(newTimes, 0),
                max(newTimes, 0), mean(newTimes, 1), feed + Math.round(polled / polls));
        line("  (documents read: what the store deserialises — a scan reads every document of the collection; the new");
        line("  poll reads the feed, %,d change records here, and %.1f changed documents per poll on average)", feed,
                polled / polls);
        line("  wall time per refresh: %.0fx less; CPU (whole process: poller and store): %.0fx less", median(oldTimes, 0)
                / median(newTimes, 0), mean(oldTimes, 1) / mean(newTimes, 1));
        line("  after another replica imported 10,000 devices: the first poll %.0f ms (fetches them by _id), the next"
                + " ones %.1f ms while the feed keeps the records (%s)", afterImport[0] / 1e6, median(whileKept, 0),
                settings.changeRetention());
        line("  full reload (at start, then every 10 min): %.0f ms wall, %.0f ms CPU, %,d documents (the first load of this"
                + " run, cold, right after the bulk insert: %.0f ms)", reload[0] / 1e6, reload[1] / 1e6, stored, load[0] / 1e6);
        line("  share of one core at the defaults: old %.1f %% (a refresh every second), new %.2f %% (a poll every second"
                + " + a full reload every 600 s)", mean(oldTimes, 1) / 10.0, (mean(newTimes, 1) + reload[1] / 1e6 / 600) / 10.0);
    }

    /** The other frequent store queries, old form against new, on 30,000 sessions and 30,000 leases. */
    private void hotPaths(MongoTemplate mongo, MongoDatabase database) {
        MongoCollection<Document> sessionsOld = database.getCollection("bench_sessions_old");
        MongoCollection<Document> sessions = database.getCollection("bench_sessions");
        sessions.createIndex(Indexes.ascending("liveKey"), new IndexOptions().unique(true).sparse(true).name("live_key"));
        sessions.createIndex(Indexes.ascending("_id", "version"), new IndexOptions().unique(true).name("id_version"));
        MongoCollection<Document> userSessions = database.getCollection("bench_user_sessions");
        MongoCollection<Document> leasesOld = database.getCollection("bench_leases_old");
        MongoCollection<Document> leases = database.getCollection("bench_leases");
        for (MongoCollection<Document> l : List.of(leasesOld, leases)) {
            l.createIndex(Indexes.ascending("tenantId", "address"), new IndexOptions().unique(true).name("tenant_address"));
            l.createIndex(Indexes.ascending("holderKey"), new IndexOptions().unique(true).sparse(true).name("holder_key"));
        }
        leases.createIndex(Indexes.ascending("_id", "expiresAt"), new IndexOptions().unique(true).name("id_expiry"));

        int total = TENANTS * PER_TENANT;
        Date later = Date.from(Instant.now().plus(Duration.ofHours(1)));
        insertAll(sessionsOld, total, i -> session(i, false));
        insertAll(sessions, total, i -> session(i, true));
        insertAll(leasesOld, total, i -> lease(i, UUID.randomUUID().toString(), later));
        insertAll(leases, total, i -> lease(i, tenant(i % TENANTS) + "/" + address(i / TENANTS), later));
        List<Document> perUser = new ArrayList<>();
        for (int i = 0; i < total; i += 10) { // every tenth session is live
            perUser.add(new Document("_id", tenant(i % TENANTS) + "/u-" + (i / TENANTS)).append("sessions",
                    List.of("s-" + i)));
        }
        userSessions.insertMany(perUser);
        MongoCollection<Document> devicesPlain = database.getCollection("bench_devices_plain");
        List<Document> copy = new ArrayList<>();
        for (Document device : mongo.getCollection("devices").find()) {
            copy.add(device);
            if (copy.size() == 5_000) {
                devicesPlain.insertMany(copy);
                copy.clear();
            }
        }
        if (!copy.isEmpty()) {
            devicesPlain.insertMany(copy);
        }
        MongoCollection<Document> devices = mongo.getCollection("devices"); // has id_assigned_user (indexes() above)

        line("");
        line("Other frequent queries, %,d sessions (one in ten live) and %,d leases stored; median of 15, ms (old / new):",
                total, total);
        int[] n = {0};
        compare("accounting: the live session of (NAS, Acct-Session-Id)",
                () -> sessionsOld.find(filter("nasClientId", "nas-0", "acctSessionId", "acct-" + (total / 2 + (n[0] += 30) % 900),
                        "live", true)).first(),
                () -> sessions.find(Filters.eq("liveKey", "nas-0/acct-" + (total / 2 + (n[0] += 30) % 900))).first());
        long[] version = {0, 0};
        compare("accounting: saving the session (optimistic lock {_id, version})",
                () -> sessionsOld.replaceOne(filter("_id", "s-" + total / 2, "version", version[0]),
                        session(total / 2, false).append("version", ++version[0])),
                () -> sessions.replaceOne(filter("_id", "s-" + total / 2, "version", version[1]),
                        session(total / 2, true).append("version", ++version[1])));
        compare("revocation: a user's live sessions",
                () -> sessionsOld.find(filter("tenantId", tenant(10), "userId", "u-" + PER_TENANT / 2, "live", true)).into(new ArrayList<>()),
                () -> {
                    Document user = userSessions.find(Filters.eq("_id", tenant(10) + "/u-" + PER_TENANT / 2)).first();
                    List<String> ids = user == null ? List.of() : user.getList("sessions", String.class);
                    sessions.find(Filters.in("_id", ids)).into(new ArrayList<>());
                });
        String oldLeaseId = leasesOld.find(Filters.eq("holderKey", holderKey(total / 2))).first().getString("_id");
        compare("accept: renewing the holder's own lease",
                () -> leasesOld.findOneAndUpdate(filter("_id", oldLeaseId, "holderKey", holderKey(total / 2)),
                        Updates.set("expiresAt", later)),
                () -> leases.findOneAndUpdate(Filters.eq("holderKey", holderKey(total / 2)), Updates.set("expiresAt", later)));
        compare("accept: a new holder looks for a free address",
                () -> {
                    leasesOld.find(Filters.eq("tenantId", tenant(2))).into(new ArrayList<>());
                    leasesOld.findOneAndUpdate(filter("tenantId", tenant(2), "address", address(PER_TENANT + 5),
                            "expiresAt", new Document("$lte", new Date())), Updates.set("holder", "device:new"));
                },
                () -> leases.find(Filters.in("_id", Arrays.stream(new int[64]).mapToObj(i -> tenant(2) + "/"
                        + address(PER_TENANT + 5 + i)).toList())).into(new ArrayList<>()));
        compare("stop: releasing the session's address",
                () -> leasesOld.deleteOne(filter("tenantId", tenant(3), "address", address(PER_TENANT / 2), "$or",
                        List.of(filter("sessionId", "s-x"), filter("sessionId", null)))),
                () -> {
                    Document lease = leases.find(filter("tenantId", tenant(3), "address", address(PER_TENANT / 2))).first();
                    leases.deleteOne(filter("_id", "none", "expiresAt", lease.get("expiresAt")));
                });
        compare("DeviceUnassigned: clear the user if still the one named",
                () -> devicesPlain.findOneAndUpdate(filter("_id", tenant(15) + ":d-500", "assignedUserId", "someone-else"),
                        Updates.set("assignedUserId", null)),
                () -> devices.findOneAndUpdate(filter("_id", tenant(15) + ":d-500", "assignedUserId", "someone-else"),
                        Updates.set("assignedUserId", null)));
        double sweep = median(15, () -> leases.find(Filters.lte("expiresAt", new Date())).limit(500).into(new ArrayList<>()));
        line("  %-62s %8.1f (unchanged: a scan, every sra.auth.lease-sweep)", "lease sweep: expired leases", sweep);
    }

    private void compare(String what, Runnable old, Runnable now) {
        double before = median(15, old);
        double after = median(15, now);
        line("  %-62s %8.1f / %6.2f  (%.0fx)", what, before, after, before / after);
    }

    // the data

    private static String tenant(int t) {
        return String.format(Locale.ROOT, "tenant-%02d", t);
    }

    private static String address(int i) {
        return "10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255);
    }

    private static String holderKey(int i) {
        return tenant(i % TENANTS) + "/device:d-" + (i / TENANTS);
    }

    /**
     * A filter with its keys side by side, as Spring Data's criteria send it ({@code Filters.and}
     * sends {@code $and}, which the embedded store never answers from an index).
     */
    private static Document filter(Object... keysAndValues) {
        Document filter = new Document();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            filter.append((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return filter;
    }

    private static Document session(int i, boolean keyed) {
        boolean live = i % 10 == 0;
        Document session = new Document("_id", "s-" + i).append("version", 0L).append("tenantId", tenant(i % TENANTS))
                .append("nasClientId", "nas-" + (i % TENANTS)).append("nasAddress", "192.0.2." + (i % TENANTS))
                .append("acctSessionId", "acct-" + i).append("userName", "user-" + (i / TENANTS))
                .append("userId", "u-" + (i / TENANTS)).append("deviceId", "d-" + (i / TENANTS))
                .append("framedIp", address(i / TENANTS)).append("startedAt", new Date()).append("lastUpdate", new Date())
                .append("live", live).append("outbox", List.of());
        if (live && keyed) {
            session.append("liveKey", "nas-" + (i % TENANTS) + "/acct-" + i);
        }
        return session;
    }

    private static Document lease(int i, String id, Date expiresAt) {
        return new Document("_id", id).append("tenantId", tenant(i % TENANTS)).append("address", address(i / TENANTS))
                .append("holder", "device:d-" + (i / TENANTS)).append("sessionId", "s-" + i)
                .append("expiresAt", expiresAt).append("holderKey", holderKey(i));
    }

    private static void insertAll(MongoCollection<Document> collection, int count, IntFunction<Document> document) {
        List<Document> batch = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            batch.add(document.apply(i));
            if (batch.size() == 5_000) {
                collection.insertMany(batch);
                batch.clear();
            }
        }
        if (!batch.isEmpty()) {
            collection.insertMany(batch);
        }
    }

    private static void store(MongoTemplate mongo, MongoDatabase database) {
        Instant anHourAgo = Instant.now().minus(Duration.ofHours(1));
        SecretSealer sealer = SecretSealer.fromBase64(SECRETS_KEY);
        List<Object> tenants = new ArrayList<>();
        List<Object> nas = new ArrayList<>();
        for (int t = 0; t < TENANTS; t++) {
            tenants.add(new TenantView(tenant(t), false, "10." + t + ".0.0/16", null, true, "10.0.0.53", null, "ja", null,
                    null, null, null, null, null, false, anHourAgo));
            nas.add(new NasClientView("nas-" + t, tenant(t), "192.0.2." + t, sealer.seal("secret-" + t,
                    "nas-secret:" + tenant(t)), "asa-" + t, false, anHourAgo));
        }
        insert(mongo, database, TenantView.class, tenants);
        insert(mongo, database, NasClientView.class, nas);
        insertPerTenant(mongo, database, UserView.class, (t, i) -> new UserView(tenant(t) + ":u-" + i, tenant(t), "u-" + i,
                "user-" + i, UserSource.ACTIVE_DIRECTORY, false, anHourAgo, "CN=user-" + i + ",OU=VPN,DC=corp,DC=example"));
        insertPerTenant(mongo, database, DeviceView.class, (t, i) -> new DeviceView(tenant(t) + ":d-" + i, tenant(t),
                "d-" + i, "pc-" + i, true, DeviceType.WINDOWS, true, DeviceAuthMethod.SERIAL_ID,
                "SN-" + tenant(t) + "-" + i, null, "u-" + i, false, anHourAgo, null, 0));
        insertPerTenant(mongo, database, ProfileView.class, (t, i) -> new ProfileView(tenant(t) + ":p-" + i, tenant(t),
                "p-" + i, "u-" + i, "d-" + i, true, false, true, false, anHourAgo));
    }

    private interface PerTenant<T> {
        T make(int tenant, int i);
    }

    private static <T> void insertPerTenant(MongoTemplate mongo, MongoDatabase database, Class<T> type,
                                            PerTenant<T> make) {
        List<Object> batch = new ArrayList<>();
        for (int t = 0; t < TENANTS; t++) {
            for (int i = 0; i < PER_TENANT; i++) {
                batch.add(make.make(t, i));
                if (batch.size() == 5_000) {
                    insert(mongo, database, type, batch);
                    batch.clear();
                }
            }
        }
        insert(mongo, database, type, batch);
    }

    private static void insert(MongoTemplate mongo, MongoDatabase database, Class<?> type, List<Object> views) {
        if (views.isEmpty()) {
            return;
        }
        Function<Object, Document> toDocument = view -> {
            Document document = new Document();
            mongo.getConverter().write(view, document);
            return document;
        };
        database.getCollection(mongo.getCollectionName(type)).insertMany(views.stream().map(toDocument).toList());
    }

    // measuring

    /** Wall and process CPU nanoseconds of one run (the store runs in this process too). */
    private static long[] measure(Runnable run) {
        var os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpu = os.getProcessCpuTime();
        long wall = System.nanoTime();
        run.run();
        return new long[] {System.nanoTime() - wall, os.getProcessCpuTime() - cpu};
    }

    private static double median(int runs, Runnable run) {
        for (int i = 0; i < 3; i++) {
            run.run();
        }
        long[][] times = new long[runs][];
        for (int i = 0; i < runs; i++) {
            times[i] = measure(run);
        }
        return median(times, 0);
    }

    private static double median(long[][] times, int which) {
        long[] sorted = Arrays.stream(times).mapToLong(t -> t[which]).sorted().toArray();
        return sorted[sorted.length / 2] / 1e6;
    }

    private static double mean(long[][] times, int which) {
        return Arrays.stream(times).mapToLong(t -> t[which]).average().orElse(0) / 1e6;
    }

    private static long views(MongoTemplate mongo) {
        return List.of(TenantView.class, NasClientView.class, UserView.class, DeviceView.class, ProfileView.class,
                LocalPasswordView.class).stream().mapToLong(type -> mongo.getCollection(mongo.getCollectionName(type))
                .countDocuments()).sum();
    }

    private static double max(long[][] times, int which) {
        return Arrays.stream(times).mapToLong(t -> t[which]).max().orElse(0) / 1e6;
    }

    private void line(String format, Object... args) {
        report.append(String.format(Locale.ROOT, format, args)).append('\n');
    }
}
