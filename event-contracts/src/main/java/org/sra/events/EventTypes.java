package org.sra.events;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.sra.events.account.AdminAccountChanged;
import org.sra.events.account.AdminTokensRevoked;
import org.sra.events.audit.AuditRecorded;
import org.sra.events.connection.ConnectionDecided;
import org.sra.events.connection.DeviceAutoRegistrationRequested;
import org.sra.events.device.DeviceAssigned;
import org.sra.events.device.DeviceAutoRegistered;
import org.sra.events.device.DeviceAutoRegistrationFailed;
import org.sra.events.device.DeviceChanged;
import org.sra.events.device.DeviceRemoved;
import org.sra.events.device.DeviceUnassigned;
import org.sra.events.device.DevicesImported;
import org.sra.events.mail.MailFailed;
import org.sra.events.mail.MailSent;
import org.sra.events.nas.NasClientRegistered;
import org.sra.events.nas.NasClientRemoved;
import org.sra.events.profile.LocalSegmentSettingsChanged;
import org.sra.events.profile.ProfileDownloaded;
import org.sra.events.profile.ProfileIssued;
import org.sra.events.profile.ProfileLinkExpired;
import org.sra.events.profile.ProfileRemoved;
import org.sra.events.profile.ProfileSettingsChanged;
import org.sra.events.profile.ProxySettingsChanged;
import org.sra.events.session.SessionStarted;
import org.sra.events.session.SessionStopped;
import org.sra.events.settings.SecretExpiring;
import org.sra.events.settings.SettingsChanged;
import org.sra.events.tenant.TenantContractChanged;
import org.sra.events.tenant.TenantProvisioned;
import org.sra.events.tenant.TenantResumed;
import org.sra.events.tenant.TenantSuspended;
import org.sra.events.user.LocalPasswordSet;
import org.sra.events.user.LocalUserDeleted;
import org.sra.events.user.VpnUserAdded;
import org.sra.events.user.VpnUserChanged;
import org.sra.events.user.VpnUserRemoved;

/**
 * The catalogue of every event type: wire name, schema version, topic, payload record and
 * producers. Each topic is written by the producers of its types only (one service per topic,
 * but {@code sra.audit}, which every service writes), so a consumer can tell an event that
 * arrives on the wrong topic or names a producer that does not own its type.
 */
public final class EventTypes {

    /** Every service writes its own audit entries. */
    private static final Set<String> ANY_SERVICE = Set.copyOf(Services.all());

