package org.sra.local.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.DoubleSupplier;
import java.util.function.IntFunction;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import org.sra.local.DemoTokens;
import org.sra.local.Ports;
import org.sra.local.keys.KeyMaterial;

/**
 * The bulk benchmark of the product issue, against the whole local stack through the gateway —
 * not a test (run it with {@code bench/bulk.sh}; see docs/benchmarks.md). It starts the launcher
 * on a fresh data directory (or attaches to a running stack with {@code --attach}), sets up three
 * tenants as their admins would, and prints:
 * <ol type="a">
 *   <li>tenant X's device CSV import (10,000 rows): status and time through the gateway;</li>
 *   <li>while X's events drain, tenant Y's assignment → first radclient Access-Accept, repeated;</li>
 *   <li>when X's import (its {@code DevicesImported} parts of 500 devices) has been handled at auth-service and
 *   profile-service;</li>
 *   <li>the relay's throughput seen from device-service's metrics, with a time line of backlog and
 *   consumer lag;</li>
 *   <li>1,000 directory users added at once to tenant Z and their propagation; their 1,000 profile
 *   links sent at once and the mails counted on the mail page, each exactly once;</li>
 *   <li>device list pages through the gateway with 30,000 devices (and 30,000 VPN users) stored;</li>
 *   <li>the launcher JVM's resident memory (the store lives in it), from /proc.</li>
 * </ol>
 */
public final class BulkBenchmark {

    private static Duration DRAIN_LIMIT = Duration.ofMinutes(40);
    private static final String NAS_SECRET = "bench-headend-secret-0123";
    private static final int PAGE_SIZE = 50;

    private final Options options;
    private final Lab lab;
    private final LauncherProcess launcher;
    private final String run;
    private final List<String> summary = new ArrayList<>();
    private final Random random = new Random();
    private CpuUse cpu;
    private int devicesStored;
    private int usersStored;

    private BulkBenchmark(Options options, Lab lab, LauncherProcess launcher) {
        this.options = options;
        this.lab = lab;
        this.launcher = launcher;
        this.run = randomRun();
    }

