package org.sra.notification.delivery;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.context.SmartLifecycle;
import org.sra.notification.config.NotificationSettings;
import org.sra.notification.mail.MailAddresses;
import org.sra.notification.mail.MailLanguage;
import org.sra.notification.mail.MailTemplates;
import org.sra.notification.mail.PermanentMailFailure;
import org.sra.notification.mail.RenderedMail;
import org.sra.notification.mail.SmtpMailer;
import org.sra.notification.mail.TransientMailFailure;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Sends due deliveries, one at a time: claim (lease + attempt count, atomically), open the
 * download link if any, render, send with the delivery's fixed Message-ID, record the outcome.
 * Runs on its own thread from start-up, so deliveries left unsent or half-sent by a stopped or
 * killed instance are picked up once their lease runs out.
 *
 * <p>Exactly once, and its one limit: the record says {@code SENDING} before SMTP is called and
 * {@code SENT} after SMTP accepted. A crash between the two leaves {@code SENDING}; after the
 * lease the mail is sent again, with the same Message-ID, so at worst the recipient's server
 * receives one message twice under one Message-ID (which mail clients and many servers fold
 * into one). A second, different mail is impossible.
 */
public class DeliveryDispatcher implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DeliveryDispatcher.class);

    private final Deliveries deliveries;
    private final MailTemplates templates;
    private final SmtpMailer mailer;
    private final DownloadLinks links;
    private final RetrySchedule schedule;
    private final NotificationSettings settings;
    private final Clock clock;
    private final MeterRegistry meters;
    private volatile ScheduledExecutorService executor;
    private volatile boolean stopping;

    public DeliveryDispatcher(Deliveries deliveries, MailTemplates templates, SmtpMailer mailer, DownloadLinks links,
                              RetrySchedule schedule, NotificationSettings settings, Clock clock, MeterRegistry meters) {
        this.deliveries = deliveries;
        this.templates = templates;
        this.mailer = mailer;
        this.links = links;
        this.schedule = schedule;
        this.settings = settings;
        this.clock = clock;
        this.meters = meters;
    }

    @Override
    public synchronized void start() {
        if (executor != null || !settings.dispatcher().enabled()) {
            return;
        }
        stopping = false;
        executor = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("mail-dispatcher").daemon().factory());
        executor.scheduleWithFixedDelay(this::dispatchSafely, 0, settings.dispatcher().pollInterval().toMillis(),
                TimeUnit.MILLISECONDS);
        log.info("Mail dispatcher started, polling every {}", settings.dispatcher().pollInterval());
    }

    /** Finishes the delivery in hand, then stops; what is left stays due for the next start. */
    @Override
    public synchronized void stop() {
        ScheduledExecutorService running = executor;
        executor = null;
        stopping = true;
        if (running != null) {
            running.shutdown();
            try {
                running.awaitTermination(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            log.info("Mail dispatcher stopped");
        }
    }

    @Override
    public boolean isRunning() {
        return executor != null;
    }

    /** Stops before the outbox relay, so the last MailSent/MailFailed still go out. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 1024;
    }

    private void dispatchSafely() {
        try {
            dispatchOnce();
        } catch (RuntimeException e) {
            log.warn("Mail dispatch pass failed, will retry: {}", e.toString());
        }
    }

    /** One pass: sends due deliveries until none is due, the batch is full or the breaker opens. */
    public int dispatchOnce() {
        int handled = 0;
        while (handled < settings.dispatcher().batchSize() && !stopping && !mailer.isRefusing()) {
            Optional<Delivery> claimed = deliveries.claimNext(clock.instant(), settings.dispatcher().lease());
            if (claimed.isEmpty()) {
                break;
            }
            deliver(claimed.get());
            handled++;
        }
        return handled;
    }

    private void deliver(Delivery delivery) {
        MDC.put("tenantId", delivery.tenantId());
        MDC.put("deliveryId", delivery.id());
        int eventsBefore = delivery.pendingEvents().size();
        Instant claimedLease = delivery.leaseUntil();
        String outcome;
        try {
            mailer.send(delivery.recipient(), render(delivery), delivery.messageId());
            delivery.sent(clock.instant());
            outcome = "sent";
            log.info("{} mail sent to {} (attempt {})", delivery.kind(), delivery.maskedRecipient(), delivery.attempts());
        } catch (PermanentMailFailure e) {
            delivery.giveUp(e.getMessage(), clock.instant());
            outcome = "refused";
            log.warn("{} mail to {} cannot be sent: {}", delivery.kind(), delivery.maskedRecipient(), e.getMessage());
        } catch (CallNotPermittedException e) {
            Instant now = clock.instant();
            delivery.postponed("SMTP circuit breaker open: the mail server failed repeatedly",
                    now.plus(settings.retry().breakerPause()), now);
            outcome = "postponed";
        } catch (TransientMailFailure e) {
            outcome = failed(delivery, e.getMessage());
        } catch (RuntimeException e) {
            outcome = failed(delivery, "unexpected error: " + e.getClass().getSimpleName());
            log.warn("Unexpected error sending delivery {}", delivery.id(), e);
        } finally {
            MDC.remove("deliveryId");
        }
        try {
            if (!deliveries.recordOutcome(delivery, eventsBefore, claimedLease)) {
                log.warn("Delivery {} outlived its lease and was taken over; its outcome here ({}) is not recorded",
                        delivery.id(), outcome);
            }
        } finally {
            MDC.remove("tenantId");
        }
        meters.counter("sra.notifications.attempts", "kind", delivery.kind().name(), "outcome", outcome).increment();
    }

    private String failed(Delivery delivery, String reason) {
        Instant now = clock.instant();
        delivery.attemptFailed(reason, schedule.nextAttempt(delivery.attempts(), now), now);
        if (delivery.state() == DeliveryState.DEAD) {
            log.warn("{} mail to {} given up after {} attempts: {}", delivery.kind(), delivery.maskedRecipient(),
                    delivery.attempts(), reason);
            return "dead";
        }
        log.info("{} mail to {} failed (attempt {}), next at {}: {}", delivery.kind(), delivery.maskedRecipient(),
                delivery.attempts(), delivery.nextAttemptAt(), reason);
        return "failed";
    }

    private RenderedMail render(Delivery delivery) {
        if (!MailAddresses.isValid(delivery.recipient())) {
            throw new PermanentMailFailure(DeliveryPlanner.INVALID_ADDRESS);
        }
        Map<String, String> variables = new HashMap<>(delivery.parameters());
        String sealedUrl = variables.remove(DeliveryPlanner.SEALED_DOWNLOAD_URL);
        if (sealedUrl != null) {
            variables.put("downloadUrl", links.open(delivery.tenantId(), sealedUrl)
                    .orElseThrow(() -> new PermanentMailFailure(DeliveryPlanner.LINK_DOES_NOT_OPEN)));
        }
        return templates.render(delivery.kind(), MailLanguage.of(delivery.language()), variables);
    }
}
