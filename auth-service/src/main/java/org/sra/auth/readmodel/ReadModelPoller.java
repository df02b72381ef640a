package org.sra.auth.readmodel;

import java.time.Duration;
import java.util.List;
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
 * every {@code sra.auth.read-model-refresh} (1 s), and keeps up with a {@link #nudge}: a replica
 * that hears of an event changing a view ({@link org.sra.auth.messaging.ViewChangeNudges}) expects
 * the view documents it names to be written by whichever replica consumed it, and looks their
 * change records up by key every {@code sra.auth.read-model-prompt-poll} (100 ms) for
 * {@code sra.auth.read-model-prompt-for} (1.5 s) ({@link ReadModel#refreshExpected()}), fetching
 * each as soon as it is written — however many other documents a bulk import wrote meanwhile,
 * which the regular poll reads. An event whose documents are not known polls the whole feed at once.
 *
 * <p>Its own thread, not Spring's shared scheduler: there the poll waited behind the lease sweep,
 * the validity sweep, the pool-use sampler and the throttle clean-up (one thread for all of them).
 */
@Component
public class ReadModelPoller {

    private static final Logger log = LoggerFactory.getLogger(ReadModelPoller.class);
    /** The least time between two rounds when nudged. */
    private static final Duration MIN_GAP = Duration.ofMillis(20);

    private final ReadModel model;
    private final long intervalNanos;
    private final long promptNanos;
    private final long promptForNanos;
    private final Counter nudges;
    private final Lock lock = new ReentrantLock();
    private final Condition wake = lock.newCondition();
    private boolean nudged;
    private boolean pollNow;
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

    /**
     * A view is about to change (or just did): the documents named are looked up promptly for a
     * while (up to the read model's limit; a bulk change beyond it waits for the regular poll);
     * with none named, the whole change feed is polled soon (at most every prompt interval).
     */
    public void nudge(List<ExpectedView> views) {
        nudges.increment();
        long until = System.nanoTime() + promptForNanos;
        // beyond the read model's limit (a bulk change) the rest waits for the regular poll
        views.forEach(view -> model.expect(view.type(), view.id(), until));
        lock.lock();
        try {
            if (views.isEmpty()) {
                pollNow = true;
            }
            nudged = true;
            wake.signal();
        } finally {
            lock.unlock();
        }
    }

    /** A view document a heard event changes: its view type and its {@code _id}. */
    public record ExpectedView(Class<?> type, String id) {
    }

    private void loop() {
        long nextPoll = System.nanoTime();
        long lastPoll = nextPoll - promptNanos;
        while (!stopped) {
            long roundStarted = System.nanoTime();
            try {
                boolean poll;
                lock.lock();
                try {
                    long now = System.nanoTime();
                    poll = now - nextPoll >= 0 || pollNow && now - lastPoll >= promptNanos;
                    if (poll) {
                        pollNow = false;
                    }
                } finally {
                    lock.unlock();
                }
                if (poll) {
                    lastPoll = System.nanoTime();
                    model.refresh();
                    nextPoll = System.nanoTime() + intervalNanos;
                }
                model.refreshExpected();
            } catch (RuntimeException e) {
                // the store away a moment: the next round reads the same changes again
                log.warn("Read model poll failed: {}", e.toString());
                nextPoll = System.nanoTime() + intervalNanos;
            }
            if (!pause(roundStarted, nextPoll)) {
                return;
            }
        }
    }

    private boolean pollNowPending() {
        lock.lock();
        try {
            return pollNow;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits for the next round: the regular poll, a prompt look-up while views are expected, or a
     * nudge — but at least {@link #MIN_GAP} after the round before, so that a flood of events (a
     * bulk change of thousands of users) makes rounds of many keys, not a busy loop. False when stopping.
     */
    private boolean pause(long roundStarted, long nextPoll) {
        boolean prompt = model.expecting() || pollNowPending();
        long deadline = prompt ? Math.min(nextPoll, System.nanoTime() + promptNanos) : nextPoll;
        long earliest = roundStarted + MIN_GAP.toNanos();
        lock.lock();
        try {
            while (!stopped) {
                long now = System.nanoTime();
                if (deadline - now <= 0 || nudged && now - earliest >= 0) {
                    break;
                }
                wake.awaitNanos(nudged ? Math.min(earliest - now, deadline - now) : deadline - now);
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
