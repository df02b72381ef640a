package org.sra.local.bench;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Debian's {@code radclient} (freeradius-utils) as the VPN headend on this machine: one
 * Access-Request from 127.0.0.1 (or another loopback address), PAP with Message-Authenticator, as
 * the guide's walk sends it.
 */
public final class Radclient {

    private final int port;
    private final String secret;
    /** The address requests are sent from; null for the system's choice (127.0.0.1 towards 127.0.0.1). */
    private final String source;

    public Radclient(int port, String secret) {
        this(port, secret, null);
    }

    /**
     * A headend sending from {@code source}, e.g. 127.0.0.2: auth-service knows a NAS client by
     * the request's source address, and one address belongs to one tenant, so two tenants' lab
     * headends on this machine need two loopback addresses. radclient binds to the address of its
     * {@code Packet-Src-IP-Address} attribute, which it does not send.
     */
    public Radclient(int port, String secret, String source) {
        this.port = port;
        this.secret = secret;
        this.source = source;
    }

    /** Whether radclient is on the PATH. */
    public static boolean installed() {
        return Stream.of(System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, "radclient")));
    }

    /** What radclient printed for one request. */
    public record Answer(String output) {

        public boolean accepted() {
            return output.contains("Received Access-Accept");
        }

        public boolean rejected() {
            return output.contains("Received Access-Reject");
        }

        /** A reply attribute's value as radclient prints it (quotes removed), or "". */
        public String attribute(String name) {
            int received = output.indexOf("Received ");
            if (received < 0) {
                return "";
            }
            for (String line : output.substring(received).split("\n")) {
                String trimmed = line.strip();
                if (trimmed.startsWith(name + " = ")) {
                    String value = trimmed.substring(name.length() + 3);
                    return value.startsWith("\"") && value.endsWith("\"") ? value.substring(1, value.length() - 1) : value;
                }
            }
            return "";
        }

        /** "accept", "reject" or "no answer", for a log line. */
        public String outcome() {
            return accepted() ? "accept" : rejected() ? "reject" : "no answer";
        }
    }

    /** One PAP Access-Request for {@code user} on a Windows device without a serial ID presented. */
    public Answer authenticate(String user, String password) {
        return send("User-Name = \"" + user + "\", User-Password = \"" + password
                + "\", Message-Authenticator = 0x00, Cisco-AVPair = \"mdm-tlv=device-platform=win\"");
    }

    /**
     * One Accounting-Request with these attributes (e.g. {@code Acct-Status-Type = Start, ...}); this
     * radclient's port must then be an accounting port.
     */
    public Answer account(String attributes) {
        return send(port, "acct", attributes);
    }

    /** Accounting-Start of a session, to auth-service's accounting port {@code acctPort}. */
    public Answer accountingStart(int acctPort, String user, String sessionId, String framedIp) {
        return send(acctPort, "acct", "Acct-Status-Type = Start, Acct-Session-Id = \"" + sessionId + "\", User-Name = \""
                + user + "\", Framed-IP-Address = " + framedIp);
    }

    private Answer send(String attributes) {
        return send(port, "auth", attributes);
    }

    private Answer send(int toPort, String type, String attributes) {
        try {
            Path input = Files.createTempFile("radclient", ".txt");
            try {
                Files.writeString(input, attributes
                        + (source == null ? "" : ", Packet-Src-IP-Address = " + source) + "\n");
                Process process = new ProcessBuilder(List.of("radclient", "-x", "-t", "3", "-r", "1", "-f",
                        input.toString(), "127.0.0.1:" + toPort, type, secret))
                        .redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                        .start();
                byte[] output = process.getInputStream().readAllBytes();
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
                return new Answer(new String(output, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(input);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("radclient: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
