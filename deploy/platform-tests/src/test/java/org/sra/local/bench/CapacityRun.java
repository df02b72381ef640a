package org.sra.local.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.fasterxml.jackson.databind.JsonNode;
import org.sra.local.DemoTokens;
import org.sra.local.Ports;
import org.sra.local.keys.KeyMaterial;

/**
 * What one replica of each service sustains on this machine, measured on the whole local stack
 * (one instance of everything, all on the same cores) — not a test (run it with
 * {@code bench/capacity.sh}; figures and the sizing arithmetic in {@code docs/capacity.md}):
 * <ol>
 *   <li>decisions/s: radload.py at rising fixed rates for a few seconds each; the highest rate
 *   answered whole with p99 ≤ 20 ms;</li>
 *   <li>admin API requests/s through the gateway: list pages of devices and profiles by several
 *   admins at once, with their p99;</li>
 *   <li>events relayed and consumed per second while decisions run (auth-service's outbox relays a
 *   {@code ConnectionDecided} per decision; the services' consumers count what they handled);</li>
 *   <li>mails per minute: one bulk send of every generated user's profile link, until the last
 *   mail is on the mail page.</li>
 * </ol>
 */
public final class CapacityRun {

    private static final List<Integer> RATES = List.of(200, 300, 400, 600, 800, 1200, 1600, 2000, 2500, 3000);
    private static final double P99_BOUND_MS = 20;
    private static final List<String> SERVICES = List.of("directory", "device", "profile", "auth", "notification");

    private final Lab lab;
    private final RadiusTenant radius;
    private final int stepSeconds;
    private final int warmSeconds;
    private final List<String> report = new ArrayList<>();

    private CapacityRun(Lab lab, RadiusTenant radius, int stepSeconds, int warmSeconds) {
        this.lab = lab;
        this.radius = radius;
        this.stepSeconds = stepSeconds;
        this.warmSeconds = warmSeconds;
    }

    /** Removes {@code name value} from {@code args} and returns the value, or {@code otherwise}. */
    private static int intOption(List<String> args, String name, int otherwise) {
        int at = args.indexOf(name);
        if (at < 0 || at + 1 >= args.size()) {
            return otherwise;
        }
        int value = Integer.parseInt(args.remove(at + 1));
        args.remove(at);
        return value;
    }

