package org.sra.auth.decisionlog;

import java.time.Instant;
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
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

import org.sra.kit.outbox.OutboxRelay;
import org.sra.kit.outbox.PendingEvent;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.InsertManyOptions;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Stores decisions and answers the admins' queries, always within one tenant.
 *
 * <p><b>Write-behind</b>: an ordinary decision is queued (bounded) and a writer thread handles
 * whatever has queued every few milliseconds: it publishes the batch's {@code ConnectionDecided}
 * events at once — only if the broker does not take them all are they written to the outbox, for
 * the relay to send again under the same ids — then stores the log entries in one bulk insert
 * through the driver. So the request path does no database write for the log, the events need
 * no relay poll, and an ordinary batch costs one store write. A decision that asks device-service to
 * register a serial ({@code DeviceAutoRegistrationRequested}) is written at once, events first, as
 * before: another service acts on it. A full queue or a stopped writer also writes at once
 * (back-pressure, never a silently dropped line). Queries first wait until everything this
 * replica queued before them is written, so an admin sees every decision already answered here.
 * What a crash can lose: the decisions of the last few milliseconds (their log lines and
 * {@code ConnectionDecided} events) — never a registration request.
 */
@Component
public class DecisionLog implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DecisionLog.class);

    private final MongoTemplate mongo;
    private final OutboxRelay relay;
    private final String eventsCollection;
    private final MongoCollection<Document> records;
    private final DecisionLogSettings settings;
    private final BlockingQueue<DecisionRecord> queue;
    private final AtomicLong queued = new AtomicLong();
    private final AtomicLong written = new AtomicLong();
    private final Counter failures;
    private volatile boolean running;
    private Thread writer;

    DecisionLog(MongoTemplate mongo, OutboxRelay relay, DecisionLogSettings settings, MeterRegistry meters) {
        this.mongo = mongo;
        this.relay = relay;
        this.eventsCollection = mongo.getCollectionName(DecisionEvents.class);
        this.records = mongo.getCollection(mongo.getCollectionName(DecisionRecord.class)); // no I/O until used
        this.settings = settings;
        this.queue = new ArrayBlockingQueue<>(Math.max(1, settings.queue()));
        this.failures = Counter.builder("sra.auth.decisionlog.failures")
                .description("decision log batches that could not be written").register(meters);
        meters.gauge("sra.auth.decisionlog.queued", queue, BlockingQueue::size);
    }

    /**
     * @param registrationSerial the presented serial when device-service is asked to register it, else null
     */
    public void record(DecisionRecord record, String registrationSerial, String platform) {
        record(record, registrationSerial, platform, null);
    }

    /**
     * @param registrationSerial the presented serial when device-service is asked to register it, else null
     * @param nasName            the name of the headend the attempt came through (told to the admins
     *                           when the serial is registered)
     */
    public void record(DecisionRecord record, String registrationSerial, String platform, String nasName) {
        if (registrationSerial == null && running) {
            synchronized (queue) { // keeps "queued" in step with the queue for flush()
                if (queue.offer(record)) {
                    queued.incrementAndGet();
                    return;
                }
            }
        }
        // events first, then the log entry: a crash in between loses a log line, never the event
        mongo.insert(DecisionEvents.of(record, registrationSerial, platform, nasName));
        mongo.insert(record);
    }

    /** Waits (at most 2 s) until every decision queued so far is written. */
    public void flush() {
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
                    // published at once; only if the broker does not take them are they written
                    // to the outbox, for the relay
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
                return;
            } catch (RuntimeException e) {
                if (attempt == 5) {
                    failures.increment();
                    log.error("{} decisions could not be written to the decision log (events written: {}): {}",
                            batch.size(), eventsWritten, e.toString());
                    return;
                }
                Thread.sleep(100L * attempt);
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

    /**
     * @param filter any field may be null: no restriction
     */
    public List<DecisionRecord.DecisionView> find(String tenantId, DecisionFilter filter, int page, int size) {
        flush();
        Criteria criteria = Criteria.where("tenantId").is(tenantId);
        if (filter.userName() != null) {
            criteria.and("userName").is(filter.userName());
        }
        if (filter.deviceId() != null) {
            criteria.and("deviceId").is(filter.deviceId());
        }
        if (filter.nasClientId() != null) {
            criteria.and("nasClientId").is(filter.nasClientId());
        }
        if (filter.result() != null) {
            criteria.and("accepted").is("ACCEPT".equalsIgnoreCase(filter.result()));
        }
        if (filter.reason() != null) {
            criteria.and("reason").is(filter.reason());
        }
        if (filter.from() != null || filter.to() != null) {
            Criteria time = criteria.and("decidedAt");
            if (filter.from() != null) {
                time.gte(filter.from());
            }
            if (filter.to() != null) {
                time.lt(filter.to());
            }
        }
        Query query = Query.query(criteria).with(Sort.by(Sort.Direction.DESC, "decidedAt"))
                .skip((long) page * size).limit(size);
        return mongo.find(query, DecisionRecord.class).stream().map(DecisionRecord::view).toList();
    }

    /** Query parameters of the decision log. */
    public record DecisionFilter(String userName, String deviceId, String nasClientId, String result, String reason,
                                 Instant from, Instant to) {
    }
}
