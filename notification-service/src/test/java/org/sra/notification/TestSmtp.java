package org.sra.notification;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.mail.Address;
import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;

import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

/**
 * One real SMTP server (GreenMail) per test JVM on a fixed free port, which tests can stop and
 * start again on the same port ("SMTP down for a while"). Tests read what it received.
 */
public final class TestSmtp {

    private static ServerSetup setup;
    private static GreenMail server;

    private TestSmtp() {
    }

    static synchronized int port() {
        if (setup == null) {
            setup = new ServerSetup(freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP);
            start();
            Runtime.getRuntime().addShutdownHook(new Thread(TestSmtp::stop));
        }
        return setup.getPort();
    }

    /** Starts the server again on its port (no-op when running). */
    public static synchronized void start() {
        if (server == null) {
            server = new GreenMail(setup);
            server.start();
        }
    }

    /** Takes the server down; connections are refused until {@link #start()}. */
    public static synchronized void stop() {
        if (server != null) {
            server.stop();
            server = null;
        }
    }

    /** Every message received for this address since the JVM started. */
    public static synchronized List<MimeMessage> messagesTo(String address) {
        if (server == null) {
            return List.of();
        }
        return Arrays.stream(server.getReceivedMessages()).filter(message -> isFor(message, address)).toList();
    }

    /** How many messages the server has received since it was (re)started; parses none of them. */
    public static synchronized int receivedCount() {
        return server == null ? 0 : server.getReceivedMessages().length;
    }

    /** How many messages each of {@code addresses} received (zero included), in one pass over the server. */
    public static synchronized Map<String, Integer> countsTo(Collection<String> addresses) {
        Map<String, Integer> counts = new HashMap<>();
        addresses.forEach(address -> counts.put(address.toLowerCase(Locale.ROOT), 0));
        if (server != null) {
            for (MimeMessage message : server.getReceivedMessages()) {
                try {
                    for (Address to : message.getRecipients(Message.RecipientType.TO)) {
                        counts.computeIfPresent(to.toString().toLowerCase(Locale.ROOT), (a, n) -> n + 1);
                    }
                } catch (MessagingException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return counts;
    }

    /** The decoded plain-text and HTML parts of a received mail, in that order. */
    public static List<String> parts(MimeMessage message) {
        try {
            List<String> parts = new ArrayList<>();
            collect(message.getContent(), message.getContentType(), parts);
            return parts;
        } catch (MessagingException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void collect(Object content, String type, List<String> parts) throws MessagingException, IOException {
        if (content instanceof Multipart multipart) {
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart part = multipart.getBodyPart(i);
                collect(part.getContent(), part.getContentType(), parts);
            }
        } else if (content instanceof String text && type.toLowerCase(Locale.ROOT).startsWith("text/")) {
            parts.add(text);
        }
    }

    public static String header(MimeMessage message, String name) {
        try {
            String[] values = message.getHeader(name);
            return values == null ? null : values[0];
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean isFor(MimeMessage message, String address) {
        try {
            return Arrays.stream(message.getRecipients(Message.RecipientType.TO))
                    .anyMatch(to -> to.toString().equalsIgnoreCase(address));
        } catch (MessagingException e) {
            return false;
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Points {@code spring.mail.*} at the test server. */
    public static final class Initializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

        @Override
        public void initialize(ConfigurableApplicationContext context) {
            TestPropertyValues.of("spring.mail.host=127.0.0.1", "spring.mail.port=" + port()).applyTo(context);
        }
    }
}
