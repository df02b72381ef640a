package org.sra.local.services;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.sra.local.ChildProcess;

/**
 * The six services as child JVMs: started together, wired to the stack by environment
 * variables, waited for on {@code /actuator/health/readiness} (the gateway's on its management
 * port), and stopped together with SIGTERM. A service may run several times
 * ({@code --replicas}): each instance on its own ports with its own log file
 * ({@code <module>-2.log}, …), on the same store, broker and settings.
 */
public final class ServiceFleet implements AutoCloseable {

    /** Small, quick-starting JVMs: eight of them share two cores on a laptop. */
    public static final List<String> JVM_OPTIONS = List.of(
            "-XX:TieredStopAtLevel=1", "-Xss512k", "-XX:+UseSerialGC", "-Xmx384m");
    /**
     * auth-service answers the headend in real time: it runs as in production (docker-compose.yml,
     * deploy/k8s: generational ZGC, the optimising compiler) so that what a user tries here is what
     * auth-service/bench measured; only the heap is capped for a laptop.
     */
    public static final List<String> AUTH_JVM_OPTIONS = List.of("-XX:+UseZGC", "-Xmx512m");
    private static final Pattern UP = Pattern.compile("\"status\"\\s*:\\s*\"UP\"");
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(10);

    private final Path root;
    private final Path logDir;
    private final ServiceWiring wiring;
    private final Map<String, Map<String, String>> extraEnvironment;
    private final Map<Instance, ChildProcess> running = new LinkedHashMap<>();
    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(1))
            .version(HttpClient.Version.HTTP_1_1)
            .build();

    /**
     * One running copy of a service.
     *
     * @param index 0 for the first; its ports are the service's + 100 × index
     */
    public record Instance(ServiceSpec service, int index) {

        /** {@code auth-service}, {@code auth-service-2}, …: also its log file's name. */
        public String name() {
            return service.instanceName(index);
        }
    }

    public ServiceFleet(Path root, Path logDir, ServiceWiring wiring) {
        this(root, logDir, wiring, Map.of());
    }

    /**
     * @param extraEnvironment more environment variables by module, for every instance of it (tests
     *                         shorten scheduled jobs' intervals this way)
     */
    public ServiceFleet(Path root, Path logDir, ServiceWiring wiring, Map<String, Map<String, String>> extraEnvironment) {
        this.root = root.toAbsolutePath();
        this.logDir = logDir.toAbsolutePath();
        this.wiring = wiring;
        this.extraEnvironment = Map.copyOf(extraEnvironment);
    }

    /** Every instance the wiring asks for, services in {@link ServiceSpec#ALL}'s order. */
    public List<Instance> instances() {
        List<Instance> instances = new ArrayList<>();
        for (ServiceSpec service : ServiceSpec.ALL) {
            for (int index = 0; index < wiring.instances(service); index++) {
                instances.add(new Instance(service, index));
            }
        }
        return instances;
    }

    /** Launches every instance of every service without waiting for any. */
    public void start() throws IOException {
        for (Instance instance : instances()) {
            start(instance);
        }
    }

    /** Launches one instance (again, after {@link #kill}) with the same wiring, without waiting for it. */
    public void start(Instance instance) throws IOException {
        ServiceSpec service = instance.service();
        Path jar = service.findJar(root).orElseThrow(() -> new IOException("missing " + service.jar(root)));
        List<String> arguments = new ArrayList<>(jvmOptions(service));
        arguments.add("-jar");
        arguments.add(jar.toString());
        Path log = logDir.resolve(instance.name() + ".log");
        ChildProcess.rotateLog(log);
        Map<String, String> environment = new LinkedHashMap<>(wiring.environment(service, instance.index()));
        environment.putAll(extraEnvironment.getOrDefault(service.module(), Map.of()));
        running.put(instance, ChildProcess.startJava(instance.name(), arguments, environment, root, log));
    }

    /** {@code kill -9} of one instance: no shutdown hook runs, whatever it was doing is cut off. */
    public void kill(Instance instance) throws InterruptedException {
        ChildProcess child = running.get(instance);
        if (child != null) {
            child.process().destroyForcibly().waitFor();
        }
    }

    /**
     * Polls each service's readiness probe until all answer UP, printing progress.
     *
     * @throws IOException when a service exits or the time runs out
     */
    public void awaitReady(Duration timeout, PrintStream out) throws IOException, InterruptedException {
        awaitReady(running.keySet(), timeout, out);
    }

    /** {@link #awaitReady(Duration, PrintStream)} for some of the instances only. */
    public void awaitReady(Set<Instance> instances, Duration timeout, PrintStream out)
            throws IOException, InterruptedException {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        long nextProgress = start + PROGRESS_EVERY.toNanos();
        Set<Instance> waiting = new LinkedHashSet<>(instances);
        while (!waiting.isEmpty()) {
            for (Instance instance : waiting) {
                ChildProcess child = running.get(instance);
                if (!child.isAlive()) {
                    throw new IOException(instance.name() + " exited with code " + child.process().exitValue()
                            + " while starting; last lines of " + child.logFile() + ":\n" + child.logTail(40));
                }
            }
            Map<Instance, CompletableFuture<Boolean>> probes = new LinkedHashMap<>();
            waiting.forEach(instance -> probes.put(instance, isReady(instance)));
            for (var probe : probes.entrySet()) {
                if (probe.getValue().join()) {
                    waiting.remove(probe.getKey());
                    out.printf("  ✓ %-21s ready after %4.1f s%n", probe.getKey().name(), seconds(start));
                }
            }
            if (waiting.isEmpty()) {
                return;
            }
            long now = System.nanoTime();
            if (now > deadline) {
                throw new IOException("not ready after " + timeout.toSeconds() + " s: " + names(waiting)
                        + "; see their logs in " + logDir);
            }
            if (now > nextProgress) {
                out.printf("  … %3.0f s, still starting: %s%n", seconds(start), names(waiting));
                nextProgress = now + PROGRESS_EVERY.toNanos();
            }
            Thread.sleep(200);
        }
    }

    static List<String> jvmOptions(ServiceSpec service) {
        return service.module().equals("auth-service") ? AUTH_JVM_OPTIONS : JVM_OPTIONS;
    }

    /** Every instance started, with its process. */
    public Map<Instance, ChildProcess> running() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(running));
    }

    /** SIGTERM to all at once, then kill whatever still runs after 20 s. */
    @Override
    public void close() {
        ChildProcess.stopAll(running.values(), Duration.ofSeconds(20));
    }

    private CompletableFuture<Boolean> isReady(Instance instance) {
        // the gateway answers /actuator on its management port only, the others on their own port
        String base = "http://127.0.0.1:" + instance.service().managementPort(wiring.portOffset(), instance.index());
        return probe(base + "/actuator/health/readiness").thenCompose(status -> switch (status) {
            case READY -> CompletableFuture.completedFuture(true);
            // a service without the probe group enabled still has the plain health endpoint
            case NO_PROBE -> probe(base + "/actuator/health").thenApply(s -> s == Probe.READY);
            case NOT_READY -> CompletableFuture.completedFuture(false);
        });
    }

    private enum Probe { READY, NOT_READY, NO_PROBE }

    private CompletableFuture<Probe> probe(String url) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).GET().build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                .thenApply(response -> response.statusCode() == 404 ? Probe.NO_PROBE
                        : response.statusCode() == 200 && UP.matcher(response.body()).find() ? Probe.READY
                        : Probe.NOT_READY)
                .exceptionally(e -> Probe.NOT_READY);
    }

    private static String names(Set<Instance> instances) {
        return instances.stream().map(Instance::name).collect(Collectors.joining(", "));
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
