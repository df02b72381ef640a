package org.sra.auth.authorization;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.stereotype.Component;
import org.sra.auth.config.AuthSettings;
import org.sra.auth.decision.AcceptRules;
import org.sra.auth.decision.Attempt;
import org.sra.auth.decision.ConnectionPolicy;
import org.sra.auth.decision.Decision;
import org.sra.auth.decision.PasswordCheck;
import org.sra.auth.decision.TenantRules;
import org.sra.auth.decision.UserDevice;
import org.sra.auth.decisionlog.DecisionLog;
import org.sra.auth.decisionlog.DecisionRecord;
import org.sra.auth.lease.AddressPool;
import org.sra.auth.lease.Lease;
import org.sra.auth.lease.Leases;
import org.sra.auth.password.PasswordThrottle;
import org.sra.auth.password.PasswordVerification;
import org.sra.auth.readmodel.DeviceView;
import org.sra.auth.readmodel.ReadModel;
import org.sra.auth.readmodel.TenantView;
import org.sra.auth.readmodel.UserView;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/** Decides one connection attempt; the RADIUS and HTTP adapters both come here. */
@Component
public class ConnectionAuthorizer {

    private static final Logger log = LoggerFactory.getLogger(ConnectionAuthorizer.class);

    private final ReadModel model;
    private final PasswordVerification passwords;
    private final PasswordThrottle throttle;
    private final Leases leases;
    private final DecisionLog decisions;
    private final AuthSettings settings;
    private final Clock clock;
    private final MeterRegistry meters;
    private final Timer latency;
    private final ConnectionPolicy policy = new ConnectionPolicy();
    private final AcceptRules acceptRules = new AcceptRules();
    /** One counter per (result, reason, channel), looked up without the registry on the hot path. */
    private final Map<String, Counter> decisionCounters = new ConcurrentHashMap<>();
    private final Map<String, AddressPool> pools = new ConcurrentHashMap<>();

    ConnectionAuthorizer(ReadModel model, PasswordVerification passwords, PasswordThrottle throttle, Leases leases,
                         DecisionLog decisions, AuthSettings settings, Clock clock, MeterRegistry meters) {
        this.model = model;
        this.passwords = passwords;
        this.throttle = throttle;
        this.leases = leases;
        this.decisions = decisions;
        this.settings = settings;
        this.clock = clock;
        this.meters = meters;
        this.latency = Timer.builder("sra.auth.decision.latency").description("time from request to answer")
                .publishPercentiles(0.5, 0.99).register(meters);
    }

    public AccessAnswer authorize(AccessRequest request) {
        String tenantId = request.nas().tenantId();
        MDC.put("tenantId", tenantId);
        try {
            return decide(request, tenantId);
        } finally {
            MDC.remove("tenantId");
        }
    }

