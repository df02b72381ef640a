package org.sra.auth.support;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Debian's real RADIUS client ({@code radclient} from freeradius-utils), run as a process. */
public final class Radclient {

    private Radclient() {
    }

    public static boolean installed() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            if (Files.isExecutable(Path.of(dir, "radclient"))) {
                return true;
            }
        }
        return false;
    }

    /** What radclient printed and how it ended. */
    public record Result(int exitCode, String output) {

        public boolean received(String code) {
            return output.contains("Received " + code);
        }

        public boolean noReply() {
            return !output.contains("Received ");
        }

        /** The value of a reply attribute as radclient prints it, or null. */
        public String attribute(String name) {
            int received = output.indexOf("Received ");
            if (received < 0) {
                return null;
            }
            for (String line : output.substring(received).split("\n")) {
                String trimmed = line.strip();
                if (trimmed.startsWith(name + " = ")) {
                    String value = trimmed.substring(name.length() + 3);
                    return value.startsWith("\"") && value.endsWith("\"") ? value.substring(1, value.length() - 1) : value;
                }
            }
            return null;
        }
    }

    /**
     * @param command    {@code auth} or {@code acct}
     * @param attributes one packet, e.g. {@code User-Name = "taro", User-Password = "x"}
     * @param options    extra radclient options, e.g. {@code -t 0.01 -r 3}
     */
    public static Result send(int port, String command, String secret, String attributes, String... options)
            throws IOException, InterruptedException {
        List<String> cli = new ArrayList<>(List.of("radclient", "-x"));
        if (options.length == 0) {
            cli.addAll(List.of("-t", "3", "-r", "1"));
        } else {
            cli.addAll(List.of(options));
        }
        Path input = Files.createTempFile("radclient", ".txt");
        try {
            Files.writeString(input, attributes + "\n");
            cli.addAll(List.of("-f", input.toString(), "127.0.0.1:" + port, command, secret));
            Process process = new ProcessBuilder(cli).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
            return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(input);
        }
    }
}
