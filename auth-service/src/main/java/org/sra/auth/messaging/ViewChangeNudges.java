package org.sra.auth.messaging;

import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.Message;
import org.sra.auth.readmodel.ReadModelPoller;
import org.sra.events.EventCodec;
import org.sra.events.EventEnvelope;
import org.sra.events.EventTypes;
import org.sra.events.MalformedEventException;

/**
 * The function {@code viewChanges}, bound as {@code viewChanges-in-0} without a group: every
 * replica gets every record of the topics that change the read model, from the newest on (an
 * anonymous consumer group per instance). It writes nothing: the replica in the shared group that
 * got the event writes the view once ({@code events-in-0}), and this only tells the local
 * {@link ReadModelPoller} to poll the change feed promptly, so that this replica knows the change
 * within a moment rather than at its next regular poll. What enters memory still comes from the
 * store, so redeliveries stay harmless and an older copy never replaces a newer one; a record
 * that is not a well-formed event of its topic's types is passed over (the shared group
 * dead-letters it).
 */
@Configuration
class ViewChangeNudges {

    private static final Logger log = LoggerFactory.getLogger(ViewChangeNudges.class);

    @Bean("viewChanges")
    Consumer<Message<byte[]>> viewChanges(ReadModelPoller poller) {
        return message -> {
            EventEnvelope envelope;
            try {
                envelope = EventCodec.decode(message.getPayload());
            } catch (MalformedEventException e) {
                return;
            }
            Object topic = message.getHeaders().get(KafkaHeaders.RECEIVED_TOPIC);
            boolean ownTopic = EventTypes.byName(envelope.type()).map(type -> type.topic().equals(topic)).orElse(false);
            if (ownTopic) {
                log.trace("{} {} heard: polling the read model promptly", envelope.type(), envelope.eventId());
                poller.nudge();
            }
        };
    }
}