    record Options(boolean attach, Path root, Path stackRoot, List<String> launcherJavaOptions, Path data, int portOffset, int importRows, int repeats, int users,
                   int totalDevices, int totalUsers, int pages, int drainLimitMinutes, String parts,
                   int fillWaitMinutes) {

        boolean runs(char part) {
            return parts.indexOf(part) >= 0;
        }

        static Options parse(String... args) {
            Map<String, String> given = new HashMap<>();
            boolean attach = false;
            for (int i = 0; i < args.length; i++) {
                if (args[i].equals("--attach")) {
                    attach = true;
                } else if (args[i].startsWith("--") && i + 1 < args.length) {
                    given.put(args[i].substring(2), args[++i]);
                } else {
                    throw new IllegalArgumentException("unknown argument " + args[i]);
                }
            }
            Path root = Path.of(given.getOrDefault("root", ".")).toAbsolutePath().normalize();
            Path data = given.containsKey("data") ? Path.of(given.get("data")).toAbsolutePath().normalize()
                    : root.resolve("deploy/local-stack/target/bench-data/"
                    + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
            Path stackRoot = Path.of(given.getOrDefault("stack-root", root.toString())).toAbsolutePath().normalize();
            List<String> javaOptions = List.of(given.getOrDefault("launcher-java-opts", "").trim().split("\\s+")).stream()
                    .filter(o -> !o.isEmpty()).toList();
            return new Options(attach, root, stackRoot, javaOptions, data, Integer.parseInt(given.getOrDefault("port-offset", "300")),
                    Integer.parseInt(given.getOrDefault("import", "10000")),
                    Integer.parseInt(given.getOrDefault("repeats", "5")),
                    Integer.parseInt(given.getOrDefault("users", "1000")),
                    Integer.parseInt(given.getOrDefault("total-devices", "30000")),
                    Integer.parseInt(given.getOrDefault("total-users", "30000")),
                    Integer.parseInt(given.getOrDefault("pages", "200")),
                    Integer.parseInt(given.getOrDefault("drain-limit-min", "40")),
                    given.getOrDefault("parts", "abcdefg"),
                    Integer.parseInt(given.getOrDefault("fill-wait-min", "10")));
        }
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        DRAIN_LIMIT = Duration.ofMinutes(options.drainLimitMinutes());
        LauncherProcess launcher;
        long startBegan = System.nanoTime();
        if (options.attach()) {
            launcher = LauncherProcess.attach(new Ports(options.portOffset()).mongo());
            say("attached to the stack with port offset %d (launcher pid %d), data %s", options.portOffset(),
                    launcher.pid(), options.data());
        } else {
            if (Files.isDirectory(options.data()) && Files.list(options.data()).findAny().isPresent()) {
                throw new IllegalArgumentException(options.data() + " is not empty: the benchmark starts on a fresh data "
                        + "directory (or use --attach for a running stack)");
            }
            say("starting the local stack: data %s, port offset %d, launcher JVM options %s …", options.data(),
                    options.portOffset(), options.launcherJavaOptions());
            launcher = LauncherProcess.start(options.stackRoot(), options.data(), options.portOffset(), Duration.ofSeconds(300),
                    options.launcherJavaOptions());
            say("stack up in %.0f s (launcher pid %d)", seconds(System.nanoTime() - startBegan), launcher.pid());
        }
        KeyMaterial keys = KeyMaterial.loadOrCreate(options.data().resolve("keys"));
        Lab lab = new Lab(new Ports(options.portOffset()), new DemoTokens(keys.privateKey()), options.data());
        BulkBenchmark bench = new BulkBenchmark(options, lab, launcher);
        try {
            bench.run();
        } finally {
            if (!options.attach()) {
                say("stopping the stack …");
                launcher.close();
            }
        }
    }

    private void run() throws Exception {
        say("machine: %d cores, load average %.1f; run id %s", Runtime.getRuntime().availableProcessors(),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), run);
        memory("after start");
        cpu = new CpuUse(lab, launcher.pid());

        LabTenant x = createTenant("Bulk X " + run, 3);
        LabTenant y = createTenant("Single Y " + run, 2);
        LabTenant z = createTenant("Mail Z " + run, 1);
        x.useDemoDirectory();
        z.useDemoDirectory();
        boolean radius = Radclient.installed();
        HeadOfLine headOfLine = null;
        if (radius && options.runs('b')) {
            long began = System.nanoTime();
            try {
                headOfLine = HeadOfLine.prepare(lab, y, NAS_SECRET, options.repeats());
                say("tenant Y ready: headend 127.0.0.1, %d users each with an unassigned device, auth-service rejects"
                        + " them for NO_DEVICE (%.1f s)", options.repeats(), seconds(System.nanoTime() - began));
            } catch (IllegalStateException e) {
                if (!e.getMessage().contains("nas-address-taken")) {
                    throw e;
                }
                say("(b) skipped: 127.0.0.1 is already another tenant's headend on this stack (an earlier run);"
                        + " run (b) on a fresh stack");
            }
        } else if (!radius) {
            say("radclient not installed (apt-get install -y freeradius-utils): (b) skipped");
        }
        if (headOfLine == null) {
            y.useDemoDirectory();
        }

        HeadOfLine scenario = headOfLine;
        if (options.runs('a') || options.runs('b') || options.runs('c') || options.runs('d')) {
            phase("(a)-(d)", () -> importWhileAssigning(x, scenario));
            memory("after X's import drained");
        }
        if (options.runs('e')) {
            phase("(e)", () -> usersAndMails(z));
            memory("after Z's users and mails");
        }
        if (!options.runs('f')) {
            logs();
            say("");
            summary.forEach(line -> say("  %s", line));
            return;
        }
        phase("(f) fill", () -> fill(x, y, z));
        phase("(f) list", () -> {
            devicesStored = 0;
            usersStored = 0;
            for (LabTenant tenant : List.of(x, y, z)) {
                devicesStored += tenant.api().get("/api/devices?size=1", tenant.adminToken()).expectOk().json()
                        .path("totalElements").asInt();
                usersStored += tenant.api().get("/api/vpn-users?size=1", tenant.adminToken()).expectOk().json()
                        .path("total").asInt();
            }
            listPages(x);
        });
        memory(String.format("with %,d devices and %,d VPN users stored", devicesStored, usersStored));
        storeFile();

        logs();
        say("");
        say("SUMMARY (run %s, port offset %d)", run, options.portOffset());
        summary.forEach(line -> say("  %s", line));
    }

    interface Phase {
        void run() throws Exception;
    }

    /** Runs one part; a failure is reported and the benchmark goes on with the next part. */
    private void phase(String name, Phase phase) {
        try {
            phase.run();
        } catch (Exception | AssertionError e) {
            say("✗ %s failed: %s", name, e);
            summary.add(String.format("%s FAILED: %s", name, e.getMessage()));
        }
    }

