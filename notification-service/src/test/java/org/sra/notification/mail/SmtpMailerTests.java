package org.sra.notification.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.mail.javamail.JavaMailSenderImpl;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;

/**
 * How SMTP failures are classified: a recipient the server refuses (5xx) is permanent — tried
 * once, never trips the breaker; a server that cannot be reached is transient — tried again.
 * Runs against a tiny SMTP responder on the loopback interface (milliseconds).
 */
class SmtpMailerTests {

    private static final RenderedMail MAIL = new RenderedMail("subject", "text", "<p>html</p>");

    private final AtomicInteger connections = new AtomicInteger();
    private ServerSocket server;

    @AfterEach
    void closeServer() throws IOException {
        if (server != null) {
            server.close();
        }
    }

    private SmtpMailer mailer(int port, CircuitBreaker breaker) {
        JavaMailSenderImpl sender = new JavaMailSenderImpl();
        sender.setHost("127.0.0.1");
        sender.setPort(port);
        Retry retry = Retry.of("smtp", RetryConfig.custom().maxAttempts(3).waitDuration(Duration.ofMillis(10))
                .retryExceptions(TransientMailFailure.class).ignoreExceptions(PermanentMailFailure.class).build());
        return new SmtpMailer(new SmtpConnections(sender, Duration.ofSeconds(30), 100), breaker, retry,
                "SRA <no-reply@sra.local>");
    }

    private static CircuitBreaker breaker() {
        return CircuitBreaker.of("smtp", CircuitBreakerConfig.custom()
                .recordExceptions(TransientMailFailure.class).ignoreExceptions(PermanentMailFailure.class).build());
    }

    @Test
    void aRecipientTheServerRefusesIsAPermanentFailureTriedOnceWithTheAddressMasked() throws Exception {
        int port = startRefusingRecipients();
        CircuitBreaker breaker = breaker();

        assertThatThrownBy(() -> mailer(port, breaker).send("nobody@acme.example", MAIL, "<id@sra.local>"))
                .isInstanceOf(PermanentMailFailure.class)
                .hasMessageStartingWith("the SMTP server refused the recipient")
                .hasMessageNotContaining("nobody@acme.example");
        assertThat(connections).hasValue(1);
        assertThat(breaker.getMetrics().getNumberOfFailedCalls()).isZero();
    }

    @Test
    void anUnreachableServerIsATransientFailureTriedAgain() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        CircuitBreaker breaker = breaker();

        assertThatThrownBy(() -> mailer(port, breaker).send("taro@acme.example", MAIL, "<id@sra.local>"))
                .isInstanceOf(TransientMailFailure.class);
        assertThat(breaker.getMetrics().getNumberOfFailedCalls()).isEqualTo(3);
    }

    /** Answers like a mail server that knows no such user: 550 to every RCPT TO. */
    private int startRefusingRecipients() throws IOException {
        server = new ServerSocket(0);
        Thread.ofVirtual().start(() -> {
            while (!server.isClosed()) {
                try (Socket client = server.accept()) {
                    connections.incrementAndGet();
                    converse(client);
                } catch (IOException closed) {
                    return;
                }
            }
        });
        return server.getLocalPort();
    }

    private static void converse(Socket client) throws IOException {
        var in = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.US_ASCII));
        var out = new PrintWriter(client.getOutputStream(), true, StandardCharsets.US_ASCII);
        out.print("220 stub ESMTP\r\n");
        out.flush();
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            String command = line.toUpperCase();
            if (command.startsWith("EHLO") || command.startsWith("HELO")) {
                out.print("250 stub\r\n");
            } else if (command.startsWith("MAIL")) {
                out.print("250 OK\r\n");
            } else if (command.startsWith("RCPT")) {
                out.print("550 5.1.1 " + line.substring(line.indexOf('<')) + ": Recipient address rejected\r\n");
            } else if (command.startsWith("QUIT")) {
                out.print("221 bye\r\n");
                out.flush();
                return;
            } else {
                out.print("250 OK\r\n");
            }
            out.flush();
        }
    }
}
