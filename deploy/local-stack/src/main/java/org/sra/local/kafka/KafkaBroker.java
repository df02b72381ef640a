package org.sra.local.kafka;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.sra.local.ChildProcess;

/**
 * A real single-node Apache Kafka broker in KRaft mode ({@code process.roles=broker,controller}),
 * run as a child JVM from Kafka's own jars (copied from Maven Central to {@code target/kafka-libs}).
 *
 * <p>Its directory holds {@code server.properties} and {@code log4j2.properties} (rewritten at
 * every start, so ports may follow {@code --port-offset}), {@code cluster.id} (made once) and
 * {@code logs/}, the topic data and the KRaft metadata log; a restart keeps topics and offsets.
 * The storage is formatted once, with {@code kafka.tools.StorageTool format --standalone}.
 */
public final class KafkaBroker implements AutoCloseable {

    private static final String STARTED = "Kafka Server started";
    private static final List<String> JVM_OPTIONS = List.of(
            "-Xms128m", "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xss512k",
            "-XX:+ExitOnOutOfMemoryError", "-Djava.awt.headless=true");

    private final Path dir;
    private final Path libs;
    private final Path logFile;
    private final int port;
    private final int controllerPort;
    private ChildProcess process;

    /**
     * @param dir            the broker's directory, {@code <data>/kafka}
     * @param libs           the folder of Kafka's jars
     * @param logFile        where the broker's output goes
     * @param port           the client port (PLAINTEXT)
     * @param controllerPort the KRaft controller port
     */
    public KafkaBroker(Path dir, Path libs, Path logFile, int port, int controllerPort) {
        this.dir = dir.toAbsolutePath();
        this.libs = libs.toAbsolutePath();
        this.logFile = logFile.toAbsolutePath();
        this.port = port;
        this.controllerPort = controllerPort;
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** Writes the configuration, formats the storage on the first start, and launches the broker. */
    public void start() throws IOException, InterruptedException {
        if (!hasKafkaJars(libs)) {
            throw new IOException("Kafka's jars are missing in " + libs
                    + "; build them with: ./mvnw -pl deploy/local-stack -am package -DskipTests");
        }
        Files.createDirectories(dir);
        Path properties = dir.resolve("server.properties");
        Path log4j = dir.resolve("log4j2.properties");
        Files.writeString(properties, KafkaConfig.serverProperties(dir.resolve("logs"), port, controllerPort));
        Files.writeString(log4j, KafkaConfig.log4j2Properties());
        ChildProcess.rotateLog(logFile);
        if (!Files.exists(dir.resolve("logs").resolve("meta.properties"))) {
            format(properties, log4j);
        }
        process = ChildProcess.startJava("kafka", command(log4j, "kafka.Kafka", properties.toString()),
                Map.of(), dir, logFile);
    }

    /** Waits until the broker has logged that it started and accepts connections. */
    public void awaitReady(Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("Kafka exited with code " + process.process().exitValue() + "; last lines of "
                        + logFile + ":\n" + process.logTail(30));
            }
            if (process.logContains(STARTED) && accepts(port)) {
                return;
            }
            Thread.sleep(250);
        }
        throw new IOException("Kafka did not start within " + timeout.toSeconds() + " s; see " + logFile);
    }

    public void start(Duration timeout) throws IOException, InterruptedException {
        start();
        awaitReady(timeout);
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    public ChildProcess process() {
        return process;
    }

    /** SIGTERM (Kafka's controlled shutdown), then kill after 20 s. */
    @Override
    public void close() {
        if (process != null) {
            process.stop(Duration.ofSeconds(20));
        }
    }

    private void format(Path properties, Path log4j) throws IOException, InterruptedException {
        Path clusterIdFile = dir.resolve("cluster.id");
        if (!Files.exists(clusterIdFile)) {
            Files.writeString(clusterIdFile, newClusterId() + "\n");
        }
        String clusterId = Files.readString(clusterIdFile).trim();
        int exit = ChildProcess.runJava(command(log4j, "kafka.tools.StorageTool", "format", "-t", clusterId,
                "-c", properties.toString(), "--standalone"), dir, logFile, Duration.ofMinutes(2));
        if (exit != 0) {
            throw new IOException("formatting Kafka's storage failed (exit " + exit + "); see " + logFile);
        }
    }

    private List<String> command(Path log4j, String mainClass, String... arguments) {
        List<String> command = new ArrayList<>(JVM_OPTIONS);
        command.add("-Dlog4j2.configurationFile=" + log4j.toUri());
        command.add("-cp");
        command.add(libs + File.separator + "*");
        command.add(mainClass);
        command.addAll(List.of(arguments));
        return command;
    }

    /** A Kafka cluster id: 16 random bytes, base64url without padding, not starting with '-'. */
    static String newClusterId() {
        SecureRandom random = new SecureRandom();
        byte[] bytes = new byte[16];
        String id;
        do {
            random.nextBytes(bytes);
            id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        } while (id.startsWith("-"));
        return id;
    }

    static boolean hasKafkaJars(Path libs) throws IOException {
        if (!Files.isDirectory(libs)) {
            return false;
        }
        try (var jars = Files.list(libs)) {
            return jars.anyMatch(jar -> jar.getFileName().toString().startsWith("kafka_2.13-"));
        }
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