    /** (a) X's import, (b) Y's assignments meanwhile, (c) X's events at the consumers, (d) the relay. */
    private void importWhileAssigning(LabTenant x, HeadOfLine headOfLine) {
        say("");
        say("(a)-(d) X imports %,d devices; Y assigns while X's events drain", options.importRows());
        byte[] csv = DeviceCsvFile.mixed("x" + run, 0, options.importRows());
        double authBefore = consumed("auth", IMPORT_EVENT);
        double profileBefore = consumed("profile", IMPORT_EVENT);
        double publishedBefore = lab.metrics("device").sum("sra_outbox_published_total");
        int parts = parts(options.importRows());
        try (DrainProbe probe = new DrainProbe(lab, IMPORT_EVENT, Duration.ofSeconds(1), true)) {
            cpu.mark();
            long began = System.nanoTime();
            Api.Answer imported = x.importDevices(csv);
            long answered = System.nanoTime();
            Instant answeredAt = Instant.now();
            devicesStored += imported.ok() ? options.importRows() : 0;
            say("(a) import: HTTP %d in %,d ms (%,d bytes) %s", imported.status(), imported.took().toMillis(), csv.length,
                    imported.ok() ? imported.body() : imported.abbreviated());
            summary.add(String.format("(a) X's %,d-row CSV import: HTTP %d in %,d ms", options.importRows(),
                    imported.status(), imported.took().toMillis()));

            if (headOfLine != null) {
                List<Long> latencies = new ArrayList<>();
                List<String> statuses = new ArrayList<>();
                for (int i = 0; i < options.repeats(); i++) {
                    HeadOfLine.Repeat repeat;
                    try {
                        repeat = headOfLine.assignAndConnect(i, Duration.ofMinutes(5), IMPORT_EVENT);
                    } catch (AssertionError | RuntimeException e) {
                        say("(b) Y #%d: %s", i + 1, e.getMessage());
                        latencies.add(-1L);
                        continue;
                    }
                    latencies.add(repeat.latency().toMillis());
                    statuses.add(repeat.assignStatus() + " in " + repeat.assignAnswer().toMillis() + " ms");
                    double handled = repeat.bulkHandledAtAccept() - authBefore;
                    say("(b) Y #%d %-14s assignment sent %.1f s after X's import answer: HTTP %d in %,d ms, known saved"
                                    + " after %,d ms (parts of X's import handled at auth-service then: %,.0f); Access-Accept"
                                    + " %,d ms after it was saved (accepted request sent at +%,d ms, %d requests);"
                                    + " DeviceAssigned at auth-service by +%s; parts of X's import handled at auth-service at"
                                    + " the accept: %,.0f of %,d; decisions %s",
                            i + 1, repeat.user(), Duration.between(answeredAt, repeat.assigned()).toMillis() / 1000.0
                                    - repeat.savedAfterRequest().toMillis() / 1000.0,
                            repeat.assignStatus(), repeat.assignAnswer().toMillis(), repeat.savedAfterRequest().toMillis(),
                            repeat.bulkHandledAtAssign() - authBefore, repeat.latency().toMillis(),
                            repeat.acceptRequestAfter().toMillis(), repeat.requests(),
                            repeat.deviceAtAuth() == null ? "?" : repeat.deviceAtAuth().toMillis() + " ms", handled,
                            parts, repeat.reasons());
                }
                summary.add(String.format("(b) Y's assignment → Access-Accept during X's drain: %s ms (goal ≤ 2,000);"
                        + " assignment answers %s", latencies, statuses));
            }

            Duration atAuth = null;
            Duration atProfile = null;
            long deadline = System.nanoTime() + DRAIN_LIMIT.toNanos();
            while ((atAuth == null || atProfile == null) && System.nanoTime() < deadline) {
                if (atAuth == null && consumed("auth", IMPORT_EVENT) - authBefore >= parts) {
                    atAuth = Duration.ofNanos(System.nanoTime() - answered);
                }
                if (atProfile == null && consumed("profile", IMPORT_EVENT) - profileBefore >= parts) {
                    atProfile = Duration.ofNanos(System.nanoTime() - answered);
                }
                Waits.pause(250);
            }
            say("(c) X's %,d devices (DevicesImported) handled after the import's answer: auth-service %s, profile-service %s (goal ≤ 30 s)",
                    options.importRows(), secondsOrNot(atAuth), secondsOrNot(atProfile));
            summary.add(String.format("(c) X's events handled after the import's answer: auth-service %s, profile-service %s"
                    + " (goal ≤ 30 s)", secondsOrNot(atAuth), secondsOrNot(atProfile)));
            say("    CPU %s", cpu.sinceMark());
            Waits.pause(1000); // one more probe sample after the end
            relayFigures(probe.samples(), publishedBefore, authBefore, profileBefore, (answered - began) / 1_000_000);
        }
    }

