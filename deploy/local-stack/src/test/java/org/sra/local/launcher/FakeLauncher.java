package org.sra.local.launcher;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.sra.local.ChildProcess;

/**
 * A launcher in miniature for {@code ParentWatchIntegrationTests}: starts one child JVM the way the
 * stack starts Kafka and the services ({@link ChildProcess#startJava}), prints the child's pid, and
 * waits to be killed.
 */
public final class FakeLauncher {

    private FakeLauncher() {
    }

    public static void main(String[] args) throws Exception {
        String classPath = args[0];
        Path log = Path.of(args[1]);
        ChildProcess child = ChildProcess.startJava("sleeper", List.of("-cp", classPath, Sleeper.class.getName()),
                Map.of(), Path.of("."), log);
        System.out.println("child " + child.pid());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }

    /** The child: does nothing until it is ended. */
    public static final class Sleeper {

        private Sleeper() {
        }

        public static void main(String[] args) throws InterruptedException {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> System.out.println("sleeper: shutting down")));
            Thread.sleep(Long.MAX_VALUE);
        }
    }
}
