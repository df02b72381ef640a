package org.sra.events;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.sra.events.audit.AuditRecorded;
import org.sra.events.connection.ConnectionDecided;
import org.sra.events.connection.DeviceAutoRegistrationRequested;
import org.sra.events.device.DeviceAssigned;
import org.sra.events.device.DeviceAuthMethod;
import org.sra.events.device.DeviceAutoRegistered;
import org.sra.events.device.DeviceAutoRegistrationFailed;
import org.sra.events.device.DeviceChanged;
import org.sra.events.device.DeviceRemoved;
import org.sra.events.device.DeviceType;
import org.sra.events.device.DeviceUnassigned;
import org.sra.events.device.DevicesImported;
import org.sra.events.mail.MailFailed;
import org.sra.events.mail.MailKind;
import org.sra.events.mail.MailSent;
import org.sra.events.account.AdminAccountChanged;
import org.sra.events.account.AdminTokensRevoked;
import org.sra.events.nas.NasClientRegistered;
import org.sra.events.nas.NasClientRemoved;
import org.sra.events.profile.LocalSegmentSettingsChanged;
import org.sra.events.profile.ProfileDownloaded;
import org.sra.events.profile.ProfileIssued;
import org.sra.events.profile.ProfileLinkExpired;
import org.sra.events.profile.ProfileRemoved;
import org.sra.events.profile.ProfileSettingsChanged;
import org.sra.events.profile.ProxyMode;
import org.sra.events.profile.ProxySettingsChanged;
import org.sra.events.session.SessionStarted;
import org.sra.events.session.SessionStopped;
import org.sra.events.settings.AuthType;
import org.sra.events.settings.LdapTransport;
import org.sra.events.settings.SecretExpiring;
import org.sra.events.settings.SecretKind;
import org.sra.events.settings.SettingsChanged;
import org.sra.events.tenant.TenantContractChanged;
import org.sra.events.tenant.TenantProvisioned;
import org.sra.events.tenant.TenantResumed;
import org.sra.events.tenant.TenantSuspended;
import org.sra.events.user.UserSource;
import org.sra.events.user.VpnUserAdded;
import org.sra.events.user.VpnUserChanged;
import org.sra.events.user.LocalPasswordSet;
import org.sra.events.user.LocalUserDeleted;
import org.sra.events.user.VpnUserRemoved;

/** One realistic payload per event type, with its optional fields filled in. */
final class EventSamples {

    static final String TENANT = "t-acme";
    private static final String SEALED = "v2:1:q1w2e3r4t5y6u7i8o9p0AbCdEfGhIjKlMnOpQrStUvWxYz0123456789+/==";