    /** (d): device-service's published counter over the probe's samples, and the time line. */
    private void relayFigures(List<DrainProbe.Sample> samples, double publishedBefore, double authBefore,
                              double profileBefore, long importMillis) {
        if (samples.isEmpty()) {
            return;
        }
        say("time line (t from the import request; published/handled are deltas):");
        say("   t s  published  backlog  oldest s  auth handled  profile handled  lag auth  lag profile  lag auth(profiles)");
        double last = samples.getLast().devicePublished();
        DrainProbe.Sample first = null;
        DrainProbe.Sample done = null;
        double peak = 0;
        DrainProbe.Sample previous = null;
        long lastPrinted = -10_000;
        for (DrainProbe.Sample s : samples) {
            double published = s.devicePublished() - publishedBefore;
            if (first == null && published > 0) {
                first = previous == null ? s : previous;
            }
            if (done == null && s.devicePublished() >= last) {
                done = s;
            }
            if (previous != null && s.atMillis() > previous.atMillis() && s.devicePublished() >= 0 && previous.devicePublished() >= 0) {
                peak = Math.max(peak, (s.devicePublished() - previous.devicePublished()) * 1000.0
                        / (s.atMillis() - previous.atMillis()));
            }
            if (s.atMillis() - lastPrinted >= 2000 || s == samples.getLast()) {
                say("  %5.1f  %9.0f  %7.0f  %8.1f  %12.0f  %15.0f  %8d  %11d  %18d", s.atMillis() / 1000.0, published,
                        s.deviceBacklogEvents(), s.deviceBacklogOldest(), s.authConsumed() - authBefore,
                        s.profileConsumed() - profileBefore, s.authLagDevices(), s.profileLagDevices(), s.authLagProfiles());
                lastPrinted = s.atMillis();
            }
            previous = s;
        }
        if (first != null && done != null && done.atMillis() > first.atMillis()) {
            double rate = (done.devicePublished() - first.devicePublished()) * 1000.0 / (done.atMillis() - first.atMillis());
            say("(d) relay: %,.0f events (DevicesImported and AuditRecorded) published between %.1f s and %.1f s ⇒ %,.0f"
                            + " events/s average, %,.0f events/s peak (1 s samples) (goal ≥ 2,000); the import answered"
                            + " after %.1f s", done.devicePublished() - first.devicePublished(), first.atMillis() / 1000.0,
                    done.atMillis() / 1000.0, rate, peak, importMillis / 1000.0);
            summary.add(String.format("(d) relay (device-service): %,.0f events/s average from first to last publish of"
                    + " X's import, %,.0f peak (goal ≥ 2,000)", rate, peak));
        } else {
            say("(d) relay: nothing published during the probe");
        }
        Metrics.Scrape device = lab.metrics("device").scrape();
        say("    device-service relay batches: %,.0f, paced %,.0f times (bulk tenant held back for consumer lag),"
                        + " mean batch %.0f ms, max %.0f ms", device.sum("sra_outbox_batch_seconds_count"),
                device.sum("sra_outbox_paced_total"),
                1000 * device.sum("sra_outbox_batch_seconds_sum") / Math.max(1, device.sum("sra_outbox_batch_seconds_count")),
                1000 * device.sum("sra_outbox_batch_seconds_max"));
        for (String service : List.of("auth", "profile")) {
            Metrics.Scrape s = lab.metrics(service).scrape();
            double count = s.sum("sra_events_handle_seconds_count", "type", IMPORT_EVENT);
            say("    %s-service: DevicesImported parts handled %,.0f (duplicates %,.0f), mean handling %.2f ms per part",
                    service, count, s.sum("sra_events_consumed_total", "type", IMPORT_EVENT, "outcome", "duplicate"),
                    count == 0 ? 0 : 1000 * s.sum("sra_events_handle_seconds_sum", "type", IMPORT_EVENT) / count);
        }
    }

