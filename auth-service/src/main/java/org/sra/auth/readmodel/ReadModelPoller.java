package org.sra.auth.readmodel;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;

/**
 * Runs the read model's change-feed poll ({@link ReadModel#refresh()}) on a thread of its own,
 * every {@code sra.auth.read-model-refresh} (1 s), and promptly after a {@link #nudge()}: every
 * {@code sra.auth.read-model-prompt-poll} (100 ms) for {@code sra.auth.read-model-prompt-for}
 * (1.5 s). A nudge comes when this replica hears of an event that changes a view, which the
 * replica in the shared consumer group that got it writes to the store a moment later
 * ({@link org.sra.auth.messaging.ViewChangeNudges}); the prompt polls find its change record as
 * soon as it is there.
 *
 * <p>Its own thread, not Spring's shared scheduler: there the poll waited behind the lease sweep,
 * the validity sweep, the pool-use sampler and the throttle clean-up (one thread for all of them).
 */
@Component
public class ReadModelPoller {

    private static final Logger log = LoggerFactory.getLogger(ReadModelPoller.class);

    private final ReadModel model;
    private final long intervalNanos;
    private final long promptNanos;
    private final long promptForNanos;
    private final Counter nudges;
    private final Lock lock = new ReentrantLock();
    private final Condition wake = lock.newCondition();
    private boolean nudged;
    private volatile long promptUntil = System.nanoTime();
    private volatile boolean stopped;
    private Thread thread;

    ReadModelPoller(ReadModel model, MeterRegistry meters,
                    @Value("${sra.auth.read-model-refresh:1s}") Duration interval,
                    @Value("${sra.auth.read-model-prompt-poll:100ms}") Duration prompt,
                    @Value("${sra.auth.read-model-prompt-for:1500ms}") Duration promptFor) {
        this.model = model;
        this.intervalNanos = interval.toNanos();
        this.promptNanos = Math.min(prompt.toNanos(), intervalNanos);
        this.promptForNanos = promptFor.toNanos();
        this.nudges = Counter.builder("sra.auth.read-model.nudges")
                .description("events that made the read model poll promptly").register(meters);
    }

    @PostConstruct
    void start() {
        thread = Thread.ofPlatform().daemon().name("read-model-poll").start(this::loop);
    }

    @PreDestroy
    void stop() throws InterruptedException {
        stopped = true;
        thread.interrupt();
        thread.join(5_000);
    }

    /** A view is about to change (or just did): poll promptly for a while, starting now. */
    public void nudge() {
        nudges.increment();
        promptUntil = System.nanoTime() + promptForNanos;
        lock.lock();
        try {
            nudged = true;
            wake.signal();
        } finally {
            lock.unlock();
        }
    }

    private void loop() {
        while (!stopped) {
            try {
                model.refresh();
            } catch (RuntimeException e) {
                // the store away a moment: the next round reads the same changes again
                log.warn("Read model poll failed: {}", e.toString());
            }
            if (!pause()) {
                return;
            }
        }
    }

    /** Waits for the next round; false when stopping. */
    private boolean pause() {
        long wait = System.nanoTime() - promptUntil < 0 ? promptNanos : intervalNanos;
        lock.lock();
        try {
            while (!nudged && wait > 0) {
                wait = wake.awaitNanos(wait);
            }
            nudged = false;
            return !stopped;
        } catch (InterruptedException e) {
            return false;
        } finally {
            lock.unlock();
        }
    }
}
