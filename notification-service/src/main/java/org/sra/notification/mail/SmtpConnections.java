package org.sra.notification.mail;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.mail.javamail.JavaMailSenderImpl;

/**
 * One open SMTP connection per sending thread, kept for that thread's next mail: opening a
 * connection (greeting, EHLO, perhaps STARTTLS and AUTH) costs far more than sending a mail over
 * it — against the local stack's mail server (GreenMail) about 50 ms against 2–4 ms. Host, port, credentials
 * and {@code mail.smtp.*} properties are Spring Mail's ({@code spring.mail.*}).
 *
 * <p>A connection is not reused after {@code idleLimit} without use (servers close idle ones) or
 * after {@code mailsPerConnection} mails (servers limit them), nor after any failure. A reused
 * connection that fails before the server answered (it was closed under us) is replaced by a new
 * one for the same mail at once; an answer from the server (a refused recipient) is not retried.
 */
public final class SmtpConnections {

    private static final Logger log = LoggerFactory.getLogger(SmtpConnections.class);

    private final JavaMailSenderImpl sender;
    private final Duration idleLimit;
    private final int mailsPerConnection;
    private final Map<Thread, Connection> open = new ConcurrentHashMap<>();

    /**
     * @param idleLimit          a connection unused this long is closed, not reused
     * @param mailsPerConnection mails over one connection before a new one is opened
     */
    public SmtpConnections(JavaMailSenderImpl sender, Duration idleLimit, int mailsPerConnection) {
        this.sender = sender;
        this.idleLimit = idleLimit;
        this.mailsPerConnection = Math.max(1, mailsPerConnection);
    }

    /** The mail session messages are built in (Spring Mail's, with its {@code mail.*} properties). */
    Session session() {
        return sender.getSession();
    }

    /** Sends over this thread's connection, opening one when there is none fit for reuse. */
    void send(MimeMessage message) throws MessagingException {
        Thread thread = Thread.currentThread();
        Connection reused = open.remove(thread);
        if (reused != null && reused.fitForReuse(System.nanoTime())) {
            try {
                keep(thread, reused.send(message));
                return;
            } catch (SendFailedException answered) {
                reused.close();
                throw answered;
            } catch (MessagingException | IllegalStateException closedUnderUs) {
                reused.close();
                log.debug("A reused SMTP connection failed ({}); sending over a new one", closedUnderUs.toString());
            }
        } else if (reused != null) {
            reused.close();
        }
        Connection fresh = connect();
        try {
            keep(thread, fresh.send(message));
        } catch (MessagingException | RuntimeException e) {
            fresh.close();
            throw e;
        }
    }

    /** Closes every open connection (senders stopping). */
    void closeAll() {
        open.keySet().forEach(thread -> {
            Connection connection = open.remove(thread);
            if (connection != null) {
                connection.close();
            }
        });
    }

    private void keep(Thread thread, Connection connection) {
        if (connection.sent < mailsPerConnection) {
            open.put(thread, connection);
        } else {
            connection.close();
        }
    }

    /** As Spring Mail's {@code JavaMailSenderImpl} connects, with its settings. */
    private Connection connect() throws MessagingException {
        String username = sender.getUsername();
        String password = sender.getPassword();
        if ("".equals(username)) {
            username = null;
            password = "".equals(password) ? null : password;
        }
        String protocol = sender.getProtocol() != null ? sender.getProtocol()
                : sender.getSession().getProperty("mail.transport.protocol");
        Transport transport = sender.getSession().getTransport(protocol != null ? protocol : "smtp");
        transport.connect(sender.getHost(), sender.getPort(), username, password);
        return new Connection(transport);
    }

    private final class Connection {

        private final Transport transport;
        private int sent;
        private long lastUsed = System.nanoTime();

        Connection(Transport transport) {
            this.transport = transport;
        }

        Connection send(MimeMessage message) throws MessagingException {
            transport.sendMessage(message, message.getAllRecipients());
            sent++;
            lastUsed = System.nanoTime();
            return this;
        }

        boolean fitForReuse(long now) {
            return now - lastUsed < idleLimit.toNanos();
        }

        void close() {
            try {
                transport.close();
            } catch (MessagingException | RuntimeException e) {
                log.debug("Closing an SMTP connection failed: {}", e.toString());
            }
        }
    }
}
