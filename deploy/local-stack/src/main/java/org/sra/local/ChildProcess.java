package org.sra.local;

import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A child JVM of the stack (the Kafka broker, a service) with its output in one log file, which
 * ends when this launcher ends, even when it is killed ({@link ParentWatch}).
 *
 * <p>Stopping sends SIGTERM
 * ({@link Process#destroy()}) so the child runs its own shutdown, and only after the grace period
 * kills it.
 */
public final class ChildProcess {

    /**
     * On Linux children run in their own session ({@code setsid} execs java in place, same pid), so
     * Ctrl-C in the terminal reaches only the launcher, which then stops them in order: the
     * services before the Kafka broker they publish to. Without it they would all stop at once.
     */
    private static final List<String> OWN_SESSION = ownSession();

    private final String name;
    private final Process process;
    private final Path logFile;

    private ChildProcess(String name, Process process, Path logFile) {
        this.name = name;
        this.process = process;
        this.logFile = logFile;
    }

    /**
     * Starts {@code java <arguments>} with the same java as this launcher.
     *
     * @param environment added to (and overriding) this process's environment
     */
    public static ChildProcess startJava(String name, List<String> arguments, Map<String, String> environment,
            Path workingDirectory, Path logFile) throws IOException {
        Files.createDirectories(logFile.getParent());
        List<String> command = new ArrayList<>(OWN_SESSION);
        command.add(javaExecutable());
        // ends the child when this launcher is gone, however it ended: see ParentWatch
        command.add("-javaagent:" + ParentWatch.agentJar());
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(workingDirectory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .redirectInput(ProcessBuilder.Redirect.PIPE); // held open by this launcher until it ends
        builder.environment().putAll(environment);
        return new ChildProcess(name, builder.start(), logFile);
    }

    /** Keeps the previous run's log as {@code <name>.previous.log} and starts a new one. */
    public static void rotateLog(Path logFile) throws IOException {
        if (Files.exists(logFile)) {
            String name = logFile.getFileName().toString().replaceFirst("\\.log$", "");
            Files.move(logFile, logFile.resolveSibling(name + ".previous.log"), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Runs {@code java <arguments>} to completion, appending its output to {@code logFile}. */
    public static int runJava(List<String> arguments, Path workingDirectory, Path logFile, Duration timeout)
            throws IOException, InterruptedException {
        Files.createDirectories(logFile.getParent());
        List<String> command = new ArrayList<>();
        command.add(javaExecutable());
        command.addAll(arguments);
        Process process = new ProcessBuilder(command)
                .directory(workingDirectory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(nullDevice()))
                .start();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor();
            throw new IOException("timed out after " + timeout.toSeconds() + " s: " + String.join(" ", command));
        }
        return process.exitValue();
    }

    /** The java binary running this launcher, so children get the same (checked) JDK. */
    public static String javaExecutable() {
        Optional<String> current = ProcessHandle.current().info().command();
        return current.orElseGet(() -> Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public Process process() {
        return process;
    }

    public Path logFile() {
        return logFile;
    }

    /** Whether the log written so far contains {@code text}. */
    public boolean logContains(String text) {
        try {
            return Files.exists(logFile) && Files.readString(logFile, StandardCharsets.UTF_8).contains(text);
        } catch (IOException | UncheckedIOException e) {
            return false;
        }
    }

    /** The last {@code lines} lines of the log, to show why a child failed. */
    public String logTail(int lines) {
        try (RandomAccessFile file = new RandomAccessFile(logFile.toFile(), "r")) {
            long length = file.length();
            long from = Math.max(0, length - 64 * 1024);
            byte[] bytes = new byte[(int) (length - from)];
            file.seek(from);
            file.readFully(bytes);
            List<String> all = new String(bytes, StandardCharsets.UTF_8).lines().toList();
            return String.join(System.lineSeparator(), all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(cannot read " + logFile + ": " + e.getMessage() + ")";
        }
    }

    /** SIGTERM, wait up to {@code grace}, then kill. */
    public void stop(Duration grace) {
        stopAll(List.of(this), grace);
    }

    /** Stops several children at once: all get SIGTERM first, then share one grace period. */
    public static void stopAll(Collection<ChildProcess> children, Duration grace) {
        children.stream().filter(ChildProcess::isAlive).forEach(child -> child.process.destroy());
        long deadline = System.nanoTime() + grace.toNanos();
        for (ChildProcess child : children) {
            try {
                long left = Math.max(0, deadline - System.nanoTime());
                if (!child.process.waitFor(left, TimeUnit.NANOSECONDS)) {
                    System.out.println("  " + child.name + " did not stop within " + grace.toSeconds() + " s; killing it");
                    child.process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                child.process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    private static List<String> ownSession() {
        if (!System.getProperty("os.name").equals("Linux")) {
            return List.of();
        }
        for (String setsid : List.of("/usr/bin/setsid", "/bin/setsid")) {
            if (Files.isExecutable(Path.of(setsid))) {
                return List.of(setsid);
            }
        }
        return List.of();
    }

    private static File nullDevice() {
        return new File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
    }
}
