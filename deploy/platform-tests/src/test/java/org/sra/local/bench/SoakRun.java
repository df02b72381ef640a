package org.sra.local.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import org.sra.local.DemoTokens;
import org.sra.local.Ports;
import org.sra.local.keys.KeyMaterial;

/**
 * The soak: the whole local stack held under RADIUS decisions at a fixed rate and a steady admin
 * workload (devices added, edited and deleted, profile links sent) for a fixed time — not a test
 * (run it with {@code bench/soak.sh}; not part of {@code ./mvnw verify}). Every minute it prints the
 * services' heap after GC, the store's size on disk, the outbox backlog, the consumers' lag, the
 * decisions' p99 and the errors; at the end whether memory stayed flat, the p99 stayed within 1.5×
 * of the first minute's and nothing failed, and it writes its figures to
 * {@code deploy/platform-tests/target/reliability/soak.tsv} for {@code docs/reliability.md}.
 *
 * <p>Decisions are sent by {@code auth-service/bench/radload.py} for a {@link RadiusTenant}'s
 * generated directory users, one round of 60 s per minute.
 */
public final class SoakRun {

    private static final List<String> SERVICES = List.of("directory", "device", "profile", "auth", "notification", "gateway");
    private static final List<String> OUTBOX_SERVICES = List.of("directory", "device", "profile", "auth", "notification");
    private static final Set<String> TOPICS = Set.of("sra.tenants", "sra.settings", "sra.vpn-users", "sra.devices",
            "sra.device-imports", "sra.profiles", "sra.decisions", "sra.sessions", "sra.audit", "sra.mails");

    private final Options options;
    private final Lab lab;
    private final LauncherProcess launcher;
    private final String run = randomRun();
    private final AtomicInteger adminRequests = new AtomicInteger();
    private final AtomicInteger adminErrors = new AtomicInteger();
    private final AtomicInteger sends = new AtomicInteger();
    private final List<String> lines = new ArrayList<>();
    private RadiusTenant radius;
    private LabTenant tenant;
    private List<LabTenant.VpnUser> users = List.of();

    private SoakRun(Options options, Lab lab, LauncherProcess launcher) {
        this.options = options;
        this.lab = lab;
        this.launcher = launcher;
    }

    record Options(boolean attach, Path root, Path stackRoot, List<String> launcherJavaOptions, Path data, int portOffset,
                   int minutes, int rate, int users, int adminPeriodMillis) {

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
                    : root.resolve("deploy/local-stack/target/soak-data/"
                    + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
            Path stackRoot = Path.of(given.getOrDefault("stack-root", root.toString())).toAbsolutePath().normalize();
            List<String> javaOptions = Stream.of(given.getOrDefault("launcher-java-opts", "").trim().split("\\s+"))
                    .filter(o -> !o.isEmpty()).toList();
            return new Options(attach, root, stackRoot, javaOptions, data,
                    Integer.parseInt(given.getOrDefault("port-offset", "400")),
                    Integer.parseInt(given.getOrDefault("minutes", "30")),
                    Integer.parseInt(given.getOrDefault("rate", "300")),
                    Integer.parseInt(given.getOrDefault("users", "500")),
                    Integer.parseInt(given.getOrDefault("admin-period-ms", "2000")));
        }
    }

