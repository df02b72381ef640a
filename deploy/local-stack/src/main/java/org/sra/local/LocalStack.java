package org.sra.local;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import com.unboundid.ldap.sdk.LDAPException;
import org.sra.local.kafka.KafkaBroker;
import org.sra.local.keys.KeyMaterial;
import org.sra.fixtures.entra.EntraStandIn;
import org.sra.fixtures.ad.DemoDirectory;
import org.sra.local.mail.MailCatcher;
import org.sra.local.mongo.MongoStore;
import org.sra.local.services.ServiceFleet;
import org.sra.local.services.ServiceSpec;
import org.sra.local.services.ServiceWiring;

/**
 * Starts the whole SRA platform on one machine without Docker, in this order: key material, a
 * real Kafka broker (child JVM), the embedded MongoDB-protocol store, the mail catcher, the demo
 * Active Directory, then the six services (child JVMs) once Kafka and MongoDB answer. It waits
 * until every service is ready and prints where everything is, with an operator token.
 *
 * <p>{@link #close()} (run by Ctrl-C through a shutdown hook) stops the services, then Kafka,
 * LDAP, mail and, last, MongoDB so that its file is consistent. Tests use it directly:
 * {@code try (LocalStack stack = new LocalStack(options)) { stack.start(); ... }}.
 */
public final class LocalStack implements AutoCloseable {

    private static final Duration KAFKA_TIMEOUT = Duration.ofSeconds(90);

    private final StackOptions options;
    private final Ports ports;
    private final PrintStream out;
    private final CountDownLatch startReturned = new CountDownLatch(1);
    private volatile boolean closing;
    private volatile KeyMaterial keys;
    private volatile KafkaBroker kafka;
    private volatile MongoStore mongo;
    private volatile MailCatcher mail;
    private volatile DemoDirectory ldap;
    private volatile EntraStandIn entra;
    private volatile ServiceFleet services;
    private volatile Duration startTime;
    private final Map<String, Map<String, String>> extraEnvironment = new LinkedHashMap<>();

    public LocalStack(StackOptions options) {
        this(options, System.out);
    }

    public LocalStack(StackOptions options, PrintStream out) {
        this.options = options;
        this.ports = options.ports();
        this.out = out;
    }

