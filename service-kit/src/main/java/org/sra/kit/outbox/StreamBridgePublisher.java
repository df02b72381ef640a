package org.sra.kit.outbox;

import org.springframework.cloud.stream.function.StreamBridge;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.util.MimeTypeUtils;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Publishes through Spring Cloud Stream. The binding is the topic name itself (a dynamic
 * destination); producers are configured synchronous so that a send that returns was stored.
 * A document's events with different keys are sent concurrently (one virtual thread per key,
 * each key's events in order), so the producer batches them and the relay waits for one
 * round of acknowledgements rather than one per event.
 */
class StreamBridgePublisher implements EventPublisher {

    static final String EVENT_TYPE_HEADER = "sra_event_type";

    private final StreamBridge streamBridge;

    StreamBridgePublisher(StreamBridge streamBridge) {
        this.streamBridge = streamBridge;
    }

    @Override
    public void publishAll(List<PendingEvent> events) {
        Map<String, List<PendingEvent>> byKey = new LinkedHashMap<>();
        for (PendingEvent event : events) {
            byKey.computeIfAbsent(event.key(), k -> new ArrayList<>()).add(event);
        }
        if (byKey.size() <= 1) {
            events.forEach(this::publish);
            return;
        }
        try (ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> sent = new ArrayList<>(byKey.size());
            for (List<PendingEvent> sameKey : byKey.values()) {
                sent.add(senders.submit(() -> sameKey.forEach(this::publish)));
            }
            RuntimeException failure = null;
            for (Future<?> future : sent) {
                try {
                    future.get();
                } catch (ExecutionException e) {
                    if (failure == null) {
                        failure = e.getCause() instanceof RuntimeException runtime ? runtime
                                : new IllegalStateException(e.getCause());
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while publishing", e);
                }
            }
            if (failure != null) {
                throw failure;
            }
        }
    }

    @Override
    public void publish(PendingEvent event) {
        Message<byte[]> message = MessageBuilder.withPayload(event.envelope().getBytes(StandardCharsets.UTF_8))
                .setHeader(KafkaHeaders.KEY, event.key().getBytes(StandardCharsets.UTF_8))
                .setHeader(EVENT_TYPE_HEADER, event.type())
                .build();
        if (!streamBridge.send(event.topic(), message, MimeTypeUtils.APPLICATION_JSON)) {
            throw new IllegalStateException("broker did not take event " + event.eventId() + " for " + event.topic());
        }
    }
}
