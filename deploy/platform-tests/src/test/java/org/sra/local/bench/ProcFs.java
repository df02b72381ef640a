package org.sra.local.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/** Linux /proc: a process's memory, and which process listens on a TCP port. */
public final class ProcFs {

    private ProcFs() {
    }

    /** Resident set now and its high-water mark, MiB. */
    public record Memory(double rssMiB, double hwmMiB) {
    }

    public static Optional<Memory> memory(long pid) {
        try {
            double rss = -1;
            double hwm = -1;
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    rss = kib(line) / 1024.0;
                } else if (line.startsWith("VmHWM:")) {
                    hwm = kib(line) / 1024.0;
                }
            }
            return Optional.of(new Memory(rss, hwm));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** CPU time (user + system) the process has used so far, ms; -1 when it is gone. */
    public static long cpuMillis(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
            // the command may contain spaces: the fields after it start behind the last ')'
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime (fields 14, 15)
            return ticks * 1000 / CLOCK_TICKS;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** USER_HZ: 100 on every Linux this runs on. */
    private static final long CLOCK_TICKS = 100;

    private static long kib(String line) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
    }

    /** The process with a socket listening on {@code port} (IPv4 or IPv6), if this user can see it. */
    public static Optional<Long> pidListeningOn(int port) {
        String hexPort = String.format(Locale.ROOT, ":%04X", port);
        String inode = null;
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            try {
                for (String line : Files.readAllLines(Path.of(table))) {
                    String[] f = line.trim().split("\\s+");
                    if (f.length > 9 && f[1].endsWith(hexPort) && f[3].equals("0A")) { // 0A = LISTEN
                        inode = f[9];
                    }
                }
            } catch (IOException e) {
                // no such table
            }
        }
        if (inode == null) {
            return Optional.empty();
        }
        String socket = "socket:[" + inode + "]";
        try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
            for (Path process : processes.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                try (Stream<Path> fds = Files.list(process.resolve("fd"))) {
                    if (fds.anyMatch(fd -> readLink(fd).equals(socket))) {
                        return Optional.of(Long.parseLong(process.getFileName().toString()));
                    }
                } catch (IOException | SecurityException e) {
                    // gone, or not ours
                }
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    private static String readLink(Path fd) {
        try {
            return Files.readSymbolicLink(fd).toString();
        } catch (IOException | UnsupportedOperationException e) {
            return "";
        }
    }
}