    /** (e) Z: 1,000 directory users at once; their profiles; 1,000 links sent at once; the mails. */
    private void usersAndMails(LabTenant z) throws Exception {
        int count = options.users();
        say("");
        say("(e) Z adds %,d directory users at once, assigns each a device and sends %,d profile links at once", count, count);
        long began = System.nanoTime();
        String prefix = "m" + run;
        List<String> logins = DirectoryUsers.add(lab.ldapHostPort(), prefix, count);
        say("    %,d users added to the demo directory over LDAP in %.1f s (it has 10 of its own)", logins.size(),
                seconds(System.nanoTime() - began));

        Map<String, Double> before = new LinkedHashMap<>();
        for (String service : List.of("device", "profile", "auth")) {
            before.put(service, consumed(service, "VpnUserAdded"));
        }
        cpu.mark();
        Api.Answer added = z.addAllMatching(prefix);
        long answered = System.nanoTime();
        List<LabTenant.VpnUser> users = added.ok() ? LabTenant.users(added) : List.of();
        usersStored += users.size();
        say("    POST /api/vpn-users {all, query}: HTTP %d in %,d ms, %,d users", added.status(), added.took().toMillis(),
                users.size());
        Map<String, String> propagated = awaitConsumed(before, "VpnUserAdded", users.size(), answered);
        say("    VpnUserAdded handled after the answer: %s (goal ≤ 30 s)", propagated);
        say("    CPU %s", cpu.sinceMark());
        summary.add(String.format("(e) %,d users added at once: HTTP %d in %,d ms; handled after the answer at %s (goal ≤ 30 s)",
                users.size(), added.status(), added.took().toMillis(), propagated));
        if (users.size() != count) {
            say("    ✗ expected %,d users; stopping (e) here", count);
            return;
        }

        Api.Answer devices = z.importDevices(DeviceCsvFile.plain("z" + run, count));
        devicesStored += devices.ok() ? count : 0;
        say("    Z's %,d devices imported: HTTP %d in %,d ms", count, devices.status(), devices.took().toMillis());
        List<String> deviceIds = deviceIds(z, "z" + run, count);
        long assignBegan = System.nanoTime();
        List<Api.Answer> assigned = parallel(8, count, i -> z.assign(users.get(i).userId(), List.of(deviceIds.get(i))));
        long failed = assigned.stream().filter(a -> !a.ok()).count();
        say("    %,d assignments (8 at a time): %.1f s, %d not 2xx%s", count, seconds(System.nanoTime() - assignBegan), failed,
                failed == 0 ? "" : " e.g. " + assigned.stream().filter(a -> !a.ok()).findFirst().get().abbreviated());
        for (int i = 0; i < count; i++) { // an admin sends it again (the change is a replace: the same result twice)
            for (int attempt = 0; attempt < 3 && !assigned.get(i).ok(); attempt++) {
                assigned.set(i, z.assign(users.get(i).userId(), List.of(deviceIds.get(i))));
                say("    assignment of %s sent again: HTTP %d", users.get(i).userName(), assigned.get(i).status());
            }
        }
        Duration profiles = Waits.until("profile-service has Z's " + count + " profiles", DRAIN_LIMIT,
                () -> profileIdsOrNone(z).size() >= count);
        say("    profile-service has all %,d profiles %.1f s after the last assignment", count, profiles.toMillis() / 1000.0);
        List<String> profileIds = Waits.untilValue(() -> profileIdsOrNone(z), ids -> ids.size() >= count, DRAIN_LIMIT);

        String mails = lab.mailPage();
        Map<String, Object> send = new LinkedHashMap<>();
        send.put("subject", "VPN profile (bench " + run + ")");
        send.put("validityDays", 7);
        send.put("maxDownloads", 3);
        send.put("profileIds", profileIds);
        cpu.mark();
        Api.Answer once = z.api().post("/api/profiles/send", z.adminToken(), send);
        long sentAt;
        String how;
        if (once.ok()) {
            sentAt = System.nanoTime();
            how = String.format("one request: HTTP %d in %,d ms", once.status(), once.took().toMillis());
        } else {
            say("    POST /api/profiles/send with %,d profiles: HTTP %d %s", profileIds.size(), once.status(),
                    once.abbreviated());
            int chunks = (profileIds.size() + 499) / 500;
            long sendBegan = System.nanoTime();
            List<Api.Answer> answers = parallel(chunks, chunks, i -> {
                Map<String, Object> part = new LinkedHashMap<>(send);
                part.put("profileIds", profileIds.subList(i * 500, Math.min(profileIds.size(), (i + 1) * 500)));
                return z.api().post("/api/profiles/send", z.adminToken(), part);
            });
            sentAt = System.nanoTime();
            how = String.format("%d requests of ≤ 500 at once (the API's limit): HTTP %s, all answered in %,d ms", chunks,
                    answers.stream().map(a -> String.valueOf(a.status())).toList(), (sentAt - sendBegan) / 1_000_000);
        }
        say("    sent: %s", how);
        Duration allMails = Waits.until(count + " mails on the mail page", DRAIN_LIMIT,
                () -> mailCounts(mails, prefix).size() >= count);
        say("    CPU %s", cpu.sinceMark());
        Waits.pause(10_000); // a late duplicate would show within this
        Map<String, Integer> counts = mailCounts(mails, prefix);
        long once1 = counts.values().stream().filter(n -> n == 1).count();
        int total = counts.values().stream().mapToInt(Integer::intValue).sum();
        say("    %,d mails to %,d recipients %.1f s after the send's answer; 10 s later: %,d mails, %,d recipients exactly once,"
                + " %,d more than once", count, counts.size(), allMails.toMillis() / 1000.0, total, once1, counts.size() - once1);
        summary.add(String.format("(e) %,d profile links sent (%s): %,d mails after %.1f s, %,d recipients exactly once, %,d"
                + " duplicates (goal ≤ 30 s, each once)", count, once.ok() ? "one request" : "2 × 500", total,
                allMails.toMillis() / 1000.0, once1, total - counts.size()));
    }