    private static final Map<Class<?>, EventPayload> BY_CLASS = Stream.<EventPayload>of(
            new TenantProvisioned(TENANT, "ACME Corporation", 2, "10.239.17.0/24"),
            new TenantContractChanged(TENANT, 3),
            new TenantSuspended(TENANT),
            new TenantResumed(TENANT),

            new NasClientRegistered(TENANT, "nas-1", "203.0.113.10", SEALED, "Tokyo ASA"),
            new NasClientRemoved(TENANT, "nas-1"),

            new AdminAccountChanged(TENANT, "a-1", "yamada@acme", "ADMIN", "CREATED"),
            new AdminTokensRevoked(TENANT, "a-1", "s-9", Instant.parse("2026-11-25T08:16:00Z"),
                    Instant.parse("2026-11-25T08:31:00Z"), "PASSWORD_RESET"),

            new SettingsChanged(TENANT, AuthType.ACTIVE_DIRECTORY, true, true,
                    List.of("it-admin@acme.co.jp", "soc@acme.co.jp"), "10.0.0.53", "10.0.1.53",
                    "10.239.17.0/24", "ja",
                    new SettingsChanged.ActiveDirectory("dc01.corp.acme.co.jp", "10.0.0.10", "dc02.corp.acme.co.jp",
                            "10.0.0.11", "corp.acme.co.jp", "ACME", true, LdapTransport.LDAPS,
                            "-----BEGIN CERTIFICATE-----\nMIIBdzCCAR2gAwIBAgIUSraCorpAcmeRootCA0123456789wCgYIKoZIzj0EAwIw\n"
                                    + "-----END CERTIFICATE-----\n"),
                    new SettingsChanged.EntraId("0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0", "acme.onmicrosoft.com"),
                    "Asia/Tokyo"),
            new SecretExpiring(TENANT, SecretKind.ENTRA_CLIENT_SECRET, LocalDate.of(2027, 3, 15),
                    "2027-03", List.of("it-admin@acme.co.jp"), "en", true),

            new VpnUserAdded(TENANT, "u-42", "taro.yamada", "山田 太郎", "taro.yamada@acme.co.jp",
                    UserSource.ACTIVE_DIRECTORY, "CN=山田 太郎,OU=Users,DC=corp,DC=acme,DC=co,DC=jp"),
            new VpnUserRemoved(TENANT, "u-42", "taro.yamada"),
            new VpnUserChanged(TENANT, "u-42", "taro.yamada", "山田 太郎", "taro.yamada@acme.co.jp", false,
                    Instant.parse("2026-04-01T00:00:00Z"), Instant.parse("2027-03-31T15:00:00Z")),
            new LocalPasswordSet(TENANT, "lu-7", "hanako", SEALED),
            new LocalUserDeleted(TENANT, "lu-7", "hanako"),

            new DeviceChanged(TENANT, "d-7", "taro-pc_01.win", true, DeviceType.WINDOWS, true,
                    DeviceAuthMethod.MAC_ADDRESS, "PF2ABCDE", "12:34:56:78:90:ab",
                    Instant.parse("2026-04-01T00:00:00Z"), null),
            new DeviceRemoved(TENANT, "d-7"),
            new DevicesImported(TENANT, "i-1", 0, List.of(new DeviceChanged(TENANT, "d-8", "hanako-pc.win",
                    true, DeviceType.WINDOWS, false, null, null, null))),
            new DeviceAssigned(TENANT, "d-7", "u-42", "taro.yamada"),
            new DeviceUnassigned(TENANT, "d-7", "u-42"),
            new DeviceAutoRegistered(TENANT, "d-7", "u-42", "PF2ABCDE", "win", "taro.yamada", "PC-0042", "Tokyo VPN", true),
            new DeviceAutoRegistrationFailed(TENANT, "u-42", "taro.yamada", "d-7", "C02XYZ", "mac-intel",
                    DeviceAutoRegistrationFailed.Reason.PLATFORM_MISMATCH),

            new ProfileIssued(TENANT, "u-42:d-7", "u-42", "d-7", "taro.yamada@acme.co.jp",
                    "VPN プロファイルのご案内", SEALED, Instant.parse("2026-12-01T09:00:00Z"), 3, "ja",
                    "taro.yamada:win11-01"),
            new ProfileDownloaded(TENANT, "u-42:d-7", Instant.parse("2026-11-25T08:15:30.123Z"), 2, false),
            new ProfileLinkExpired(TENANT, "u-42:d-7"),
            new ProfileSettingsChanged(TENANT, "u-42:d-7", "u-42", "d-7", true, true, false),
            new ProfileRemoved(TENANT, "u-42:d-7", "u-42", "d-7"),
            new ProxySettingsChanged(TENANT, ProxyMode.MANAGEMENT, "10.0.0.8", 8080,
                    List.of("*.acme.co.jp", "intranet")),
            new LocalSegmentSettingsChanged(TENANT, true),

            new ConnectionDecided(TENANT, "taro.yamada", "d-7", "nas-1", false, "DEVICE_NOT_REGISTERED", 12),
            new DeviceAutoRegistrationRequested(TENANT, "u-42", "taro.yamada", "PF2ABCDE", "win", "Tokyo VPN"),

            new SessionStarted(TENANT, "s-9001", "taro.yamada", "d-7", "10.239.17.23", "nas-1"),
            new SessionStopped(TENANT, "s-9001", SessionStopped.Cause.ACCOUNTING_STOP),

            new MailSent(TENANT, "m-1", UUID.fromString("5f0c6c8e-2a4b-4c1d-9e8f-0a1b2c3d4e5f"),
                    MailKind.PROFILE_DOWNLOAD, "t***@acme.co.jp"),
            new MailFailed(TENANT, "m-2", UUID.fromString("5f0c6c8e-2a4b-4c1d-9e8f-0a1b2c3d4e5f"),
                    MailKind.AUTO_REGISTRATION_FAILED, "i***@acme.co.jp", "550 5.1.1 mailbox unavailable", 5),

            new AuditRecorded(TENANT, "admin@acme", "DEVICE_UPDATED", "device", "d-7",
                    "{\"connectionAllowed\":false}", "{\"connectionAllowed\":true}", "req-123", "device-service",
                    "taro-pc_01.win"))
            .collect(Collectors.toUnmodifiableMap(EventPayload::getClass, Function.identity()));

    private EventSamples() {
    }

    static Optional<EventPayload> of(EventType type) {
        return Optional.ofNullable(BY_CLASS.get(type.payloadClass()));
    }

    static EventPayload required(EventType type) {
        return of(type).orElseThrow(() -> new AssertionError("no sample for " + type.name()));
    }
}
