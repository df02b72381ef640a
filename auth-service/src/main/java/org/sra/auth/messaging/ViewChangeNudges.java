package org.sra.auth.messaging;

import java.util.List;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.Message;
import org.sra.auth.readmodel.DeviceView;
import org.sra.auth.readmodel.LocalPasswordView;
import org.sra.auth.readmodel.NasClientView;
import org.sra.auth.readmodel.ProfileView;
import org.sra.auth.readmodel.ReadModelPoller;
import org.sra.auth.readmodel.ReadModelPoller.ExpectedView;
import org.sra.auth.readmodel.TenantView;
import org.sra.auth.readmodel.UserView;
import org.sra.events.EventCodec;
import org.sra.events.EventEnvelope;
import org.sra.events.EventPayload;
import org.sra.events.EventTypes;
import org.sra.events.MalformedEventException;
import org.sra.events.device.DeviceAssigned;
import org.sra.events.device.DeviceAutoRegistered;
import org.sra.events.device.DeviceChanged;
import org.sra.events.device.DeviceRemoved;
import org.sra.events.device.DeviceUnassigned;
import org.sra.events.nas.NasClientRegistered;
import org.sra.events.nas.NasClientRemoved;
import org.sra.events.profile.LocalSegmentSettingsChanged;
import org.sra.events.profile.ProfileRemoved;
import org.sra.events.profile.ProfileSettingsChanged;
import org.sra.events.profile.ProxySettingsChanged;
import org.sra.events.settings.SettingsChanged;
import org.sra.events.tenant.TenantProvisioned;
import org.sra.events.tenant.TenantResumed;
import org.sra.events.tenant.TenantSuspended;
import org.sra.events.user.LocalPasswordSet;
import org.sra.events.user.LocalUserDeleted;
import org.sra.events.user.VpnUserAdded;
import org.sra.events.user.VpnUserChanged;
import org.sra.events.user.VpnUserRemoved;

/**
 * The function {@code viewChanges}, bound as {@code viewChanges-in-0} in a consumer group of this
 * instance's own: every replica gets every record of the topics that change the read model, from
 * the newest on. It writes nothing: the replica in the shared group that got the event writes the
 * view once ({@code events-in-0}); this only tells the local {@link ReadModelPoller} which view
 * documents to expect, and it looks their change records up by key until that replica has written
 * them, so this replica knows the change within a moment rather than at its next regular poll.
 * What enters memory still comes from the store, so redeliveries stay harmless and an older copy
 * never replaces a newer one; a record that is not a well-formed event of its topic's types is
 * passed over (the shared group dead-letters it).
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
                log.trace("{} {} heard: looking for its view change promptly", envelope.type(), envelope.eventId());
                poller.nudge(views(envelope.payload()));
            }
        };
    }

    /**
     * The view documents an event changes (as {@code ReadModelUpdates} writes them); none for a
     * type not listed here, which then polls the whole change feed at once.
     */
    static List<ExpectedView> views(EventPayload payload) {
        return switch (payload) {
            case DeviceChanged e -> device(e.tenantId(), e.deviceId());
            case DeviceAssigned e -> device(e.tenantId(), e.deviceId());
            case DeviceUnassigned e -> device(e.tenantId(), e.deviceId());
            case DeviceAutoRegistered e -> device(e.tenantId(), e.deviceId());
            case DeviceRemoved e -> device(e.tenantId(), e.deviceId());
            case ProfileSettingsChanged e -> view(ProfileView.class, e.tenantId() + ":" + e.profileId());
            case ProfileRemoved e -> view(ProfileView.class, e.tenantId() + ":" + e.profileId());
            case VpnUserAdded e -> view(UserView.class, e.tenantId() + ":" + e.userId());
            case VpnUserChanged e -> view(UserView.class, e.tenantId() + ":" + e.userId());
            case VpnUserRemoved e -> view(UserView.class, e.tenantId() + ":" + e.userId());
            case LocalPasswordSet e -> view(LocalPasswordView.class, e.tenantId() + ":" + e.localUserId());
            case LocalUserDeleted e -> view(LocalPasswordView.class, e.tenantId() + ":" + e.localUserId());
            case NasClientRegistered e -> view(NasClientView.class, e.nasClientId());
            case NasClientRemoved e -> view(NasClientView.class, e.nasClientId());
            case TenantProvisioned e -> view(TenantView.class, e.tenantId());
            case TenantSuspended e -> view(TenantView.class, e.tenantId());
            case TenantResumed e -> view(TenantView.class, e.tenantId());
            case SettingsChanged e -> view(TenantView.class, e.tenantId());
            case ProxySettingsChanged e -> view(TenantView.class, e.tenantId());
            case LocalSegmentSettingsChanged e -> view(TenantView.class, e.tenantId());
            default -> List.of();
        };
    }

    private static List<ExpectedView> device(String tenantId, String deviceId) {
        return view(DeviceView.class, tenantId + ":" + deviceId);
    }

    private static List<ExpectedView> view(Class<?> type, String id) {
        return List.of(new ExpectedView(type, id));
    }
}
