package org.sra.local.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Samples, while bulk events drain, where they are: device-service's relay (events published,
 * its backlog gauges), the broker (the consumer groups' lag on the device and profile topics) and
 * the consumers (events of one type handled at auth-service and profile-service). One sample
 * every {@code period} on its own thread, so the figures have a time line.
 */
public final class DrainProbe implements AutoCloseable {

    /** One sample; counters are raw (subtract the first sample for a delta), -1 when unreadable. */
    public record Sample(long atMillis, double devicePublished, double deviceBacklogEvents, double deviceBacklogOldest,
                         double profilePublished, double authConsumed, double profileConsumed, long authLagDevices,
                         long profileLagDevices, long authLagProfiles) {
    }

    private static final Set<String> DEVICES = Set.of("sra.devices");
    private static final Set<String> PROFILES = Set.of("sra.profiles");

    private final Lab lab;
    private final String eventType;
    private final Duration period;
    private final boolean withLag;
    private final List<Sample> samples = new CopyOnWriteArrayList<>();
    private final long started = System.nanoTime();
    private final Thread thread;
    private volatile boolean running = true;

    /**
     * @param eventType the type whose handling is counted at auth-service and profile-service
     * @param withLag   whether to ask the broker for consumer lag too (an admin client per probe)
     */
    public DrainProbe(Lab lab, String eventType, Duration period, boolean withLag) {
        this.lab = lab;
        this.eventType = eventType;
        this.period = period;
        this.withLag = withLag;
        this.thread = Thread.ofPlatform().name("drain-probe").daemon().start(this::run);
    }

    public List<Sample> samples() {
        return new ArrayList<>(samples);
    }

    private void run() {
        try (ConsumerLag lag = withLag ? new ConsumerLag(lab.kafka()) : null) {
            while (running) {
                long begin = System.nanoTime();
                samples.add(sample(lag));
                long left = period.toMillis() - (System.nanoTime() - begin) / 1_000_000;
                if (left > 0 && running) {
                    Waits.pause(left);
                }
            }
        } catch (IllegalStateException interrupted) {
            // closed
        }
    }

    private Sample sample(ConsumerLag lag) {
        long at = (System.nanoTime() - started) / 1_000_000;
        Metrics.Scrape device = scrape("device");
        Metrics.Scrape profile = scrape("profile");
        Metrics.Scrape auth = scrape("auth");
        return new Sample(at,
                value(device, "sra_outbox_published_total"),
                value(device, "sra_outbox_backlog_events"),
                value(device, "sra_outbox_backlog_oldest_seconds"),
                value(profile, "sra_outbox_published_total"),
                value(auth, "sra_events_consumed_total", "type", eventType),
                value(profile, "sra_events_consumed_total", "type", eventType),
                lag == null ? -1 : lag.of("auth-service", DEVICES),
                lag == null ? -1 : lag.of("profile-service", DEVICES),
                lag == null ? -1 : lag.of("auth-service", PROFILES));
    }

    private Metrics.Scrape scrape(String service) {
        try {
            return lab.metrics(service).scrape();
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static double value(Metrics.Scrape scrape, String name, String... labels) {
        return scrape == null ? -1 : scrape.sum(name, labels);
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