    /** One minute's figures. */
    record Minute(int minute, double liveHeapMiB, double storeMiB, double backlog, long lag, int sent, int answered,
                  int accepted, double p99Millis, int adminRequests, int adminErrors) {

        int errors() {
            return (sent - accepted) + adminErrors;
        }
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        LauncherProcess launcher;
        long began = System.nanoTime();
        if (options.attach()) {
            launcher = LauncherProcess.attach(new Ports(options.portOffset()).mongo());
            say("attached to the stack with port offset %d (launcher pid %d)", options.portOffset(), launcher.pid());
        } else {
            say("starting the local stack: data %s, port offset %d …", options.data(), options.portOffset());
            launcher = LauncherProcess.start(options.stackRoot(), options.data(), options.portOffset(), Duration.ofSeconds(300),
                    options.launcherJavaOptions());
            // a run stopped with Ctrl-C or kill stops its stack too
            LauncherProcess started = launcher;
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "stop-stack"));
            say("stack up in %.0f s (launcher pid %d)", (System.nanoTime() - began) / 1e9, launcher.pid());
        }
        KeyMaterial keys = KeyMaterial.loadOrCreate(options.data().resolve("keys"));
        Lab lab = new Lab(new Ports(options.portOffset()), new DemoTokens(keys.privateKey()), options.data());
        SoakRun soak = new SoakRun(options, lab, launcher);
        boolean held;
        try {
            soak.prepare();
            held = soak.hold();
        } finally {
            if (!options.attach()) {
                say("stopping the stack …");
                launcher.close();
            }
        }
        System.exit(held ? 0 : 1);
    }

    /** A tenant on the demo directory with {@code users} generated users, each with one assigned device. */
    private void prepare() throws Exception {
        radius = RadiusTenant.prepare(lab, options.root(), "soak" + run, options.users(), "10.44.0.0/19");
        tenant = radius.tenant();
        users = radius.users();
        say("tenant %s: %d directory users, each with one assigned device", tenant.name(), users.size());
        radius.radload(options.rate(), 20); // unmeasured: the JIT's first minutes are not the platform's steady state
    }

    /** The soak itself; true when memory stayed flat, the p99 within 1.5× of the first minute's and nothing failed. */
    private boolean hold() throws Exception {
        say("soak: %d decisions/s and an admin change every %d ms for %d minutes", options.rate(),
                options.adminPeriodMillis(), options.minutes());
        say("minute | live heap MiB (all services) | store MiB | outbox backlog | consumer lag | decisions sent/answered/accepted | p99 ms | admin requests/errors");
        int mailsBefore = radius.mails();
        AtomicBoolean running = new AtomicBoolean(true);
        List<Minute> minutes = new ArrayList<>();
        try (ExecutorService admin = Executors.newSingleThreadExecutor()) {
            Future<?> workload = admin.submit(() -> adminWorkload(running));
            try (ConsumerLag lag = new ConsumerLag(lab.kafka())) {
                for (int m = 1; m <= options.minutes(); m++) {
                    int requestsBefore = adminRequests.get();
                    int errorsBefore = adminErrors.get();
                    JsonNode round = radius.radload(options.rate(), 60);
                    Minute minute = new Minute(m, liveHeapMiB(), storeMiB(), backlog(), lag(lag), round.path("sent").asInt(),
                            round.path("answered").asInt(), round.path("accepted").asInt(), round.path("p99_ms").asDouble(),
                            adminRequests.get() - requestsBefore, adminErrors.get() - errorsBefore);
                    minutes.add(minute);
                    say("%6d | %28.1f | %9.1f | %14.0f | %12d | %32s | %6.1f | %d/%d", m, minute.liveHeapMiB(),
                            minute.storeMiB(), minute.backlog(), minute.lag(),
                            minute.sent() + "/" + minute.answered() + "/" + minute.accepted(), minute.p99Millis(),
                            minute.adminRequests(), minute.adminErrors());
                }
            }
            running.set(false);
            workload.get();
        }
        // every link sent during the soak arrives once
        int expected = sends.get();
        Duration mailed = Waits.until(expected + " soak mails on the mail page", Duration.ofMinutes(3),
                () -> radius.mails() - mailsBefore >= expected);
        Waits.pause(5_000); // a duplicate would arrive as late as the last mail: look again after a while
        int mails = radius.mails() - mailsBefore;
        return summarize(minutes, expected, mails, mailed);
    }

    /** Devices added, edited and deleted, a profile link sent every fifth round; every answer that is no 2xx counts. */
    private Void adminWorkload(AtomicBoolean running) {
        Random random = new Random(7);
        List<String> extra = new ArrayList<>();
        int round = 0;
        while (running.get()) {
            long started = System.nanoTime();
            round++;
            try {
                Api.Answer created = count(tenant.api().post("/api/devices", tenant.adminToken(),
                        device("soak-extra-" + run + "-" + round, round % 2 == 0)));
                if (created.ok()) {
                    String id = created.json().path("id").asText();
                    extra.add(id);
                    count(tenant.api().put("/api/devices/" + id, tenant.adminToken(),
                            device("soak-extra-" + run + "-" + round + "-edited", round % 2 != 0)));
                }
                if (extra.size() > 20) {
                    count(tenant.api().delete("/api/devices/" + extra.removeFirst(), tenant.adminToken()));
                }
                if (round % 5 == 0) {
                    LabTenant.VpnUser user = users.get(random.nextInt(users.size()));
                    JsonNode page = count(tenant.api().get("/api/profiles?q=" + user.userName() + "&page=0&size=5",
                            tenant.adminToken())).json();
                    JsonNode profile = page.path("items").path(0);
                    if (!profile.isMissingNode()) {
                        Map<String, Object> send = new LinkedHashMap<>();
                        send.put("recipient", user.mail());
                        send.put("subject", "VPN profile (soak " + round + ")");
                        send.put("validityDays", 7);
                        if (count(tenant.api().post("/api/profiles/" + profile.path("profileId").asText() + "/send",
                                tenant.adminToken(), send)).ok()) {
                            sends.incrementAndGet();
                        }
                    }
                }
            } catch (RuntimeException e) {
                adminErrors.incrementAndGet();
                say("admin workload: %s", e);
            }
            long left = options.adminPeriodMillis() - (System.nanoTime() - started) / 1_000_000;
            if (left > 0) {
                Waits.pause(left);
            }
        }
        return null;
    }

    private static Map<String, Object> device(String name, boolean connectionAllowed) {
        Map<String, Object> draft = new LinkedHashMap<>();
        draft.put("name", name);
        draft.put("connectionAllowed", connectionAllowed);
        draft.put("type", "WINDOWS");
        draft.put("deviceAuth", false);
        return draft;
    }

    private Api.Answer count(Api.Answer answer) {
        adminRequests.incrementAndGet();
        if (!answer.ok()) {
            adminErrors.incrementAndGet();
            say("admin workload: %s", answer.abbreviated());
        }
        return answer;
    }

    private boolean summarize(List<Minute> minutes, int expectedMails, int mails, Duration mailed) throws IOException {
        Minute first = minutes.getFirst();
        Minute last = minutes.getLast();
        double worstP99 = minutes.stream().mapToDouble(Minute::p99Millis).max().orElse(0);
        int errors = minutes.stream().mapToInt(Minute::errors).sum();
        // flat memory: the live heap at the end within 15 % (or 32 MiB) of the second minute's, the first being the warm-up's tail
        Minute baseline = minutes.size() > 1 ? minutes.get(1) : first;
        double growth = last.liveHeapMiB() - baseline.liveHeapMiB();
        boolean flat = growth <= Math.max(32, 0.15 * baseline.liveHeapMiB());
        boolean p99Held = worstP99 <= 1.5 * Math.max(first.p99Millis(), 1.0);
        boolean noErrors = errors == 0 && mails == expectedMails;
        say("end: %d minutes at %d decisions/s: decisions %d sent, %d accepted; admin requests %d, errors %d; mails %d of %d sent (all on the page %s)",
                minutes.size(), options.rate(), minutes.stream().mapToInt(Minute::sent).sum(),
                minutes.stream().mapToInt(Minute::accepted).sum(), minutes.stream().mapToInt(Minute::adminRequests).sum(),
                errors, mails, expectedMails, mailed == null ? "never" : "after " + mailed.toSeconds() + " s");
        say("memory %s: live heap %.1f MiB at minute %d, %.1f MiB at the end (%+.1f MiB); store %.1f → %.1f MiB",
                flat ? "flat" : "GREW", baseline.liveHeapMiB(), baseline.minute(), last.liveHeapMiB(), growth,
                first.storeMiB(), last.storeMiB());
        say("p99 %s: first minute %.1f ms, worst %.1f ms (%.2f×), last %.1f ms", p99Held ? "held" : "NOT HELD",
                first.p99Millis(), worstP99, worstP99 / Math.max(first.p99Millis(), 1.0), last.p99Millis());
        Path tsv = options.root().resolve("deploy/platform-tests/target/reliability/soak.tsv");
        Files.createDirectories(tsv.getParent());
        lines.add(String.join("\t", "minutes", "rate", "users", "decisions", "accepted", "adminRequests", "errors",
                "mailsSent", "mailsArrived", "liveHeapStartMiB", "liveHeapEndMiB", "storeStartMiB", "storeEndMiB",
                "p99FirstMs", "p99WorstMs", "p99LastMs", "memoryFlat", "p99Held", "noErrors"));
        lines.add(String.join("\t", String.valueOf(minutes.size()), String.valueOf(options.rate()),
                String.valueOf(users.size()), String.valueOf(minutes.stream().mapToInt(Minute::sent).sum()),
                String.valueOf(minutes.stream().mapToInt(Minute::accepted).sum()),
                String.valueOf(minutes.stream().mapToInt(Minute::adminRequests).sum()), String.valueOf(errors),
                String.valueOf(expectedMails), String.valueOf(mails), fmt(baseline.liveHeapMiB()), fmt(last.liveHeapMiB()),
                fmt(first.storeMiB()), fmt(last.storeMiB()), fmt(first.p99Millis()), fmt(worstP99), fmt(last.p99Millis()),
                String.valueOf(flat), String.valueOf(p99Held), String.valueOf(noErrors)));
        Files.write(tsv, lines, StandardCharsets.UTF_8);
        say("figures written to %s", tsv);
        return flat && p99Held && noErrors;
    }

    /** Live data after the last collection, summed over the services (what GC could not free). */
    private double liveHeapMiB() {
        double bytes = 0;
        for (String service : SERVICES) {
            try {
                bytes += lab.metrics(service).sum("jvm_gc_live_data_size_bytes");
            } catch (RuntimeException e) {
                say("heap of %s unreadable: %s", service, e.getMessage());
            }
        }
        return bytes / (1 << 20);
    }

    private double storeMiB() {
        try (Stream<Path> files = Files.walk(options.data().resolve("mongo"))) {
            return files.filter(Files::isRegularFile).mapToLong(path -> path.toFile().length()).sum() / (double) (1 << 20);
        } catch (IOException e) {
            return -1;
        }
    }

    private double backlog() {
        double events = 0;
        for (String service : OUTBOX_SERVICES) {
            try {
                events += lab.metrics(service).sum("sra_outbox_backlog_events");
            } catch (RuntimeException e) {
                say("outbox of %s unreadable: %s", service, e.getMessage());
            }
        }
        return events;
    }

    /** The consumer groups' lag summed over the platform's topics; -1 when the broker did not answer. */
    private static long lag(ConsumerLag lag) {
        try {
            long sum = 0;
            for (Map<String, Long> topics : lag.all().values()) {
                for (Map.Entry<String, Long> topic : topics.entrySet()) {
                    if (TOPICS.contains(topic.getKey()) || topic.getKey().startsWith("sra.")) {
                        sum += Math.max(0, topic.getValue());
                    }
                }
            }
            return sum;
        } catch (Exception e) {
            return -1;
        }
    }

    private static String fmt(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
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
        System.out.println(String.format(Locale.ROOT, "%tT SOAK ", System.currentTimeMillis())
                + String.format(Locale.ROOT, format, args));
    }
}