    /**
     * Grouped by topic; docs/events.md lists the same with producers and consumers. A wire name
     * is fixed once published, whatever the record is called later.
     */
    private static final List<EventType> ALL = List.of(
            new EventType("TenantProvisioned", 1, Topics.TENANTS, TenantProvisioned.class, Set.of(Services.DIRECTORY)),
            new EventType("TenantContractChanged", 1, Topics.TENANTS,
                    TenantContractChanged.class, Set.of(Services.DIRECTORY)),
            new EventType("TenantSuspended", 1, Topics.TENANTS, TenantSuspended.class, Set.of(Services.DIRECTORY)),
            new EventType("TenantResumed", 1, Topics.TENANTS, TenantResumed.class, Set.of(Services.DIRECTORY)),

            new EventType("NasClientRegistered", 1, Topics.NAS_CLIENTS,
                    NasClientRegistered.class, Set.of(Services.DIRECTORY)),
            new EventType("NasClientRemoved", 1, Topics.NAS_CLIENTS,
                    NasClientRemoved.class, Set.of(Services.DIRECTORY)),

            new EventType("AdminAccountChanged", 1, Topics.ADMIN_ACCOUNTS,
                    AdminAccountChanged.class, Set.of(Services.DIRECTORY)),
            new EventType("AdminTokensRevoked", 1, Topics.ADMIN_ACCOUNTS,
                    AdminTokensRevoked.class, Set.of(Services.DIRECTORY)),

            new EventType("SettingsChanged", 1, Topics.SETTINGS, SettingsChanged.class, Set.of(Services.DIRECTORY)),
            new EventType("SecretExpiring", 1, Topics.SETTINGS, SecretExpiring.class, Set.of(Services.DIRECTORY)),

            new EventType("VpnUserAdded", 1, Topics.VPN_USERS, VpnUserAdded.class, Set.of(Services.DIRECTORY)),
            new EventType("VpnUserRemoved", 1, Topics.VPN_USERS, VpnUserRemoved.class, Set.of(Services.DIRECTORY)),
            new EventType("VpnUserChanged", 1, Topics.VPN_USERS, VpnUserChanged.class, Set.of(Services.DIRECTORY)),
            new EventType("LocalPasswordSet", 1, Topics.VPN_USERS, LocalPasswordSet.class, Set.of(Services.DIRECTORY)),
            new EventType("LocalUserDeleted", 1, Topics.VPN_USERS, LocalUserDeleted.class, Set.of(Services.DIRECTORY)),

            new EventType("DeviceChanged", 1, Topics.DEVICES, DeviceChanged.class, Set.of(Services.DEVICE)),
            new EventType("DeviceRemoved", 1, Topics.DEVICES, DeviceRemoved.class, Set.of(Services.DEVICE)),
            new EventType("DeviceAssigned", 1, Topics.DEVICES, DeviceAssigned.class, Set.of(Services.DEVICE)),
            new EventType("DeviceUnassigned", 1, Topics.DEVICES, DeviceUnassigned.class, Set.of(Services.DEVICE)),
            new EventType("DeviceAutoRegistered", 1, Topics.DEVICES,
                    DeviceAutoRegistered.class, Set.of(Services.DEVICE)),
            new EventType("DeviceAutoRegistrationFailed", 1, Topics.DEVICES,
                    DeviceAutoRegistrationFailed.class, Set.of(Services.DEVICE)),
            new EventType("DevicesImported", 1, Topics.DEVICE_IMPORTS, DevicesImported.class, Set.of(Services.DEVICE)),

            new EventType("ProfileIssued", 1, Topics.PROFILES, ProfileIssued.class, Set.of(Services.PROFILE)),
            new EventType("ProfileDownloaded", 1, Topics.PROFILES, ProfileDownloaded.class, Set.of(Services.PROFILE)),
            new EventType("ProfileLinkExpired", 1, Topics.PROFILES, ProfileLinkExpired.class, Set.of(Services.PROFILE)),
            new EventType("ProfileSettingsChanged", 1, Topics.PROFILES,
                    ProfileSettingsChanged.class, Set.of(Services.PROFILE)),
            new EventType("ProfileRemoved", 1, Topics.PROFILES, ProfileRemoved.class, Set.of(Services.PROFILE)),

            new EventType("ProxySettingsChanged", 1, Topics.PROXY_SETTINGS,
                    ProxySettingsChanged.class, Set.of(Services.PROFILE)),
            new EventType("LocalSegmentSettingsChanged", 1, Topics.PROXY_SETTINGS,
                    LocalSegmentSettingsChanged.class, Set.of(Services.PROFILE)),

            new EventType("ConnectionDecided", 1, Topics.CONNECTIONS, ConnectionDecided.class, Set.of(Services.AUTH)),
            new EventType("DeviceAutoRegistrationRequested", 1, Topics.CONNECTIONS,
                    DeviceAutoRegistrationRequested.class, Set.of(Services.AUTH)),

            new EventType("SessionStarted", 1, Topics.SESSIONS, SessionStarted.class, Set.of(Services.AUTH)),
            new EventType("SessionStopped", 1, Topics.SESSIONS, SessionStopped.class, Set.of(Services.AUTH)),

            new EventType("MailSent", 1, Topics.MAILS, MailSent.class, Set.of(Services.NOTIFICATION)),
            new EventType("MailFailed", 1, Topics.MAILS, MailFailed.class, Set.of(Services.NOTIFICATION)),

            new EventType("AuditRecorded", 1, Topics.AUDIT, AuditRecorded.class, ANY_SERVICE));

    private static final Map<String, EventType> BY_NAME = ALL.stream()
            .collect(Collectors.toUnmodifiableMap(EventType::name, Function.identity()));
    private static final Map<Class<?>, EventType> BY_CLASS = ALL.stream()
            .collect(Collectors.toUnmodifiableMap(EventType::payloadClass, Function.identity()));

    private EventTypes() {
    }

    public static List<EventType> all() {
        return ALL;
    }

    public static Optional<EventType> byName(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }

    /** The services that may write {@code topic}: the producers of the types it carries. */
    public static Set<String> writersOf(String topic) {
        return ALL.stream().filter(type -> type.topic().equals(topic))
                .flatMap(type -> type.producers().stream())
                .collect(Collectors.toUnmodifiableSet());
    }

    /** The topics {@code service} writes: those of the types it produces. */
    public static Set<String> topicsWrittenBy(String service) {
        return ALL.stream().filter(type -> type.producedBy(service)).map(EventType::topic)
                .collect(Collectors.toUnmodifiableSet());
    }

    public static EventType of(Class<?> payloadClass) {
        EventType type = BY_CLASS.get(payloadClass);
        if (type == null) {
            throw new IllegalArgumentException(payloadClass.getName() + " is not a registered event payload");
        }
        return type;
    }
}