    /** (f) preparation: devices and VPN users up to the totals, and how long their events take to drain. */
    private void fill(LabTenant x, LabTenant y, LabTenant z) throws Exception {
        say("");
        say("(f) filling up to %,d devices and %,d VPN users", options.totalDevices(), options.totalUsers());
        double authBefore = consumed("auth", IMPORT_EVENT);
        double profileBefore = consumed("profile", IMPORT_EVENT);
        double publishedBefore = lab.metrics("device").sum("sra_outbox_published_total");
        int batch = 1;
        int added = 0;
        int addedParts = 0;
        cpu.mark();
        long began = System.nanoTime();
        while (devicesStored < options.totalDevices()) {
            int rows = Math.min(10_000, options.totalDevices() - devicesStored);
            Api.Answer answer = x.importDevices(DeviceCsvFile.mixed("x" + run + "b" + batch, batch, rows));
            say("    X imports %,d more devices: HTTP %d in %,d ms", rows, answer.status(), answer.took().toMillis());
            if (!answer.ok()) {
                say("    ✗ %s", answer.abbreviated());
                break;
            }
            devicesStored += rows;
            added += rows;
            addedParts += parts(rows);
            batch++;
        }
        if (added > 0) {
            long answered = System.nanoTime();
            say("    imports took %.1f s; waiting at most %d min for their DevicesImported at the consumers …",
                    seconds(answered - began), options.fillWaitMinutes());
            progress("the fill's DevicesImported parts (" + added + " devices)", addedParts, Map.of(
                    "auth-service", () -> consumed("auth", IMPORT_EVENT) - authBefore,
                    "profile-service", () -> consumed("profile", IMPORT_EVENT) - profileBefore), answered);
            say("    device-service published %,.0f events since the fill began",
                    lab.metrics("device").sum("sra_outbox_published_total") - publishedBefore);
            say("    CPU %s", cpu.sinceMark());
        }

        int fill = options.totalUsers() - usersStored - options.repeats();
        if (fill > 0) {
            int perTenant = (fill + 2) / 3;
            String prefix = "f" + run;
            long ldapBegan = System.nanoTime();
            DirectoryUsers.add(lab.ldapHostPort(), prefix, perTenant);
            say("    %,d more users in the demo directory (%.1f s); X, Y and Z each add all of them", perTenant,
                    seconds(System.nanoTime() - ldapBegan));
            Map<String, Double> before = new LinkedHashMap<>();
            for (String service : List.of("device", "profile", "auth")) {
                before.put(service, consumed(service, "VpnUserAdded"));
            }
            int total = 0;
            cpu.mark();
            for (LabTenant tenant : List.of(x, y, z)) {
                Api.Answer answer = tenant.addAllMatching(prefix);
                int n = answer.ok() ? answer.json().size() : 0;
                total += n;
                say("    %s adds %,d users: HTTP %d in %,d ms", tenant.name(), n, answer.status(), answer.took().toMillis());
            }
            usersStored += total;
            long answered = System.nanoTime();
            Map<String, DoubleSupplier> handled = new LinkedHashMap<>();
            before.forEach((service, was) -> handled.put(service + "-service", () -> consumed(service, "VpnUserAdded") - was));
            progress("the fill's VpnUserAdded", total, handled, answered);
            say("    CPU %s", cpu.sinceMark());
        }
    }

    /**
     * Waits at most {@code --fill-wait-min} for every consumer to handle {@code expected} events,
     * then says how far each got and at what rate (at 30,000 devices the consumers may need far
     * longer; the list is then measured while they work).
     */
    private void progress(String what, int expected, Map<String, DoubleSupplier> handled, long since) {
        long deadline = since + Duration.ofMinutes(options.fillWaitMinutes()).toNanos();
        Map<String, Double> last = new TreeMap<>();
        while (System.nanoTime() < deadline) {
            handled.forEach((service, count) -> last.put(service, count.getAsDouble()));
            if (last.values().stream().allMatch(n -> n >= expected)) {
                break;
            }
            Waits.pause(1000);
        }
        double elapsed = seconds(System.nanoTime() - since);
        last.forEach((service, n) -> say("    %s: %s handled %,.0f of %,d in %.0f s (%.1f/s)", what, service, n, expected,
                elapsed, n / elapsed));
        summary.add(String.format("(f) %s: %s after %.0f s (of %,d)", what, last.entrySet().stream()
                .map(e -> String.format("%s %,.0f", e.getKey(), e.getValue())).toList(), elapsed, expected));
    }

    /** What still drains while a figure is taken: relay backlogs and consumer lag. */
    private String busy() {
        StringBuilder line = new StringBuilder();
        for (String service : List.of("directory", "device", "profile")) {
            line.append(String.format("%s-service relay backlog %,.0f events; ", service,
                    lab.metrics(service).sum("sra_outbox_backlog_events")));
        }
        try (ConsumerLag lag = new ConsumerLag(lab.kafka())) {
            for (String group : List.of("device-service", "profile-service", "auth-service")) {
                line.append(String.format("%s lag %,d; ", group, lag.of(group,
                        Set.of("sra.devices", "sra.vpn-users", "sra.profiles"))));
            }
        }
        return line.toString();
    }

