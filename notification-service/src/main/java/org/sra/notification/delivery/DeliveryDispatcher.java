package org.sra.notification.delivery;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.context.SmartLifecycle;
import org.sra.notification.mail.MailAddresses;
import org.sra.notification.mail.MailLanguage;
import org.sra.notification.mail.MailTemplates;
import org.sra.notification.mail.PermanentMailFailure;
import org.sra.notification.mail.RenderedMail;
import org.sra.notification.mail.SmtpMailer;
import org.sra.notification.mail.TransientMailFailure;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Sends due deliveries. A poller reads the due list ({@link DueDeliveries}, not the delivery
 * log) and hands what can be claimed to a few senders ({@code senders}); each sender claims its
 * delivery right before sending it (lease + attempt count, one conditional write), opens the
 * download link if any, renders, sends with the delivery's fixed Message-ID over its own reused
 * SMTP connection, and records the outcome. It wakes as soon as a delivery is planned here or a
 * sender is free, and otherwise polls, so another replica's deliveries and retries that come due
 * are found too. Deliveries left unsent or half-sent by a stopped or killed instance are picked
 * up once their lease runs out; a recovery pass over the log at start and every
 * {@code recoveryInterval} finds those a crash kept off the due list.
 *
 * <p>Exactly once, and its one limit: the record says {@code SENDING} before SMTP is called and
 * {@code SENT} after SMTP accepted. A crash between the two leaves {@code SENDING}; after the
 * lease the mail is sent again, with the same Message-ID, so at worst the recipient's server
 * receives one message twice under one Message-ID (which mail clients and many servers fold
 * into one). A second, different mail is impossible. Several senders change nothing here: a
 * delivery is sent only under its claim, and a claim is one conditional write.
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
    private final Timer sending;
    private final Set<String> inHand = ConcurrentHashMap.newKeySet();
    private final BlockingQueue<Boolean> wakeUp = new ArrayBlockingQueue<>(1);
    private volatile Thread poller;
    private volatile ExecutorService senders;
    private volatile boolean stopping;
    private Instant nextRecovery = Instant.MIN;
    private boolean recovered;

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
        this.sending = Timer.builder("sra.notifications.smtp").description("one attempt at SMTP, tries included")
                .register(meters);
        Gauge.builder("sra.notifications.due", deliveries, Deliveries::dueCount)
                .description("deliveries still to be sent or being sent").register(meters);
        deliveries.onScheduled(this::wake);
    }

    @Override
    public synchronized void start() {
        if (poller != null || !settings.dispatcher().enabled()) {
            return;
        }
        stopping = false;
        nextRecovery = Instant.MIN;
        AtomicInteger number = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(settings.dispatcher().senders(),
                runnable -> Thread.ofPlatform().name("mail-sender-" + number.incrementAndGet()).daemon().unstarted(runnable));
        senders = pool;
        poller = Thread.ofPlatform().name("mail-dispatcher").daemon().unstarted(() -> run(pool));
        poller.start();
        log.info("Mail dispatcher started: {} senders, polling every {}, recovery every {}",
                settings.dispatcher().senders(), settings.dispatcher().pollInterval(),
                settings.dispatcher().recoveryInterval());
    }

    /** Finishes the deliveries being sent, then stops; what is left stays due for the next start. */
    @Override
    public synchronized void stop() {
        Thread running = poller;
        ExecutorService pool = senders;
        poller = null;
        senders = null;
        stopping = true;
        if (running == null) {
            return;
        }
        wake();
        try {
            running.join(10_000);
            pool.shutdown();
            pool.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        mailer.closeConnections();
        log.info("Mail dispatcher stopped");
    }

    @Override
    public boolean isRunning() {
        return poller != null;
    }

    /** Stops before the outbox relay, so the last MailSent/MailFailed still go out. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 1024;
    }

    /** Asks the dispatcher to look at the due list now instead of at its next poll. */
    public void wake() {
        wakeUp.offer(Boolean.TRUE);
    }

    private void run(ExecutorService pool) {
        while (!stopping && poller == Thread.currentThread()) {
            try {
                recoverIfDue();
                handOverDue(pool);
            } catch (RuntimeException e) {
                log.warn("Mail dispatch pass failed, will retry: {}", e.toString());
            }
            try {
                wakeUp.poll(settings.dispatcher().pollInterval().toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void recoverIfDue() {
        Instant now = clock.instant();
        if (now.isBefore(nextRecovery)) {
            return;
        }
        nextRecovery = now.plus(settings.dispatcher().recoveryInterval());
        int unfinished = deliveries.recoverDueList(now, !recovered);
        recovered = true;
        log.debug("Recovery pass: {} unfinished deliveries on the due list", unfinished);
    }

    /**
     * Hands claimable deliveries to the senders while they have room: reads the due list when at
     * least half of {@code batchSize} is free (a sender that finishes wakes the poller), and
     * stops while the circuit breaker refuses calls.
     */
    private void handOverDue(ExecutorService pool) {
        int batch = settings.dispatcher().batchSize();
        while (!stopping && !mailer.isRefusing()) {
            int room = batch - inHand.size();
            if (room < Math.max(1, batch / 2)) {
                return;
            }
            List<Delivery> claimable = deliveries.claimable(clock.instant(), room, inHand);
            for (Delivery delivery : claimable) {
                inHand.add(delivery.id());
                pool.execute(() -> claimAndSend(delivery));
            }
            if (claimable.size() < room) {
                return;
            }
        }
    }

    private void claimAndSend(Delivery read) {
        try {
            if (!stopping && !mailer.isRefusing()) {
                deliveries.claim(read, clock.instant(), settings.dispatcher().lease()).ifPresent(this::deliver);
            }
        } catch (RuntimeException e) {
            log.warn("Could not send delivery {}, it stays due: {}", read.id(), e.toString());
        } finally {
            inHand.remove(read.id());
            wake();
        }
    }

    private void deliver(Delivery delivery) {
        MDC.put("tenantId", delivery.tenantId());
        MDC.put("deliveryId", delivery.id());
        int eventsBefore = delivery.pendingEvents().size();
        long claimedRevision = delivery.revision();
        String outcome;
        long started = System.nanoTime();
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
            sending.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
            MDC.remove("deliveryId");
        }
        try {
            if (!deliveries.recordOutcome(delivery, eventsBefore, claimedRevision)) {
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