    private AccessAnswer decide(AccessRequest request, String tenantId) {
        TenantView tenant = model.tenant(tenantId).orElseGet(() -> new TenantView(tenantId, false, null, null, false,
                null, null, null, null, null, null, null, null, null, false, null));
        Optional<UserView> user = model.user(tenantId, request.userName());
        Instant now = clock.instant();
        List<UserDevice> devices = user.map(u -> model.devicesOf(tenantId, u.userId()).stream()
                .map(d -> userDevice(tenantId, u.userId(), d, now)).toList()).orElse(List.of());
        Attempt attempt = new Attempt(new TenantRules(tenant.suspended(), tenant.autoRegistration(), tenant.proxyMode()),
                user.map(UserView::userId).orElse(null), devices, request.device(), () -> model.serialsInUse(tenantId),
                user.map(u -> u.allowedAt(now)).orElse(true));
        Instant deadline = request.receivedAt().plus(settings.answerDeadline()).minusMillis(150);
        String nasClientId = request.nas().nasClientId();
        Decision decision = policy.decide(attempt, () -> {
            if (user.isEmpty()) {
                return PasswordCheck.INVALID;
            }
            if (throttle.blocked(tenantId, user.get().userId(), nasClientId)) {
                return PasswordCheck.THROTTLED;
            }
            PasswordCheck checked = passwords.verify(tenant, user.get().userName(), user.get().directoryDn(),
                    request.userName(), request.password(), deadline);
            if (checked == PasswordCheck.INVALID) {
                throttle.failed(tenantId, user.get().userId(), nasClientId);
            }
            return checked;
        });

        AccessAnswer answer;
        String framedIp = null;
        if (decision.accepted()) {
            Optional<Lease> lease = lease(tenant, user.orElseThrow(), decision.device());
            if (lease.isEmpty()) {
                decision = acceptRules.noAddress(decision);
                answer = AccessAnswer.reject(decision.reason(), decision.deviceProven(), tenant.language());
            } else {
                framedIp = lease.get().address();
                answer = AccessAnswer.accept(acceptSettings(tenant, decision.device(), framedIp));
            }
        } else {
            answer = AccessAnswer.reject(decision.reason(), decision.deviceProven(), tenant.language());
        }

        long millis = Duration.between(request.receivedAt(), clock.instant()).toMillis();
        String deviceId = decision.device() == null ? null : decision.device().deviceId();
        String reason = decision.reason() == null ? null : decision.reason().name();
        DecisionRecord record = DecisionRecord.of(tenantId, clock.instant(), request.userName(),
                user.map(UserView::userId).orElse(null), deviceId, request.nas().nasClientId(), request.channel(),
                answer.accepted(), reason, millis, framedIp);
        decisions.record(record, decision.requestRegistration() ? request.device().uid() : null,
                request.device().platform(), request.nas().name());
        latency.record(Duration.between(request.receivedAt(), clock.instant()));
        String result = answer.accepted() ? "accept" : "reject";
        String reasonTag = reason == null ? "none" : reason;
        decisionCounters.computeIfAbsent(result + '/' + reasonTag + '/' + request.channel(), k -> Counter
                .builder("sra.auth.decisions").tag("result", result).tag("reason", reasonTag)
                .tag("channel", request.channel()).register(meters)).increment();
        if (log.isInfoEnabled()) {
            log.info("{} {} user={} device={} nas={} in {} ms", answer.accepted() ? "ACCEPT" : "REJECT",
                    reason == null ? "" : reason, request.userName(), deviceId, request.nas().nasClientId(), millis);
        }
        return answer;
    }

    private Optional<Lease> lease(TenantView tenant, UserView user, UserDevice device) {
        if (tenant.vpnPool() == null) {
            return Optional.empty();
        }
        String holder = device == null ? "user:" + user.userId() : "device:" + device.deviceId();
        return leases.acquire(tenant.tenantId(), pool(tenant.vpnPool()), holder, settings.acceptHold());
    }

    private AccessAnswer.Settings acceptSettings(TenantView tenant, UserDevice device, String framedIp) {
        AcceptRules.TenantAccess access = new AcceptRules.TenantAccess(tenant.proxyMode(), tenant.proxyAddress(),
                tenant.proxyPort(), tenant.proxyExclusions(), tenant.localSegmentEnabled());
        AcceptRules.Pushed pushed = acceptRules.pushed(access, device);
        return new AccessAnswer.Settings(framedIp, pool(tenant.vpnPool()).netmask(), tenant.primaryDns(),
                tenant.secondaryDns(), pushed.proxyMode(), pushed.proxyServer(), pushed.proxyExceptions(),
                pushed.localLanAllowed(), settings.groupPolicy().replace("{tenant}", tenant.tenantId()),
                device.deviceId());
    }

    private AddressPool pool(String cidr) {
        return pools.computeIfAbsent(cidr, AddressPool::parse);
    }

    private UserDevice userDevice(String tenantId, String userId, DeviceView d, Instant now) {
        var profile = model.profile(tenantId, userId, d.deviceId());
        return new UserDevice(d.deviceId(), d.type(), d.connectionAllowed(), d.deviceAuth(), d.method(), d.serialId(),
                d.macAddress(), profile.map(p -> p.connectionAllowed() && !p.removed()).orElse(false),
                profile.map(p -> p.proxyApplied()).orElse(false), profile.map(p -> p.localSegment()).orElse(false),
                d.withinValidityAt(now));
    }
}
