package org.sra.auth.support;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;

import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.sra.auth.readmodel.ReadModel;
import org.sra.events.device.DeviceAssigned;
import org.sra.events.device.DeviceAuthMethod;
import org.sra.events.device.DeviceChanged;
import org.sra.events.device.DeviceType;
import org.sra.events.nas.NasClientRegistered;
import org.sra.events.profile.LocalSegmentSettingsChanged;
import org.sra.events.profile.ProfileSettingsChanged;
import org.sra.events.profile.ProxyMode;
import org.sra.events.profile.ProxySettingsChanged;
import org.sra.events.settings.AuthType;
import org.sra.events.settings.SettingsChanged;
import org.sra.events.tenant.TenantProvisioned;
import org.sra.events.user.UserSource;
import org.sra.events.user.VpnUserAdded;
import org.sra.kit.secrets.SecretSealer;

/** Sets a tenant up in auth-service's read model the way the other services would: by events. */
public final class TestTenant {

    public final String id;
    public final String nasClientId;
    public final String secret;
    private final EmbeddedKafkaBroker broker;
    private final ReadModel model;

    private TestTenant(String id, String secret, EmbeddedKafkaBroker broker, ReadModel model) {
        this.id = id;
        this.nasClientId = "nas-" + id;
        this.secret = secret;
        this.broker = broker;
        this.model = model;
    }

    /**
     * @param adPrimary AD primary address as {@code ip:port}
     */
    public static TestTenant provision(EmbeddedKafkaBroker broker, ReadModel model, SecretSealer sealer, String id,
                                       String nasAddress, String pool, String adPrimary, ProxyMode proxyMode) {
        return provision(broker, model, sealer, id, nasAddress, pool, new SettingsChanged.ActiveDirectory(
                "dc01." + TestDirectory.DOMAIN, adPrimary, null, null, TestDirectory.DOMAIN, TestDirectory.NETBIOS,
                false), proxyMode);
    }

    /** As above with the AD connection as given (transport, registered CA). */
    public static TestTenant provision(EmbeddedKafkaBroker broker, ReadModel model, SecretSealer sealer, String id,
                                       String nasAddress, String pool, SettingsChanged.ActiveDirectory ad,
                                       ProxyMode proxyMode) {
        TestTenant tenant = new TestTenant(id, "s3cret-" + id, broker, model);
        TestEvents.publish(broker, new TenantProvisioned(id, "Tenant " + id, 2, pool));
        TestEvents.publish(broker, new SettingsChanged(id, AuthType.ACTIVE_DIRECTORY, true, true, List.of(),
                "10.0.0.53", "10.0.0.54", pool, "en", ad, null));
        TestEvents.publish(broker, new ProxySettingsChanged(id, proxyMode,
                proxyMode == ProxyMode.MANAGEMENT ? "10.0.0.8" : null, proxyMode == ProxyMode.MANAGEMENT ? 8080 : null,
                proxyMode == ProxyMode.MANAGEMENT ? List.of("*.corp.example.com", "10.*") : List.of()));
        TestEvents.publish(broker, new LocalSegmentSettingsChanged(id, true));
        TestEvents.publish(broker, new NasClientRegistered(id, tenant.nasClientId, nasAddress,
                sealer.seal(tenant.secret, "nas-secret:" + id), "headend of " + id));
        await().atMost(Duration.ofSeconds(60)).until(() -> model.nasClient(tenant.nasClientId).isPresent()
                && model.tenant(id).map(t -> t.proxyMode() == proxyMode && t.localSegmentEnabled()
                && t.activeDirectory() != null).orElse(false));
        return tenant;
    }

    public void user(String userName) {
        TestEvents.publish(broker, new VpnUserAdded(id, "u-" + userName, userName, userName, null, UserSource.ACTIVE_DIRECTORY));
    }

    /** A device of the user, assigned, with its profile. */
    public void device(String userName, String deviceId, DeviceType type, DeviceAuthMethod method, String serial,
                       String mac, boolean connectionAllowed, boolean profileAllowed, boolean proxyApplied) {
        String userId = "u-" + userName;
        TestEvents.publish(broker, new DeviceChanged(id, deviceId, deviceId, connectionAllowed, type, method != null,
                method, serial, mac));
        TestEvents.publish(broker, new DeviceAssigned(id, deviceId, userId, userName));
        TestEvents.publish(broker, new ProfileSettingsChanged(id, userId + ":" + deviceId, userId, deviceId,
                profileAllowed, proxyApplied, true));
    }

    /** Waits until the read model has the user with this many devices and their profiles. */
    public void awaitUser(String userName, int devices) {
        await().atMost(Duration.ofSeconds(30)).until(() -> model.user(id, userName).isPresent()
                && model.devicesOf(id, "u-" + userName).size() == devices
                && model.devicesOf(id, "u-" + userName).stream()
                .allMatch(d -> model.profile(id, "u-" + userName, d.deviceId()).isPresent()));
    }
}
