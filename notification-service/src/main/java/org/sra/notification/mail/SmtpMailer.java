package org.sra.notification.mail;

import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.StreamProvider;

import org.springframework.util.ClassUtils;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.retry.Retry;

/**
 * The SMTP adapter: builds the MIME message (text + HTML, fixed Message-ID) and sends it with
 * Spring Mail's settings over the calling thread's reused connection ({@link SmtpConnections}),
 * each try through the circuit breaker {@code smtp}, tries repeated with back-off by the retry
 * {@code smtp} (both configured under {@code resilience4j.*} in application.yml). Safe for
 * several sending threads. Throws {@link PermanentMailFailure}, {@link TransientMailFailure} or,
 * while the breaker is open before any try reached SMTP, {@link CallNotPermittedException}.
 */
public class SmtpMailer implements AutoCloseable {

    /** The stream provider of Angus Mail, the Jakarta Mail implementation Spring Mail brings. */
    private static final String ANGUS_STREAMS = "org.eclipse.angus.mail.util.MailStreamProvider";

    static {
        // Jakarta Mail 2.1 finds its stream provider with a ServiceLoader scan of the class path
        // for every multipart and body part it creates, unless this property names the provider
        // (then it is one class look-up). The scan was most of a sender's CPU per mail.
        String property = StreamProvider.class.getName();
        if (System.getProperty(property) == null && ClassUtils.isPresent(ANGUS_STREAMS, SmtpMailer.class.getClassLoader())) {
            System.setProperty(property, ANGUS_STREAMS);
        }
    }

    private static final String UTF_8 = StandardCharsets.UTF_8.name();

    private final SmtpConnections connections;
    private final CircuitBreaker breaker;
    private final Retry retry;
    private final String from;

    public SmtpMailer(SmtpConnections connections, CircuitBreaker breaker, Retry retry, String from) {
        this.connections = connections;
        this.breaker = breaker;
        this.retry = retry;
        this.from = from;
    }

    public void send(String recipient, RenderedMail mail, String messageId) {
        MimeMessage message = build(recipient, mail, messageId);
        AtomicReference<TransientMailFailure> lastFailure = new AtomicReference<>();
        Runnable oneTry = () -> {
            try {
                transmit(message);
            } catch (TransientMailFailure e) {
                lastFailure.set(e);
                throw e;
            }
        };
        try {
            Retry.decorateRunnable(retry, CircuitBreaker.decorateRunnable(breaker, oneTry)).run();
        } catch (CallNotPermittedException e) {
            // The breaker opened during this attempt's tries: the attempt did reach SMTP and failed.
            if (lastFailure.get() != null) {
                throw lastFailure.get();
            }
            throw e;
        }
    }

    /** Closes the open SMTP connections; the next mail opens a new one. */
    public void closeConnections() {
        connections.closeAll();
    }

    @Override
    public void close() {
        closeConnections();
    }

    /** Whether the breaker currently refuses calls; the dispatcher then leaves deliveries alone. */
    public boolean isRefusing() {
        return breaker.getState() == CircuitBreaker.State.OPEN || breaker.getState() == CircuitBreaker.State.FORCED_OPEN;
    }

    /** {@code multipart/alternative}: the plain text, then the HTML, both UTF-8. */
    private MimeMessage build(String recipient, RenderedMail mail, String messageId) {
        try {
            MimeMessage message = new FixedIdMimeMessage(connections.session(), messageId);
            message.setFrom(address(from));
            message.setRecipient(Message.RecipientType.TO, address(recipient));
            message.setSubject(mail.subject(), UTF_8);
            MimeBodyPart text = new MimeBodyPart();
            text.setText(mail.text(), UTF_8, "plain");
            MimeBodyPart html = new MimeBodyPart();
            html.setText(mail.html(), UTF_8, "html");
            message.setContent(new MimeMultipart("alternative", text, html));
            message.setSentDate(new Date());
            message.saveChanges();
            return message;
        } catch (MessagingException | UnsupportedEncodingException | IllegalArgumentException e) {
            throw new PermanentMailFailure("the message cannot be built: " + MailAddresses.maskAllIn(e.getMessage()));
        }
    }

    /** One address, its display name (if any) in UTF-8. */
    private static InternetAddress address(String text) throws AddressException, UnsupportedEncodingException {
        InternetAddress[] parsed = InternetAddress.parse(text);
        if (parsed.length != 1) {
            throw new AddressException("Illegal address", text);
        }
        return new InternetAddress(parsed[0].getAddress(), parsed[0].getPersonal(), UTF_8);
    }

    private void transmit(MimeMessage message) {
        try {
            connections.send(message);
        } catch (AuthenticationFailedException e) {
            throw new TransientMailFailure("SMTP authentication failed: " + reason(e));
        } catch (SendFailedException e) {
            if (e.getInvalidAddresses() != null && e.getInvalidAddresses().length > 0) {
                // Jakarta Mail lists 5xx-refused recipients as invalid, 4xx ones as "valid unsent":
                // an address the server will never accept is not worth another try.
                throw new PermanentMailFailure("the SMTP server refused the recipient: " + reason(e));
            }
            throw new TransientMailFailure("SMTP send failed: " + reason(e));
        } catch (MessagingException e) {
            throw new TransientMailFailure("SMTP send failed: " + reason(e));
        }
    }

    private static String reason(Exception e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String text = root == e ? String.valueOf(e.getMessage()) : e.getClass().getSimpleName() + ": " + root.getMessage();
        text = MailAddresses.maskAllIn(text.replaceAll("\\s+", " ").strip());
        return text.length() > 300 ? text.substring(0, 300) + "…" : text;
    }

    /** Keeps the Message-ID we chose; Jakarta Mail would otherwise make a new one on every save. */
    private static final class FixedIdMimeMessage extends MimeMessage {

        private final String messageId;

        FixedIdMimeMessage(Session session, String messageId) {
            super(session);
            this.messageId = messageId;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", messageId);
        }
    }
}
