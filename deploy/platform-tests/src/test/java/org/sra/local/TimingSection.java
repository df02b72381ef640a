package org.sra.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;

/**
 * A part of a platform test whose figures a heavy part of the other platform class would spoil,
 * run while that other class holds none: the two classes run at the same time in two failsafe
 * JVMs on two cores, so the fault suite's JVM restarts and outages must not fall into the
 * head-of-line measurement (a bound of 2 s), nor a bulk import into the fault suite's timing
 * bounds. An OS file lock in the module's {@code target/} directory, so it holds across the two
 * JVMs and is let go when a JVM dies.
 *
 * <p>While a section named {@link #measuring} is held, {@link #othersMeasuring()} is true in the
 * other JVM: the fault suite's background flow holds its rounds back meanwhile.
 */
final class TimingSection implements AutoCloseable {

    private static final Path LOCK = Path.of("target", "timing-section.lock");
    private static final Path MEASURING = Path.of("target", "timing-section.measuring");

    private final FileChannel channel;
    private final FileLock lock;
    private final boolean marked;

    private TimingSection(FileChannel channel, FileLock lock, boolean marked) {
        this.channel = channel;
        this.lock = lock;
        this.marked = marked;
    }

    /** Waits until no other section runs, then holds it (what the fault suite does for each fault). */
    static TimingSection enter(String what) {
        return enter(what, false);
    }

    /** As {@link #enter}, and holds the other class's background load back while measuring. */
    static TimingSection measuring(String what) {
        return enter(what, true);
    }

    private static TimingSection enter(String what, boolean measuring) {
        try {
            Files.createDirectories(LOCK.getParent());
            FileChannel channel = FileChannel.open(LOCK, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            long asked = System.nanoTime();
            FileLock lock = channel.lock();
            long waited = (System.nanoTime() - asked) / 1_000_000;
            if (waited > 1_000) {
                System.out.printf("%s waited %,d ms for the other platform class's timing section%n", what, waited);
            }
            if (measuring) {
                Files.writeString(MEASURING, what);
            }
            return new TimingSection(channel, lock, measuring);
        } catch (IOException e) {
            throw new UncheckedIOException("the timing section's lock file " + LOCK.toAbsolutePath(), e);
        }
    }

    /**
     * Whether the other class measures now; after {@code atMost} a measurement that never ended (a
     * JVM killed without cleaning up) no longer counts.
     */
    static boolean othersMeasuring(Duration atMost) {
        try {
            return Files.exists(MEASURING) && Files.getLastModifiedTime(MEASURING).toMillis()
                    > System.currentTimeMillis() - atMost.toMillis();
        } catch (IOException e) {
            return false; // gone meanwhile
        }
    }

    @Override
    public void close() {
        try {
            if (marked) {
                Files.deleteIfExists(MEASURING);
            }
            lock.release();
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
