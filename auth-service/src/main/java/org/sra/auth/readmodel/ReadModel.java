package org.sra.auth.readmodel;

import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.sra.kit.secrets.SecretSealer;

import jakarta.annotation.PostConstruct;

/**
 * The read model in memory, for lookups on the decision path without a database round trip.
 * Loaded at start; every local write is applied at once, and a poll picks up what other
 * replicas wrote (each replica consumes only some partitions).
 */
@Component
public class ReadModel {

    private static final Logger log = LoggerFactory.getLogger(ReadModel.class);
    /** Covers clock skew between replicas and writes in flight during a poll. */
    private static final Duration REFRESH_OVERLAP = Duration.ofSeconds(5);

    private final MongoTemplate mongo;
    private final SecretSealer sealer;

    private final Map<String, TenantView> tenants = new ConcurrentHashMap<>();
    private final Map<String, NasClientView> nasViews = new ConcurrentHashMap<>();
    private final Map<String, NasClient> nasOpened = new ConcurrentHashMap<>();
    private volatile List<Map.Entry<IpPrefix, NasClientView>> nasByAddress = List.of();
    private final Map<String, UserView> users = new ConcurrentHashMap<>();
    private final Map<String, UserView> usersByName = new ConcurrentHashMap<>();
    private final Map<String, DeviceView> devices = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> devicesByUser = new ConcurrentHashMap<>();
    private final Map<String, ProfileView> profiles = new ConcurrentHashMap<>();
    private final Map<String, ProfileView> profilesByDevice = new ConcurrentHashMap<>();
    private final Map<String, LocalPasswordView> localPasswords = new ConcurrentHashMap<>();
    private final Map<String, LocalPasswordView> localPasswordsByName = new ConcurrentHashMap<>();
    private volatile Instant lastRefresh = Instant.EPOCH;

    ReadModel(MongoTemplate mongo, SecretSealer sealer) {
        this.mongo = mongo;
        this.sealer = sealer;
    }

    @PostConstruct
    void load() {
        refresh();
        log.info("Read model loaded: {} tenants, {} NAS clients, {} users, {} devices, {} profiles, {} LOCAL passwords",
                tenants.size(), nasViews.size(), users.size(), devices.size(), profiles.size(), localPasswords.size());
    }

    /** Applies what any replica wrote since the last poll. */
    @Scheduled(fixedDelayString = "${sra.auth.read-model-refresh:1s}")
    public void refresh() {
        Instant now = Instant.now();
        Query changed = Query.query(Criteria.where("updatedAt").gte(lastRefresh.minus(REFRESH_OVERLAP)));
        mongo.find(changed, TenantView.class).forEach(this::apply);
        mongo.find(changed, NasClientView.class).forEach(this::apply);
        mongo.find(changed, UserView.class).forEach(this::apply);
        mongo.find(changed, DeviceView.class).forEach(this::apply);
        mongo.find(changed, ProfileView.class).forEach(this::apply);
        mongo.find(changed, LocalPasswordView.class).forEach(this::apply);
        lastRefresh = now;
    }

    void apply(TenantView tenant) {
        tenants.put(tenant.tenantId(), tenant);
    }

    synchronized void apply(NasClientView nas) {
        NasClientView previous = nasViews.put(nas.nasClientId(), nas);
        if (previous != null && previous.equals(nas)) {
            return;
        }
        nasOpened.remove(nas.nasClientId());
        nasByAddress = nasViews.values().stream().filter(n -> !n.removed())
                .map(n -> Map.entry(IpPrefix.parse(n.address()), n))
                // the most specific block wins; among equals, the latest registration
                .sorted(Comparator.<Map.Entry<IpPrefix, NasClientView>>comparingInt(e -> -e.getKey().length())
                        .thenComparing(e -> e.getValue().updatedAt(), Comparator.reverseOrder()))
                .toList();
    }

    synchronized void apply(UserView user) {
        UserView previous = users.put(user.id(), user);
        if (previous != null) {
            usersByName.remove(nameKey(previous.tenantId(), previous.userName()), previous);
        }
        if (!user.removed()) {
            usersByName.put(nameKey(user.tenantId(), user.userName()), user);
        }
    }

    synchronized void apply(DeviceView device) {
        DeviceView previous = devices.put(device.id(), device);
        if (previous != null && previous.assignedUserId() != null) {
            Set<String> owned = devicesByUser.get(previous.tenantId() + ":" + previous.assignedUserId());
            if (owned != null) {
                owned.remove(device.id());
            }
        }
        if (!device.removed() && device.assignedUserId() != null) {
            devicesByUser.computeIfAbsent(device.tenantId() + ":" + device.assignedUserId(),
                    k -> ConcurrentHashMap.newKeySet()).add(device.id());
        }
    }

    synchronized void apply(ProfileView profile) {
        profiles.put(profile.id(), profile);
        String byDevice = profile.tenantId() + ":" + profile.userId() + ":" + profile.deviceId();
        if (profile.removed()) {
            profilesByDevice.computeIfPresent(byDevice,
                    (key, current) -> current.profileId().equals(profile.profileId()) ? null : current);
        } else {
            profilesByDevice.put(byDevice, profile);
        }
    }

