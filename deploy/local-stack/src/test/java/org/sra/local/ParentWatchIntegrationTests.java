package org.sra.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sra.local.launcher.FakeLauncher;

/**
 * A launcher killed hard ({@code kill -9}, as a closed terminal or an out-of-memory killer would)
 * leaves no child behind: the child started the way the stack starts Kafka and the services ends
 * by itself, running its shutdown, within seconds.
 */
class ParentWatchIntegrationTests {

    @TempDir
    Path dir;

    @Test
    void aChildEndsWhenItsLauncherIsKilledHard() throws Exception {
        assumeTrue(System.getProperty("os.name").equals("Linux"), "kill -9 semantics checked on Linux");
        String classPath = Path.of("target/classes").toAbsolutePath() + File.pathSeparator
                + Path.of("target/test-classes").toAbsolutePath();
        Path childLog = dir.resolve("sleeper.log");
        Process launcher = new ProcessBuilder(ChildProcess.javaExecutable(), "-cp", classPath,
                FakeLauncher.class.getName(), classPath, childLog.toString())
                .redirectErrorStream(true).start();
        long childPid;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(launcher.getInputStream(), StandardCharsets.UTF_8))) {
            String line = out.readLine();
            assertThat(line).as("the launcher's first line").startsWith("child ");
            childPid = Long.parseLong(line.substring("child ".length()).strip());
        }
        ProcessHandle child = ProcessHandle.of(childPid).orElseThrow();
        // the child is up and still there while its launcher lives
        Thread.sleep(1000);
        assertThat(child.isAlive()).as("the child while its launcher runs").isTrue();

        launcher.destroyForcibly(); // SIGKILL: no shutdown hook of the launcher runs
        assertThat(launcher.waitFor(10, TimeUnit.SECONDS)).isTrue();

        boolean ended = child.onExit().completeOnTimeout(null, 20, TimeUnit.SECONDS).get() != null || !child.isAlive();
        try {
            assertThat(ended).as("the child ended within 20 s of its launcher's kill -9").isTrue();
            assertThat(Files.readString(childLog)).contains("the launcher of this process is gone")
                    .as("it stopped as on SIGTERM, its shutdown hooks ran").contains("sleeper: shutting down");
        } finally {
            child.destroyForcibly();
        }
    }

    @Test
    void aPortTakenIsNamedWithTheProcessHoldingItAndHowToFreeIt() throws Exception {
        assumeTrue(Files.isReadable(Path.of("/proc/net/tcp")), "reads /proc (Linux)");
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            long started = System.nanoTime();

            List<String> busy = new Ports(port - Ports.KAFKA).busy(false);

            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
            long self = ProcessHandle.current().pid();
            assertThat(busy).anySatisfy(line -> assertThat(line).startsWith(port + " (Kafka): held by process " + self)
                    .contains("java").contains("kill " + self));
        }
    }
}