    public static void main(String[] args) {
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "org/sra/local/local-stack-logback.xml");
        }
        StackOptions options;
        try {
            if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
                System.out.print(StackOptions.USAGE);
                return;
            }
            options = StackOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.print(StackOptions.USAGE);
            System.exit(2);
            return;
        }
        LocalStack stack = new LocalStack(options);
        Runtime.getRuntime().addShutdownHook(new Thread(stack::stopFromSignal, "local-stack-shutdown"));
        try {
            stack.start();
            stack.out.println(stack.summary());
            stack.watchChildren();
        } catch (Exception e) {
            if (stack.closing) {
                return; // Ctrl-C while starting: the shutdown hook is already stopping everything
            }
            System.err.println();
            System.err.println("✗ The local stack did not start: " + e.getMessage());
            if (!(e instanceof IOException || e instanceof StartFailure || e instanceof LDAPException)) {
                e.printStackTrace();
            }
            System.exit(1);
            return;
        }
        try {
            new CountDownLatch(1).await(); // until Ctrl-C
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Starts every piece and waits until all are ready. On failure, whatever was started is
     * stopped again before the exception leaves.
     */
    public void start() throws Exception {
        long begin = System.nanoTime();
        Path data = options.data();
        out.printf("SRA local stack: data %s, root %s, port offset %d%n", data, options.root(), options.portOffset());
        try {
            checkPrerequisites();
            Files.createDirectories(data.resolve("logs"));

            keys = KeyMaterial.loadOrCreate(data.resolve("keys"));
            step("keys", display(keys.dir()));

            kafka = new KafkaBroker(data.resolve("kafka"), kafkaLibs(), data.resolve("logs").resolve("kafka.log"),
                    ports.kafka(), ports.kafkaController());
            kafka.start(); // boots in its own JVM while the in-process pieces start
            guard();
            mongo = MongoStore.start(data.resolve("mongo"), ports.mongo());
            step("MongoDB", "127.0.0.1:" + mongo.port() + "  (H2 file " + display(mongo.file()) + ")");
            guard();
            mail = MailCatcher.start(ports.smtp(), ports.mailWeb());
            step("mail catcher", "SMTP 127.0.0.1:" + mail.smtpPort() + ", page http://localhost:" + mail.webPort());
            guard();
            ldap = DemoDirectory.start(ports.ldap());
            step("demo AD (LDAP)", ldap.url() + "  " + DemoDirectory.BASE_DN);
            entra = EntraStandIn.start(ports.entra());
            step("Entra ID stand-in", entra.baseUrl() + "  domain " + EntraStandIn.DOMAIN);
            guard();
            kafka.awaitReady(KAFKA_TIMEOUT);
            step("Kafka", kafka.bootstrapServers() + "  (KRaft, log " + display(kafka.process().logFile()) + ")");
            guard();

            if (!options.infraOnly()) {
                services = new ServiceFleet(options.root(), data.resolve("logs"), new ServiceWiring(
                        options.portOffset(), kafka.bootstrapServers(), mongo.port(), mail.smtpPort(), ldap.url(), keys,
                        new ServiceWiring.Entra(entra.baseUrl(), entra.trustStorePath(),
                                EntraStandIn.TRUST_STORE_PASSWORD), options.replicas()), extraEnvironment);
                int instances = services.instances().size();
                out.printf("  … starting %d services%s (logs in %s)%n", ServiceSpec.ALL.size(),
                        instances == ServiceSpec.ALL.size() ? "" : ", " + instances + " instances",
                        display(data.resolve("logs")));
                services.start();
                guard();
                services.awaitReady(options.readyTimeout(), out);
            }
            startTime = Duration.ofNanos(System.nanoTime() - begin);
        } catch (Exception e) {
            close();
            throw e;
        } finally {
            startReturned.countDown();
        }
    }

    /**
     * Sets an environment variable for every instance of {@code module} started after this call
     * (e.g. a scheduled job's shorter interval for a test). Not for the launcher's own wiring.
     */
    public LocalStack serviceEnvironment(String module, String name, String value) {
        extraEnvironment.computeIfAbsent(module, m -> new LinkedHashMap<>()).put(name, value);
        return this;
    }

    /** The process of one service instance (0 for the first), while the stack runs. */
    public ChildProcess instance(ServiceSpec service, int index) {
        ServiceFleet fleet = services;
        ChildProcess child = fleet == null ? null : fleet.running().get(new ServiceFleet.Instance(service, index));
        if (child == null) {
            throw new IllegalStateException("no running instance " + service.instanceName(index));
        }
        return child;
    }

    /** Mints tokens signed with this stack's key; available once {@link #start()} has made the keys. */
    public DemoTokens tokens() {
        return new DemoTokens(keys.privateKey());
    }

    public Ports ports() {
        return ports;
    }

    public StackOptions options() {
        return options;
    }

    public KeyMaterial keys() {
        return keys;
    }

    /** The gateway's base URL, e.g. {@code http://127.0.0.1:8080}. */
    public String gatewayUrl() {
        return "http://127.0.0.1:" + ports.service(ServiceSpec.ALL.getLast());
    }

    /** How long {@link #start()} took; null before it finished. */
    public Duration startTime() {
        return startTime;
    }

    // Faults (deploy/platform-tests' PlatformFaultsIntegrationTests): one piece stopped while the
    // rest runs on, then started again on the same data and port.

    /** {@code kill -9} of the Kafka broker's JVM: no controlled shutdown, nothing flushed. */
    public void killKafka() throws InterruptedException {
        kafka.process().process().destroyForcibly().waitFor();
    }

    /** Starts the broker again on the same data directory and ports, and waits until it takes clients. */
    public void startKafka() throws IOException, InterruptedException {
        kafka.start(KAFKA_TIMEOUT);
    }

    /**
     * The store gone: its listener and every client connection closed at once (the services see
     * their connections cut and nothing answering). The H2 file is committed and closed as a
     * journaled MongoDB's would survive a crash: what the store acknowledged stays.
     */
    public void stopStore() {
        mongo.close();
    }

    /** The store again on the same file and port. */
    public void startStore() throws IOException {
        mongo = MongoStore.start(options.data().resolve("mongo"), ports.mongo());
    }

    /** SMTP stops listening (connections refused); the mails received so far stay on the mail page. */
    public void stopMail() {
        mail.stopSmtp();
    }

    /** SMTP listens again on the same port. */
    public void startMail() {
        mail.startSmtp();
    }

    /** {@code kill -9} of one service (its first instance). */
    public void kill(ServiceSpec service) throws InterruptedException {
        services.kill(new ServiceFleet.Instance(service, 0));
    }

    /**
     * Starts one service (its first instance) again with the same wiring and waits until it is ready. Its port may be
     * taken meanwhile as the local end of some outgoing connection when the port offset puts it in
     * the kernel's ephemeral range (32768–60999 on Linux): then it waits until the port is free and
     * tries again, up to three times.
     */
    public void start(ServiceSpec service) throws IOException, InterruptedException {
        for (int attempt = 1; ; attempt++) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Ports.isFree(ports.service(service)) && System.nanoTime() < deadline) {
                Thread.sleep(500);
            }
            ServiceFleet.Instance first = new ServiceFleet.Instance(service, 0);
            services.start(first);
            try {
                services.awaitReady(Set.of(first), options.readyTimeout(), out);
                return;
            } catch (IOException e) {
                if (attempt == 3 || !String.valueOf(e.getMessage()).contains("already in use")) {
                    throw e;
                }
                out.printf("  %s found its port taken; starting it again%n", service.module());
            }
        }
    }

    /** Stops everything that was started, services first and MongoDB last. Safe to call twice. */
    @Override
    public synchronized void close() {
        closing = true;
        stopQuietly("services", services);
        services = null;
        stopQuietly("Kafka", kafka);
        kafka = null;
        stopQuietly("LDAP", ldap);
        ldap = null;
        stopQuietly("Entra ID stand-in", entra);
        entra = null;
        stopQuietly("mail catcher", mail);
        mail = null;
        stopQuietly("MongoDB", mongo);
        mongo = null;
    }

    private void stopFromSignal() {
        if (!closing) {
            out.println();
            out.println("Stopping the local stack…");
            long begin = System.nanoTime();
            close();
            try {
                // Ctrl-C while starting: a piece the start was just launching is stopped too
                if (startReturned.await(30, TimeUnit.SECONDS)) {
                    close();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            out.printf("Stopped in %.1f s.%n", (System.nanoTime() - begin) / 1e9);
        }
    }

    String summary() {
        StringBuilder s = new StringBuilder();
        String host = "http://localhost:";
        s.append(String.format("%nSRA local stack is up in %.1f s (data directory %s, port offset %d)%n%n",
                startTime.toMillis() / 1000.0, display(options.data()), options.portOffset()));
        ServiceSpec gateway = ServiceSpec.ALL.getLast();
        s.append(row("Admin console / gateway", IntStream.range(0, ports.instances(gateway))
                .mapToObj(i -> host + ports.service(gateway, i)).collect(Collectors.joining(", "))));
        s.append(row("Gateway health, metrics", IntStream.range(0, ports.instances(gateway))
                .mapToObj(i -> host + ports.management(gateway, i) + "/actuator/health").collect(Collectors.joining(", "))
                + "   (and /actuator/prometheus; not on the public port)"));
        s.append(row("Services (direct)", ""));
        for (ServiceSpec service : ServiceSpec.ALL) {
            for (int i = 0; i < ports.instances(service); i++) {
                String url = host + ports.service(service, i);
                String radius = service.shortName().equals("auth")
                        ? "  RADIUS udp " + ports.radiusAuth(i) + "/" + ports.radiusAcct(i) : "";
                s.append(String.format("    %-22s %-24s OpenAPI %s/v3/api-docs%s%s%n", service.instanceName(i), url,
                        url, radius, options.infraOnly() ? "  (not started: --infra-only)" : ""));
            }
        }
        s.append(row("Mail page", host + ports.mailWeb() + "   (SMTP 127.0.0.1:" + ports.smtp() + ")"));
        s.append(row("LDAP (demo AD)", "ldap://localhost:" + ports.ldap() + "   base " + DemoDirectory.BASE_DN));
        s.append(row("", DemoDirectory.ADMINISTRATOR + "@" + DemoDirectory.DOMAIN + " (or "
                + DemoDirectory.NETBIOS_DOMAIN + "\\" + DemoDirectory.ADMINISTRATOR + ") / "
                + DemoDirectory.ADMINISTRATOR_PASSWORD));
        s.append(row("", "taro.yamada@" + DemoDirectory.DOMAIN + " / " + DemoDirectory.USER_PASSWORD
                + "   (10 sample users, same password; ken.takahashi and bob.smith are disabled)"));
        s.append(row("Entra ID stand-in", "https://127.0.0.1:" + ports.entra() + "/   domain " + EntraStandIn.DOMAIN
                + ", application id " + EntraStandIn.CLIENT_ID));
        s.append(row("", "client secret " + EntraStandIn.CLIENT_SECRET + ", admin " + EntraStandIn.ADMIN + " / "
                + EntraStandIn.ADMIN_PASSWORD + "   (users taro.yamada@" + EntraStandIn.DOMAIN + " … / "
                + EntraStandIn.USER_PASSWORD + ")"));
        s.append(row("Operator login", "operator / " + keys().operatorInitialPassword()
                + "   (first password of this data directory, also in keys/" + KeyMaterial.OPERATOR_PASSWORD_FILE
                + "; change it at the first login)"));
        s.append(row("Kafka", "127.0.0.1:" + ports.kafka()));
        s.append(row("MongoDB", "mongodb://127.0.0.1:" + ports.mongo() + "   databases "
                + ServiceSpec.ALL.stream().map(x -> "sra-" + x.shortName()).collect(Collectors.joining(", "))));
        s.append(row("Logs", display(options.data().resolve("logs")) + "/<module>.log"));
        s.append(row("Keys", display(keys.dir())));
        String token = tokens().operator();
        Path tokenFile = options.data().resolve("operator.token");
        try {
            Files.writeString(tokenFile, token + "\n", StandardCharsets.US_ASCII);
            if (Files.getFileStore(tokenFile).supportsFileAttributeView("posix")) {
                Files.setPosixFilePermissions(tokenFile, PosixFilePermissions.fromString("rw-------"));
            }
        } catch (IOException e) {
            tokenFile = null;
        }
        s.append(String.format("%nOperator token (valid 12 h%s):%n%s%n", tokenFile == null ? ""
                : ", also in " + display(tokenFile), token));
        s.append(String.format("%nTry:%n  export SRA_TOKEN=%s%n", tokenFile == null ? token
                : "$(cat " + display(tokenFile) + ")"));
        s.append(String.format("  curl -H \"Authorization: Bearer $SRA_TOKEN\" %s%d/api/operator/tenants%n", host,
                ports.service(ServiceSpec.ALL.getLast())));
        s.append(String.format("  curl -X POST -H \"Authorization: Bearer $SRA_TOKEN\" -H 'Content-Type: application/json' \\%n"
                + "       -d '{\"name\":\"Acme\",\"devicesPerUser\":3,\"vpnPool\":\"10.20.0.0/24\"}' %s%d/api/operator/tenants%n",
                host, ports.service(ServiceSpec.ALL.getLast())));
        s.append(String.format("%nPress Ctrl-C to stop.%n"));
        return s.toString();
    }

    private void checkPrerequisites() throws StartFailure, IOException {
        if (!options.infraOnly()) {
            List<ServiceSpec> missing = ServiceSpec.missingJars(options.root());
            if (!missing.isEmpty()) {
                throw new StartFailure("these service jars are missing under " + options.root() + ":\n"
                        + missing.stream().map(m -> "    " + m.module() + "/target/" + m.module() + ".jar")
                                .collect(Collectors.joining("\n"))
                        + "\n  Build them with `./mvnw -DskipTests package` in " + options.root()
                        + " (./run-local.sh does it for you), pass --root <repository>,"
                        + " or start only Kafka, MongoDB, mail and LDAP with --infra-only.");
            }
        }
        List<String> busy = ports.busy(!options.infraOnly());
        if (!busy.isEmpty()) {
            throw new StartFailure("ports already in use:\n    " + String.join("\n    ", busy)
                    + "\n  Is another stack running? Stop it (Ctrl-C in its terminal, or the commands above),"
                    + " or start this one with --port-offset <n>.");
        }
    }

    private Path kafkaLibs() {
        if (options.kafkaLibs() != null) {
            return options.kafkaLibs();
        }
        try {
            // target/local-stack.jar or target/classes -> target/kafka-libs
            Path code = Path.of(LocalStack.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path beside = code.getParent().resolve("kafka-libs");
            if (Files.isDirectory(beside)) {
                return beside;
            }
        } catch (URISyntaxException | RuntimeException e) {
            // fall through to the build folder under the root
        }
        return options.root().resolve("deploy/local-stack/target/kafka-libs");
    }

    /** Tells, once all is up, when a child JVM ends on its own. */
    private void watchChildren() {
        if (kafka != null) {
            kafka.process().process().onExit().thenAccept(p -> warnExit("Kafka", p, kafka));
        }
        if (services != null) {
            services.running().forEach((instance, child) -> child.process().onExit()
                    .thenAccept(p -> warnExit(instance.name(), p, child)));
        }
    }

    private void warnExit(String name, Process process, Object child) {
        if (!closing) {
            String log = child instanceof ChildProcess c ? display(c.logFile()) : display(options.data().resolve("logs"));
            out.printf("%n⚠ %s stopped on its own (exit code %d); see %s%n", name, process.exitValue(), log);
        }
    }

    private void guard() throws StartFailure {
        if (closing) {
            throw new StartFailure("stopped while starting");
        }
    }

    private void step(String what, String detail) {
        out.printf("  ✓ %-21s %s%n", what, detail);
    }

    private static String row(String label, String value) {
        return String.format("  %-26s %s%n", label, value);
    }

    /** A path relative to the working directory when it is inside it, for shorter messages. */
    private static String display(Path path) {
        Path cwd = Path.of("").toAbsolutePath();
        Path absolute = path.toAbsolutePath().normalize();
        return absolute.startsWith(cwd) && !absolute.equals(cwd) ? "./" + cwd.relativize(absolute) : absolute.toString();
    }

    private void stopQuietly(String what, AutoCloseable piece) {
        if (piece == null) {
            return;
        }
        try {
            piece.close();
        } catch (Exception e) {
            out.println("  could not stop " + what + " cleanly: " + e.getMessage());
        }
    }

    /** A start-up failure whose message says all a user needs; no stack trace. */
    static final class StartFailure extends Exception {
        StartFailure(String message) {
            super(message);
        }
    }
}
