package org.sra.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.instrument.Instrumentation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * Ends a child JVM of the stack when its launcher is gone, however the launcher ended (Ctrl-C, a
 * closed terminal, {@code kill -9}): a Java agent the launcher adds to every child
 * ({@code -javaagent}) that reads the child's standard input, a pipe whose other end only the
 * launcher holds. The operating system closes that pipe when the launcher dies, the read ends, and
 * the child exits as on SIGTERM (its own shutdown runs; after {@value #HALT_AFTER_SECONDS} s it is
 * halted). Without it a killed launcher left its Kafka broker running on 9092 and the next start
 * waited on a port it could not have.
 *
 * <p>The agent is one class without dependencies, written into a jar of its own at the launcher's
 * start ({@link #agentJar()}): the launcher's own jar would put its libraries on the child's class
 * path.
 */
public final class ParentWatch {

    static final int HALT_AFTER_SECONDS = 30;

    private ParentWatch() {
    }

    /** The agent's entry point in the child JVM. */
    public static void premain(String arguments, Instrumentation instrumentation) {
        Thread watch = new Thread(() -> {
            try {
                InputStream in = System.in;
                byte[] buffer = new byte[256];
                while (in.read(buffer) >= 0) {
                    // nothing is ever written; only the end of the stream matters
                }
            } catch (IOException ended) {
                // a broken pipe is the launcher's end too
            }
            System.err.println("[parent-watch] the launcher of this process is gone; stopping");
            Thread halt = new Thread(() -> {
                try {
                    Thread.sleep(HALT_AFTER_SECONDS * 1000L);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                Runtime.getRuntime().halt(1);
            }, "parent-watch-halt");
            halt.setDaemon(true);
            halt.start();
            System.exit(0);
        }, "parent-watch");
        watch.setDaemon(true);
        watch.start();
    }

    /** Writes the agent jar (once per launcher) and returns its path. */
    public static synchronized Path agentJar() {
        if (jar == null) {
            jar = writeJar();
        }
        return jar;
    }

    private static Path jar;

    private static Path writeJar() {
        String entry = ParentWatch.class.getName().replace('.', '/') + ".class";
        try (InputStream classFile = ParentWatch.class.getClassLoader().getResourceAsStream(entry)) {
            if (classFile == null) {
                throw new IOException("class file " + entry + " not found");
            }
            Path file = Files.createTempFile("sra-parent-watch-", ".jar");
            file.toFile().deleteOnExit();
            Manifest manifest = new Manifest();
            manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
            manifest.getMainAttributes().put(new Attributes.Name("Premain-Class"), ParentWatch.class.getName());
            try (OutputStream out = Files.newOutputStream(file); JarOutputStream jarOut = new JarOutputStream(out, manifest)) {
                jarOut.putNextEntry(new JarEntry(entry));
                classFile.transferTo(jarOut);
                jarOut.closeEntry();
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the parent-watch agent", e);
        }
    }
}
