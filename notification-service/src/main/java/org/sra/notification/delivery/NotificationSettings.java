package org.sra.notification.delivery;

import java.time.Duration;
import java.time.ZoneId;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * notification-service settings ({@code sra.notification.*}). SMTP itself is Spring Mail's
 * {@code spring.mail.*}; retry and circuit breaker are {@code resilience4j.*.instances.smtp}.
 *
 * @param from            sender of every mail
 * @param messageIdDomain right-hand side of the Message-IDs we mint
 * @param timeZone        zone times are shown in (mails to Japanese tenants: {@code Asia/Tokyo})
 */
@ConfigurationProperties("sra.notification")
public record NotificationSettings(@DefaultValue("SRA <no-reply@sra.local>") String from,
                                   @DefaultValue("sra.local") String messageIdDomain,
                                   @DefaultValue("Asia/Tokyo") ZoneId timeZone,
                                   @DefaultValue Dispatcher dispatcher,
                                   @DefaultValue Smtp smtp,
                                   @DefaultValue Retry retry) {

    /**
     * The dispatcher that sends due deliveries.
     *
     * @param pollInterval     how often it looks for due deliveries when nothing woke it
     * @param lease            how long a claimed delivery is its own; longer than one attempt can take
     * @param batchSize        most deliveries it holds at once (read from the due list, waiting for a sender)
     * @param senders          mails sent at the same time, each over its own SMTP connection
     * @param recoveryInterval how often it reads the whole delivery log for unsent deliveries missing
     *                         from the due list (what a crash between two writes can leave)
     */
    public record Dispatcher(@DefaultValue("true") boolean enabled, @DefaultValue("1s") Duration pollInterval,
                             @DefaultValue("2m") Duration lease, @DefaultValue("50") int batchSize,
                             @DefaultValue("4") int senders, @DefaultValue("5m") Duration recoveryInterval) {

        public Dispatcher {
            if (batchSize < 1 || senders < 1) {
                throw new IllegalArgumentException("sra.notification.dispatcher batch-size and senders must be at least 1");
            }
        }
    }

    /**
     * How SMTP connections are reused: each sender keeps its connection open for the next mail
     * (opening one costs more than sending a mail), up to these limits.
     *
     * @param idleLimit          a connection unused this long is closed, not reused (servers drop idle ones)
     * @param mailsPerConnection mails sent over one connection before it is closed and a new one opened
     */
    public record Smtp(@DefaultValue("30s") Duration idleLimit, @DefaultValue("100") int mailsPerConnection) {
    }

    /**
     * Retries across attempts (each attempt is itself a few quick SMTP tries, see
     * {@code resilience4j.retry.instances.smtp}).
     *
     * @param maxAttempts  attempts before a delivery becomes a dead letter
     * @param firstBackOff wait after the first failed attempt; doubled after each further one
     * @param maxBackOff   longest wait between attempts
     * @param breakerPause how long deliveries wait while the circuit breaker is open
     */
    public record Retry(@DefaultValue("8") int maxAttempts, @DefaultValue("30s") Duration firstBackOff,
                        @DefaultValue("30m") Duration maxBackOff, @DefaultValue("10s") Duration breakerPause) {
    }
}
