package org.sra.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Which process listens on a TCP port, read from Linux's {@code /proc}: the listening sockets of
 * {@code /proc/net/tcp} and {@code tcp6} (state {@code 0A}) give the socket's inode, and the
 * process whose {@code /proc/<pid>/fd} links to {@code socket:[inode]} holds it. Empty where that
 * cannot be read (another OS, another user's process).
 */
public final class PortHolders {

    private static final Path PROC = Path.of("/proc");
    private static final String LISTEN = "0A";

    private PortHolders() {
    }

    /** A process holding a port: its pid and command line. */
    public record Holder(long pid, String commandLine) {

        /** The command line cut to {@code max} characters. */
        public String shortCommandLine(int max) {
            return commandLine.length() <= max ? commandLine : commandLine.substring(0, max - 1) + "…";
        }
    }

    /** The process listening on {@code port} (any address), if it can be found. */
    public static Optional<Holder> of(int port) {
        Set<String> inodes = new HashSet<>();
        for (String table : List.of("net/tcp", "net/tcp6")) {
            inodes.addAll(listeningInodes(PROC.resolve(table), port));
        }
        if (inodes.isEmpty()) {
            return Optional.empty();
        }
        try (DirectoryStream<Path> processes = Files.newDirectoryStream(PROC, entry -> entry.getFileName().toString()
                .chars().allMatch(Character::isDigit))) {
            for (Path process : processes) {
                if (holdsOne(process, inodes)) {
                    return Optional.of(new Holder(Long.parseLong(process.getFileName().toString()),
                            commandLine(process)));
                }
            }
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    private static Set<String> listeningInodes(Path table, int port) {
        Set<String> inodes = new HashSet<>();
        String hexPort = String.format(Locale.ROOT, "%04X", port);
        try {
            for (String line : Files.readAllLines(table)) {
                String[] columns = line.trim().split("\\s+");
                // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode
                if (columns.length > 9 && columns[1].endsWith(":" + hexPort) && columns[3].equals(LISTEN)) {
                    inodes.add(columns[9]);
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or not readable: nothing known
        }
        return inodes;
    }

    private static boolean holdsOne(Path process, Set<String> inodes) {
        try (DirectoryStream<Path> descriptors = Files.newDirectoryStream(process.resolve("fd"))) {
            for (Path descriptor : descriptors) {
                try {
                    String target = Files.readSymbolicLink(descriptor).toString();
                    if (target.startsWith("socket:[") && inodes.contains(target.substring(8, target.length() - 1))) {
                        return true;
                    }
                } catch (IOException gone) {
                    // closed meanwhile
                }
            }
        } catch (IOException | RuntimeException notOurs) {
            // another user's process, or gone
        }
        return false;
    }

    private static String commandLine(Path process) {
        try {
            String raw = new String(Files.readAllBytes(process.resolve("cmdline")), StandardCharsets.UTF_8);
            return raw.replace('\0', ' ').strip();
        } catch (IOException e) {
            return "(command line not readable)";
        }
    }
}