    public static void main(String[] args) throws Exception {
        List<String> rest = new ArrayList<>(List.of(args));
        int stepSeconds = intOption(rest, "--step-seconds", 15);
        int warmSeconds = intOption(rest, "--warm-seconds", 20);
        SoakRun.Options options = SoakRun.Options.parse(rest.toArray(String[]::new));
        LauncherProcess launcher;
        if (options.attach()) {
            launcher = LauncherProcess.attach(new Ports(options.portOffset()).mongo());
        } else {
            say("starting the local stack: data %s, port offset %d …", options.data(), options.portOffset());
            launcher = LauncherProcess.start(options.stackRoot(), options.data(), options.portOffset(), Duration.ofSeconds(300),
                    options.launcherJavaOptions());
            // a run stopped with Ctrl-C or kill stops its stack too
            LauncherProcess started = launcher;
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "stop-stack"));
        }
        KeyMaterial keys = KeyMaterial.loadOrCreate(options.data().resolve("keys"));
        Lab lab = new Lab(new Ports(options.portOffset()), new DemoTokens(keys.privateKey()), options.data());
        try {
            RadiusTenant radius = RadiusTenant.prepare(lab, options.root(), "cap" + System.currentTimeMillis() % 100000,
                    options.users(), "10.46.0.0/19");
            say("tenant with %d directory users, each with one assigned device; load average %s", radius.users().size(),
                    loadAverage());
            CapacityRun run = new CapacityRun(lab, radius, stepSeconds, warmSeconds);
            run.decisions();
            run.adminApi();
            run.mails();
            Path out = options.root().resolve("deploy/platform-tests/target/benchmarks/capacity.txt");
            Files.createDirectories(out.getParent());
            Files.write(out, run.report, StandardCharsets.UTF_8);
            say("written to %s", out);
        } finally {
            if (!options.attach()) {
                launcher.close();
            }
        }
    }

    /** Rising fixed rates; events relayed and consumed counted over each step from the services' metrics. */
    private void decisions() {
        // warm-up, unmeasured: the stack's JIT compilers and caches settle, as in a service that has run for hours
        for (int left = warmSeconds; left > 0; left -= 60) {
            radius.radload(300, Math.min(60, left));
        }
        int held = 0;
        int missed = 0;
        line("decisions (radload.py, %d s per rate after %d s of warm-up at 300/s; load average %s)", stepSeconds,
                warmSeconds, loadAverage());
        line("| rate/s | sent | answered | accepted | p50 ms | p99 ms | events relayed/s | events consumed/s |");
        line("|---|---|---|---|---|---|---|---|");
        for (int rate : RATES) {
            double relayedBefore = sum("sra_outbox_published_total");
            double consumedBefore = sum("sra_events_consumed_total");
            long started = System.nanoTime();
            JsonNode round = radius.radload(rate, stepSeconds);
            double seconds = (System.nanoTime() - started) / 1e9;
            double relayed = (sum("sra_outbox_published_total") - relayedBefore) / seconds;
            double consumed = (sum("sra_events_consumed_total") - consumedBefore) / seconds;
            int sent = round.path("sent").asInt();
            boolean whole = round.path("answered").asInt() == sent && round.path("accepted").asInt() == sent;
            double p99 = round.path("p99_ms").asDouble(Double.MAX_VALUE);
            line("| %d | %d | %d | %d | %.1f | %.1f | %.0f | %.0f |", rate, sent, round.path("answered").asInt(),
                    round.path("accepted").asInt(), round.path("p50_ms").asDouble(), p99, relayed, consumed);
            if (whole && p99 <= P99_BOUND_MS) {
                held = rate;
                missed = 0;
            } else if (++missed == 2) {
                break; // two rates in a row missed the bound: the curve has turned
            }
        }
        line("highest rate answered whole with p99 <= %.0f ms: %d decisions/s", P99_BOUND_MS, held);
    }

    /** List pages through the gateway by 8 admins at once for the step's time. */
    private void adminApi() throws Exception {
        LabTenant tenant = radius.tenant();
        List<String> paths = List.of("/api/devices?page=0&size=50", "/api/profiles?page=0&size=50",
                "/api/vpn-users?page=0&size=50", "/api/devices?page=3&size=50&q=pc");
        int threads = 8;
        long until = System.nanoTime() + Duration.ofSeconds(stepSeconds * 2L).toNanos();
        List<Long> millis = Collections.synchronizedList(new ArrayList<>());
        int[] errors = new int[1];
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int offset = t;
                done.add(pool.submit(() -> {
                    for (int i = offset; System.nanoTime() < until; i++) {
                        Api.Answer answer = tenant.api().get(paths.get(i % paths.size()), tenant.adminToken());
                        millis.add(answer.took().toMillis());
                        if (!answer.ok()) {
                            synchronized (errors) {
                                errors[0]++;
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> future : done) {
                future.get();
            }
        }
        List<Long> sorted = new ArrayList<>(millis);
        Collections.sort(sorted);
        line("admin API through the gateway: %d list requests by %d admins at once in %d s: %.0f requests/s, p50 %d ms, "
                        + "p99 %d ms, errors %d", sorted.size(), threads, stepSeconds * 2, sorted.size() / (stepSeconds * 2.0),
                at(sorted, 0.50), at(sorted, 0.99), errors[0]);
    }

    /** One bulk send of every generated user's profile link; mails per minute until the last is on the page. */
    private void mails() {
        LabTenant tenant = radius.tenant();
        List<String> ids = new ArrayList<>();
        tenant.api().get("/api/profiles/ids?q=" + radius.mailPrefix(), tenant.adminToken()).expectOk().json()
                .path("ids").forEach(id -> ids.add(id.asText()));
        int before = radius.mails();
        Map<String, Object> send = new LinkedHashMap<>();
        send.put("profileIds", ids);
        send.put("subject", "VPN profile (capacity)");
        send.put("validityDays", 7);
        long started = System.nanoTime();
        tenant.api().post("/api/profiles/send", tenant.adminToken(), send).expectOk();
        Duration took = Waits.until(ids.size() + " mails on the mail page", Duration.ofMinutes(10),
                () -> radius.mails() - before >= ids.size());
        double minutes = (System.nanoTime() - started) / 6e10;
        line("mails: %d profile links sent at once, the last on the mail page after %.1f s: %.0f mails/min",
                ids.size(), took.toMillis() / 1000.0, ids.size() / minutes);
    }

    private double sum(String metric) {
        double total = 0;
        for (String service : SERVICES) {
            total += lab.metrics(service).sum(metric);
        }
        return total;
    }

    private static long at(List<Long> sorted, double quantile) {
        return sorted.isEmpty() ? -1 : sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(quantile * sorted.size()) - 1));
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (Exception e) {
            return "?";
        }
    }

    private void line(String format, Object... args) {
        String line = String.format(Locale.ROOT, format, args);
        report.add(line);
        say("%s", line);
    }

    private static void say(String format, Object... args) {
        System.out.println(String.format(Locale.ROOT, "%tT CAPACITY ", System.currentTimeMillis())
                + String.format(Locale.ROOT, format, args));
    }
}
