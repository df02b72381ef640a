package org.sra.notification.mail;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;

import org.springframework.mail.MailAuthenticationException;
import org.springframework.mail.MailException;
import org.springframework.mail.MailParseException;
import org.springframework.mail.MailPreparationException;
import org.springframework.mail.MailSendException;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.mail.javamail.MimeMessageHelper;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.retry.Retry;

/**
 * The SMTP adapter: builds the MIME message (text + HTML, fixed Message-ID) and hands it to
 * Spring Mail, each try through the circuit breaker {@code smtp}, tries repeated with back-off
 * by the retry {@code smtp} (both configured under {@code resilience4j.*} in application.yml).
 * Throws {@link PermanentMailFailure}, {@link TransientMailFailure} or, while the breaker is
 * open before any try reached SMTP, {@link CallNotPermittedException}.
 */
public class SmtpMailer {

    private final JavaMailSenderImpl sender;
    private final CircuitBreaker breaker;
    private final Retry retry;
    private final String from;

    public SmtpMailer(JavaMailSenderImpl sender, CircuitBreaker breaker, Retry retry, String from) {
        this.sender = sender;
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

    /** Whether the breaker currently refuses calls; the dispatcher then leaves deliveries alone. */
    public boolean isRefusing() {
        return breaker.getState() == CircuitBreaker.State.OPEN || breaker.getState() == CircuitBreaker.State.FORCED_OPEN;
    }

    private MimeMessage build(String recipient, RenderedMail mail, String messageId) {
        try {
            MimeMessage message = new FixedIdMimeMessage(sender.getSession(), messageId);
            MimeMessageHelper helper = new MimeMessageHelper(message, true, StandardCharsets.UTF_8.name());
            helper.setFrom(from);
            helper.setTo(recipient);
            helper.setSubject(mail.subject());
            helper.setText(mail.text(), mail.html());
            return message;
        } catch (MessagingException | IllegalArgumentException e) {
            throw new PermanentMailFailure("the message cannot be built: " + MailAddresses.maskAllIn(e.getMessage()));
        }
    }

    private void transmit(MimeMessage message) {
        try {
            sender.send(message);
        } catch (MailParseException | MailPreparationException e) {
            throw new PermanentMailFailure("the message cannot be built: " + reason(e));
        } catch (MailAuthenticationException e) {
            throw new TransientMailFailure("SMTP authentication failed: " + reason(e));
        } catch (MailSendException e) {
            if (recipientRefused(e)) {
                throw new PermanentMailFailure("the SMTP server refused the recipient: " + reason(e));
            }
            throw new TransientMailFailure("SMTP send failed: " + reason(e));
        } catch (MailException e) {
            throw new TransientMailFailure("SMTP failed: " + reason(e));
        }
    }

    /** A 5xx answer to RCPT TO: the address will never be accepted, so retrying is pointless. */
    private static boolean recipientRefused(MailSendException e) {
        for (Exception failure : e.getFailedMessages().values()) {
            for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
                // Jakarta Mail lists 5xx-refused recipients as invalid, 4xx ones as "valid unsent".
                if (cause instanceof SendFailedException refused && refused.getInvalidAddresses() != null
                        && refused.getInvalidAddresses().length > 0) {
                    return true;
                }
            }
        }
        return false;
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
