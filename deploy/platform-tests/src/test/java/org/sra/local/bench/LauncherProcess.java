package org.sra.local.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The local-stack launcher as {@code run-local.sh --no-build} runs it: {@code java -jar
 * deploy/local-stack/target/local-stack.jar} in its own JVM (the store, mail catcher and demo
 * directory live in it, so its resident memory is the store's), or one already running.
 */
public final class LauncherProcess implements AutoCloseable {

    private final Process process;
    private final long pid;
    private final Path output;

    private LauncherProcess(Process process, long pid, Path output) {
        this.process = process;
        this.pid = pid;
        this.output = output;
    }

    /**
     * Starts the launcher and returns once it printed its summary (every service ready).
     *
     * @param javaOptions the launcher JVM's options, as {@code run-local.sh} passes them
     */
    public static LauncherProcess start(Path root, Path data, int portOffset, Duration within, List<String> javaOptions)
            throws IOException {
        Files.createDirectories(data);
        Path output = data.resolve("launcher.out");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(javaOptions);
        command.addAll(List.of("-jar", root.resolve("deploy/local-stack/target/local-stack.jar").toString(),
                "--data", data.toString(), "--port-offset", String.valueOf(portOffset),
                "--ready-timeout", String.valueOf(within.toSeconds())));
        Process process = new ProcessBuilder(command)
                .directory(root.toFile()).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        LauncherProcess launcher = new LauncherProcess(process, process.pid(), output);
        Runtime.getRuntime().addShutdownHook(new Thread(launcher::close, "stop-launcher"));
        long deadline = System.nanoTime() + within.plusSeconds(60).toNanos();
        while (!launcher.printed("Press Ctrl-C to stop.")) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the launcher ended (exit " + process.exitValue() + "):\n"
                        + Files.readString(output));
            }
            if (System.nanoTime() > deadline) {
                launcher.close();
                throw new IllegalStateException("the launcher did not get ready; its output:\n" + Files.readString(output));
            }
            Waits.pause(500);
        }
        return launcher;
    }

    /** A launcher started elsewhere: the process listening on the stack's MongoDB port. */
    public static LauncherProcess attach(int mongoPort) {
        long pid = ProcFs.pidListeningOn(mongoPort).orElseThrow(() -> new IllegalStateException(
                "nothing listens on 127.0.0.1:" + mongoPort + " (is the stack running with this --port-offset?)"));
        return new LauncherProcess(null, pid, null);
    }

    public long pid() {
        return pid;
    }

    /** VmRSS and VmHWM of the launcher JVM, in MiB, from /proc. */
    public Optional<ProcFs.Memory> memory() {
        return ProcFs.memory(pid);
    }

    /** The first line of {@code jcmd <pid> GC.heap_info} (heap total and used), or "" when jcmd cannot tell. */
    public String heapInfo() {
        try {
            Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                    String.valueOf(pid), "GC.heap_info").redirectErrorStream(true).start();
            String out = new String(jcmd.getInputStream().readAllBytes());
            jcmd.waitFor(20, TimeUnit.SECONDS);
            return out.lines().filter(l -> l.contains("total") && l.contains("used")).findFirst().orElse("").strip();
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    private boolean printed(String text) throws IOException {
        return Files.exists(output) && Files.readString(output).contains(text);
    }

    /** Stops a launcher this object started (its shutdown hook stops the services, Kafka, then the store). */
    @Override
    public synchronized void close() {
        if (process != null && process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(90, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
