package org.sra.auth.decisionlog;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;
import org.sra.kit.outbox.OutboxRelay;
import org.sra.kit.outbox.PendingEvent;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.InsertManyOptions;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The decision log's write-behind: a bounded queue ({@code sra.auth.decision-log.queue}) and one
 * writer thread that takes whatever has queued every {@code linger} (up to {@code batch}
 * decisions), publishes the batch's {@code ConnectionDecided} events at once — only if the broker
 * does not take them all are they written to the outbox, for the relay to send again under the
 * same ids — then stores the log entries in one bulk insert through the driver. A batch that
 * fails is retried up to five times, then counted ({@code sra.auth.decisionlog.failures}) and
 * logged.
 *
 * <p>Lifecycle: a {@link SmartLifecycle} in the phase just before the default one, so it starts
 * before the RADIUS listeners and stops after them and before the kit's outbox relay; a stop drains
 * the queue. While stopped, or with the queue full, {@link #offer} refuses and the caller writes at
 * once.
 */
@Component
class DecisionLogWriter implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DecisionLogWriter.class);
    private static final int ATTEMPTS = 5;

    private final OutboxRelay relay;
    private final String eventsCollection;
    private final MongoCollection<Document> records;
    private final DecisionLogSettings settings;
    private final LastSeen lastSeen;
    private final BlockingQueue<DecisionRecord> queue;
    private final AtomicLong queued = new AtomicLong();
    private final AtomicLong written = new AtomicLong();
    private final Counter failures;
    private volatile boolean running;
    private Thread writer;

    DecisionLogWriter(MongoTemplate mongo, OutboxRelay relay, DecisionLogSettings settings, LastSeen lastSeen,
                      MeterRegistry meters) {
        this.relay = relay;
        this.lastSeen = lastSeen;
        this.eventsCollection = mongo.getCollectionName(DecisionEvents.class);
        this.records = mongo.getCollection(mongo.getCollectionName(DecisionRecord.class)); // no I/O until used
        this.settings = settings;
        this.queue = new ArrayBlockingQueue<>(Math.max(1, settings.queue()));
        this.failures = Counter.builder("sra.auth.decisionlog.failures")
                .description("decision log batches that could not be written").register(meters);
        meters.gauge("sra.auth.decisionlog.queued", queue, BlockingQueue::size);
    }

    /** @return false when the writer is stopped or the queue is full: the caller writes the record itself */
    boolean offer(DecisionRecord record) {
        if (!running) {
            return false;
        }
        synchronized (queue) { // keeps "queued" in step with the queue for flush()
            if (queue.offer(record)) {
                queued.incrementAndGet();
                return true;
            }
        }
        return false;
    }

    /** Waits (at most 2 s) until every decision queued so far is written. */
    void flush() {
        long target = queued.get();
        long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (written.get() < target && System.nanoTime() < giveUp && running) {
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        writer = Thread.ofPlatform().name("decision-log-writer").daemon().start(this::writeBehind);
    }

    @Override
    public synchronized void stop() {
        if (!running) {
            return;
        }
        running = false;
        try {
            writer.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stops after the RADIUS listeners and before the outbox relay (which publishes the last batch). */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 1024;
    }

    private void writeBehind() {
        List<DecisionRecord> batch = new ArrayList<>(settings.batch());
        while (running || !queue.isEmpty()) {
            try {
                DecisionRecord first = queue.poll(50, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                long lingerUntil = System.nanoTime() + settings.linger().toNanos();
                while (batch.size() < settings.batch()) {
                    queue.drainTo(batch, settings.batch() - batch.size());
                    long left = lingerUntil - System.nanoTime();
                    if (batch.size() >= settings.batch() || left <= 0 || !running) {
                        break;
                    }
                    DecisionRecord next = queue.poll(left, TimeUnit.NANOSECONDS);
                    if (next == null) {
                        break;
                    }
                    batch.add(next);
                }
                write(batch);
            } catch (InterruptedException e) {
                if (!running) {
                    continue; // drain what is left, then end
                }
            } finally {
                written.addAndGet(batch.size());
                batch.clear();
            }
        }
    }

    private void write(List<DecisionRecord> batch) throws InterruptedException {
        boolean eventsWritten = false;
        // made once: a retry must not send the same decisions again under new event ids
        List<PendingEvent> events = DecisionEvents.pending(batch);
        for (int attempt = 1; ; attempt++) {
            try {
                if (!eventsWritten) {
                    relay.publishOrKeep(eventsCollection, DecisionRecord.randomId(), events);
                    eventsWritten = true;
                }
                try {
                    records.insertMany(batch.stream().map(DecisionRecord::toDocument).toList(),
                            new InsertManyOptions().ordered(false));
                } catch (MongoBulkWriteException partly) {
                    // a retry after a write that was partly applied: the entries already stored are duplicates
                    if (!partly.getWriteErrors().stream().allMatch(error -> error.getCode() == 11000)) {
                        throw partly;
                    }
                }
                // idempotent ($max), so a retry after a failure here writes it again harmlessly
                lastSeen.record(batch);
                return;
            } catch (RuntimeException e) {
                if (attempt == ATTEMPTS) {
                    failures.increment();
                    log.error("{} decisions could not be written to the decision log (events written: {}): {}",
                            batch.size(), eventsWritten, e.toString());
                    return;
                }
                Thread.sleep(100L * attempt);
            }
        }
    }
}
