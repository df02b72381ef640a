package org.sra.kit.outbox;

import org.springframework.cloud.stream.function.StreamBridge;

/** Factory for the default publisher (kept package-private otherwise). */
public final class Outboxes {

    private Outboxes() {
    }

    public static EventPublisher streamBridgePublisher(StreamBridge streamBridge) {
        return new StreamBridgePublisher(streamBridge);
    }
}
