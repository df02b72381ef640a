package org.sra.kit.outbox;

import org.springframework.cloud.stream.function.StreamBridge;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.util.MimeTypeUtils;

import java.nio.charset.StandardCharsets;

/**
 * Publishes through Spring Cloud Stream. The binding is the topic name itself (a dynamic
 * destination); producers are configured synchronous so that a send that returns was stored.
 */
class StreamBridgePublisher implements EventPublisher {

    static final String EVENT_TYPE_HEADER = "sra_event_type";

    private final StreamBridge streamBridge;

    StreamBridgePublisher(StreamBridge streamBridge) {
        this.streamBridge = streamBridge;
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