    synchronized void apply(LocalPasswordView password) {
        LocalPasswordView previous = localPasswords.get(password.id());
        if (previous != null && previous.updatedAt() != null && password.updatedAt() != null
                && previous.updatedAt().isAfter(password.updatedAt())) {
            return; // a poll read an older copy than the one a handler already applied
        }
        localPasswords.put(password.id(), password);
        if (previous != null) {
            localPasswordsByName.remove(nameKey(previous.tenantId(), previous.userName()), previous);
        }
        if (!password.removed()) {
            localPasswordsByName.put(nameKey(password.tenantId(), password.userName()), password);
        }
    }

    /**
     * The LOCAL password record of a user of the tenant, by the name the user types
     * (case-insensitive); empty when the LOCAL directory has no such user (any more).
     */
    public Optional<LocalPasswordView> localPassword(String tenantId, String userName) {
        return userName == null ? Optional.empty()
                : Optional.ofNullable(localPasswordsByName.get(nameKey(tenantId, userName)));
    }

    public Optional<TenantView> tenant(String tenantId) {
        return Optional.ofNullable(tenants.get(tenantId));
    }

    /** The NAS client whose address (or block) the packet came from, with its secret opened. */
    public Optional<NasClient> nasClient(InetAddress source) {
        for (Map.Entry<IpPrefix, NasClientView> entry : nasByAddress) {
            if (entry.getKey().contains(source)) {
                return Optional.of(opened(entry.getValue()));
            }
        }
        return Optional.empty();
    }

    public Optional<NasClient> nasClient(String nasClientId) {
        NasClientView view = nasViews.get(nasClientId);
        return view == null || view.removed() ? Optional.empty() : Optional.of(opened(view));
    }

    /**
     * The NAS clients a client certificate names: by id, name or address equal to one of
     * {@code names} (case-insensitive), or whose address or block holds one of {@code addresses}.
     */
    public List<NasClient> nasClientsNamed(Set<String> names, List<InetAddress> addresses) {
        Set<String> lower = names.stream().map(n -> n.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
        return nasViews.values().stream().filter(n -> !n.removed())
                .filter(n -> lower.contains(n.nasClientId().toLowerCase(Locale.ROOT))
                        || (n.name() != null && lower.contains(n.name().toLowerCase(Locale.ROOT)))
                        || lower.contains(n.address().toLowerCase(Locale.ROOT))
                        || addresses.stream().anyMatch(IpPrefix.parse(n.address())::contains))
                .map(this::opened).toList();
    }

    public Optional<NasClientView> nasClientView(String nasClientId) {
        return Optional.ofNullable(nasViews.get(nasClientId)).filter(v -> !v.removed());
    }

    private NasClient opened(NasClientView view) {
        return nasOpened.computeIfAbsent(view.nasClientId(), id -> new NasClient(id, view.tenantId(), view.name(),
                sealer.open(view.sealedSecret(), "nas-secret:" + view.tenantId())
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    /**
     * The VPN user a presented login name denotes: the name as listed, or, for
     * {@code user@domain} and <code>DOMAIN&#92;user</code>, the bare account name.
     */
    public Optional<UserView> user(String tenantId, String presentedName) {
        if (presentedName == null) {
            return Optional.empty();
        }
        UserView exact = usersByName.get(nameKey(tenantId, presentedName));
        if (exact != null) {
            return Optional.of(exact);
        }
        String bare = presentedName;
        int backslash = bare.indexOf('\\');
        if (backslash >= 0) {
            bare = bare.substring(backslash + 1);
        }
        int at = bare.indexOf('@');
        if (at > 0) {
            bare = bare.substring(0, at);
        }
        return Optional.ofNullable(usersByName.get(nameKey(tenantId, bare)));
    }

    public List<DeviceView> devicesOf(String tenantId, String userId) {
        Set<String> ids = devicesByUser.getOrDefault(tenantId + ":" + userId, Set.of());
        return ids.stream().map(devices::get).filter(d -> d != null && !d.removed()
                && userId.equals(d.assignedUserId())).sorted(Comparator.comparing(DeviceView::deviceId)).toList();
    }

    public Optional<ProfileView> profile(String tenantId, String userId, String deviceId) {
        return Optional.ofNullable(profilesByDevice.get(tenantId + ":" + userId + ":" + deviceId));
    }

    /** Serial IDs registered on any device of the tenant (rare path: auto-registration only). */
    public Set<String> serialsInUse(String tenantId) {
        return devices.values().stream().filter(d -> d.tenantId().equals(tenantId) && !d.removed()
                && d.serialId() != null).map(DeviceView::serialId).collect(Collectors.toSet());
    }

    private static String nameKey(String tenantId, String userName) {
        return tenantId + ":" + userName.toLowerCase(Locale.ROOT);
    }
}