    /** (f) the device list through the gateway, X holding most of the devices. */
    private void listPages(LabTenant x) {
        JsonNode first = x.api().get("/api/devices?size=" + PAGE_SIZE, x.adminToken()).expectOk().json();
        long total = first.path("totalElements").asLong();
        int pages = Math.max(1, first.path("totalPages").asInt());
        for (int i = 0; i < 20; i++) { // warm-up
            x.api().get("/api/devices?size=" + PAGE_SIZE + "&page=" + (i * pages / 20), x.adminToken()).expectOk();
        }
        List<Long> plain = new ArrayList<>();
        for (int i = 0; i < options.pages(); i++) {
            plain.add(x.api().get("/api/devices?size=" + PAGE_SIZE + "&page=" + ((long) i * pages / options.pages()),
                    x.adminToken()).expectOk().took().toMillis());
        }
        String[] filters = {"type=MAC", "name=x" + run + "-0042", "sort=type,desc", "assigned=false&sort=createdAt",
                "name=99&type=WINDOWS"};
        List<Long> filtered = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            filtered.add(x.api().get("/api/devices?" + filters[i % filters.length] + "&size=" + PAGE_SIZE + "&page=" + (i % 5),
                    x.adminToken()).expectOk().took().toMillis());
        }
        say("(f) GET /api/devices through the gateway, tenant X with %,d of %,d devices stored:", total, devicesStored);
        say("    meanwhile: %s", busy());
        say("    %d pages of %d spread over all %,d pages: %s (goal p95 < 100 ms)", plain.size(), PAGE_SIZE, pages, stats(plain));
        say("    %d filtered/sorted pages: %s", filtered.size(), stats(filtered));
        summary.add(String.format("(f) device list page (X: %,d devices; %,d devices, %,d VPN users stored): %s;"
                + " filtered/sorted %s (goal p95 < 100 ms)", total, devicesStored, usersStored, stats(plain), stats(filtered)));
    }

    private void memory(String when) {
        launcher.memory().ifPresentOrElse(m -> {
            say("(g) launcher JVM (store, mail, LDAP) %s: RSS %,.0f MiB, peak %,.0f MiB (goal < 1.5 GB); heap: %s", when,
                    m.rssMiB(), m.hwmMiB(), launcher.heapInfo());
            summary.add(String.format("(g) launcher RSS %s: %,.0f MiB (peak %,.0f MiB)", when, m.rssMiB(), m.hwmMiB()));
        }, () -> say("(g) launcher pid %d: /proc not readable", launcher.pid()));
    }

    private void storeFile() throws IOException {
        Path file = lab.data().resolve("mongo/sra.mv.db");
        if (Files.exists(file)) {
            say("    H2 store file %s: %,d MiB", file, Files.size(file) / (1024 * 1024));
        }
    }

    /** ERROR and WARN lines per service log, with the most frequent ERROR messages. */
    private void logs() throws IOException {
        say("");
        say("service logs (%s):", lab.data().resolve("logs"));
        try (Stream<Path> files = Files.list(lab.data().resolve("logs"))) {
            for (Path log : files.filter(f -> f.toString().endsWith(".log") && !f.toString().endsWith(".previous.log"))
                    .sorted().toList()) {
                int errors = 0;
                int warnings = 0;
                Map<String, Integer> messages = new LinkedHashMap<>();
                for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
                    boolean error = line.contains(" ERROR ");
                    if (error) {
                        errors++;
                        String message = line.replaceAll("^.*? ERROR \\d+ --- ", "").replaceAll("[0-9a-f]{8}-[0-9a-f-]{27}", "<id>");
                        messages.merge(message.length() > 220 ? message.substring(0, 220) : message, 1, Integer::sum);
                    } else if (line.contains(" WARN ")) {
                        warnings++;
                    }
                }
                say("    %-26s %,6d ERROR, %,6d WARN", log.getFileName(), errors, warnings);
                messages.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(3)
                        .forEach(m -> say("        %,d × %s", m.getValue(), m.getKey()));
            }
        }
        List<String> errors = new ArrayList<>(Api.SERVER_ERRORS);
        say("5xx answers seen by the benchmark: %d%s", errors.size(), errors.isEmpty() ? "" : " " + errors.stream().limit(10).toList());
        summary.add("5xx answers seen: " + errors.size());
    }

    // ---------------------------------------------------------------- helpers

    private LabTenant createTenant(String name, int devicesPerUser) {
        for (int attempt = 0; ; attempt++) {
            String pool = "10." + (100 + random.nextInt(150)) + "." + (random.nextInt(16) * 16) + ".0/20";
            try {
                return LabTenant.create(lab, name, devicesPerUser, pool);
            } catch (IllegalStateException overlapping) {
                if (attempt == 5) {
                    throw overlapping;
                }
            }
        }
    }

    /** Events of {@code type} a service handled (not counting duplicates it skipped). */
    /** An import is announced in parts of up to 500 devices, one {@code DevicesImported} each (device-service README). */
    private static final String IMPORT_EVENT = "DevicesImported";

    private static int parts(int devices) {
        return (devices + 499) / 500;
    }

    private double consumed(String service, String type) {
        Metrics.Scrape scrape = lab.metrics(service).scrape();
        return scrape.sum("sra_events_consumed_total", "type", type)
                - scrape.sum("sra_events_consumed_total", "type", type, "outcome", "duplicate");
    }

    /** Per service, the time from {@code answered} until it handled {@code count} more events of {@code type}. */
    private Map<String, String> awaitConsumed(Map<String, Double> before, String type, int count, long answered) {
        Map<String, Duration> at = new LinkedHashMap<>();
        long deadline = System.nanoTime() + DRAIN_LIMIT.toNanos();
        while (at.size() < before.size() && System.nanoTime() < deadline) {
            for (Map.Entry<String, Double> service : before.entrySet()) {
                if (!at.containsKey(service.getKey()) && consumed(service.getKey(), type) - service.getValue() >= count) {
                    at.put(service.getKey(), Duration.ofNanos(System.nanoTime() - answered));
                }
            }
            Waits.pause(250);
        }
        Map<String, String> shown = new LinkedHashMap<>();
        before.keySet().forEach(s -> shown.put(s + "-service", secondsOrNot(at.get(s))));
        return shown;
    }

    private List<String> deviceIds(LabTenant tenant, String prefix, int count) {
        List<String> ids = new ArrayList<>();
        for (int page = 0; ids.size() < count; page++) {
            JsonNode items = tenant.api().get("/api/devices?size=500&sort=name&name=" + prefix + "&page=" + page,
                    tenant.adminToken()).expectOk().json().path("items");
            if (items.isEmpty()) {
                break;
            }
            items.forEach(d -> ids.add(d.path("id").asText()));
        }
        return ids;
    }

    /** Z's profile ids; none while the list does not answer (it answers the whole list at once). */
    private static List<String> profileIdsOrNone(LabTenant tenant) {
        try {
            return profileIds(tenant);
        } catch (IllegalStateException e) {
            say("    %s", e.getMessage().length() > 200 ? e.getMessage().substring(0, 200) + "…" : e.getMessage());
            return List.of();
        }
    }

    private static List<String> profileIds(LabTenant tenant) {
        List<String> ids = new ArrayList<>();
        tenant.api().get("/api/profiles", tenant.adminToken()).expectOk().json()
                .forEach(p -> ids.add(p.path("profileId").asText()));
        return ids;
    }

    /** Mails on the mail page per recipient whose address starts with {@code prefix}. */
    private static Map<String, Integer> mailCounts(String mailPage, String prefix) {
        Map<String, Integer> counts = new HashMap<>();
        JsonNode mails = new Api(mailPage).get("/api/messages", null).expectOk().json();
        for (JsonNode mail : mails) {
            for (JsonNode to : mail.path("to")) {
                if (to.asText().startsWith(prefix + ".")) {
                    counts.merge(to.asText(), 1, Integer::sum);
                }
            }
        }
        return counts;
    }

    private static <T> List<T> parallel(int threads, int count, IntFunction<T> task) throws Exception {
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int index = i;
                futures.add(pool.submit(() -> task.apply(index)));
            }
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get());
            }
            return results;
        }
    }

    private static String stats(List<Long> millis) {
        List<Long> sorted = new ArrayList<>(millis);
        Collections.sort(sorted);
        return String.format("p50 %d ms, p95 %d ms, p99 %d ms, max %d ms", at(sorted, 0.50), at(sorted, 0.95),
                at(sorted, 0.99), sorted.getLast());
    }

    private static long at(List<Long> sorted, double quantile) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(quantile * sorted.size()) - 1));
    }

    private static String secondsOrNot(Duration duration) {
        return duration == null ? "not within " + DRAIN_LIMIT.toMinutes() + " min"
                : String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    private static String randomRun() {
        String letters = "abcdefghijklmnopqrstuvwxyz";
        Random r = new Random();
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 4; i++) {
            s.append(letters.charAt(r.nextInt(letters.length())));
        }
        return s.toString();
    }

    private static void say(String format, Object... args) {
        System.out.println(String.format(Locale.ROOT, "%tT BENCH ", System.currentTimeMillis())
                + String.format(Locale.ROOT, format, args));
    }
}
