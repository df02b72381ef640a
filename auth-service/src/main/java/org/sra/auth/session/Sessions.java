package org.sra.auth.session;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.sra.auth.config.AuthSettings;
import org.sra.auth.lease.Lease;
import org.sra.auth.lease.Leases;
import org.sra.auth.readmodel.AccessRevocations;
import org.sra.auth.readmodel.NasClient;
import org.sra.auth.readmodel.ReadModel;
import org.sra.auth.readmodel.UserView;
import org.sra.events.session.SessionStopped;
import org.sra.kit.web.ProblemException;

/**
 * The live session list, kept from accounting (R-AUT-5) and ended by Stop, by a NAS reboot, by
 * lease expiry or by an admin (R-AUT-6). A session id is only unique per NAS and only while the
 * session lives, so every lookup is (NAS, Acct-Session-Id, live): an Interim after a Stop finds
 * nothing and resurrects nothing, and a Start that reuses a live id after a NAS reboot ends the
 * stale session first.
 */
@Component
public class Sessions implements AccessRevocations {

    private static final Logger log = LoggerFactory.getLogger(Sessions.class);

    private final MongoTemplate mongo;
    private final Leases leases;
    private final ReadModel model;
    private final Disconnector disconnector;
    private final AuthSettings settings;
    private final Clock clock;

    Sessions(MongoTemplate mongo, Leases leases, ReadModel model, Disconnector disconnector, AuthSettings settings,
             Clock clock) {
        this.mongo = mongo;
        this.leases = leases;
        this.model = model;
        this.disconnector = disconnector;
        this.settings = settings;
        this.clock = clock;
    }

    public void started(NasClient nas, String nasAddress, String acctSessionId, String userName, String framedIp) {
        Optional<Session> existing = live(nas.nasClientId(), acctSessionId);
        if (existing.isPresent()) {
            if (existing.get().sameAs(userName, framedIp)) {
                touch(existing.get());
                return; // the same Start again
            }
            end(existing.get(), SessionStopped.Cause.ACCOUNTING_STOP); // a NAS that rebooted and reused the id
        }
        String userId = model.user(nas.tenantId(), userName).map(UserView::userId).orElse(null);
        String deviceId = framedIp == null ? null : leaseHolderDevice(nas.tenantId(), framedIp);
        Session session = Session.start(nas.tenantId(), nas.nasClientId(), nasAddress, acctSessionId, userName, userId,
                deviceId, framedIp, clock.instant());
        mongo.insert(session);
        if (framedIp != null) {
            leases.renew(nas.tenantId(), framedIp, session.id(), settings.leaseTtl());
        }
        log.info("Session {} started: user={} ip={} nas={}", session.id(), userName, framedIp, nas.nasClientId());
    }

    public void interim(NasClient nas, String acctSessionId) {
        live(nas.nasClientId(), acctSessionId).ifPresent(this::touch);
    }

    public void stopped(NasClient nas, String acctSessionId) {
        live(nas.nasClientId(), acctSessionId).ifPresent(s -> end(s, SessionStopped.Cause.ACCOUNTING_STOP));
    }

    /** Accounting-On/Off: the NAS (re)started or is going down; none of its sessions survive. */
    public void nasRestarted(NasClient nas) {
        List<Session> all = mongo.find(Query.query(Criteria.where("nasClientId").is(nas.nasClientId()).and("live").is(true)),
                Session.class);
        all.forEach(s -> end(s, SessionStopped.Cause.ACCOUNTING_STOP));
        log.info("NAS {} restarted: {} sessions ended", nas.nasClientId(), all.size());
    }

    public List<Session.SessionView> list(String tenantId, boolean liveOnly, int page, int size) {
        Criteria criteria = Criteria.where("tenantId").is(tenantId);
        if (liveOnly) {
            criteria.and("live").is(true);
        }
        return mongo.find(Query.query(criteria).with(Sort.by(Sort.Direction.DESC, "startedAt")).skip((long) page * size)
                .limit(size), Session.class).stream().map(Session::view).toList();
    }

    /** An admin ends a session (R-AUT-6): the NAS must acknowledge the Disconnect-Request. */
    public Session.SessionView disconnect(String tenantId, String sessionId) {
        Session session = mongo.findOne(Query.query(Criteria.where("_id").is(sessionId).and("tenantId").is(tenantId)),
                Session.class);
        if (session == null) {
            throw ProblemException.notFound("session-not-found", sessionId);
        }
        if (!session.live()) {
            return session.view();
        }
        if (!sendDisconnect(session)) {
            throw new ProblemException(org.springframework.http.HttpStatus.BAD_GATEWAY, "disconnect-refused", sessionId);
        }
        end(session, SessionStopped.Cause.ADMIN_DISCONNECT);
        return mongo.findById(sessionId, Session.class).view();
    }

    /** A user, device or profile lost the right to connect: its live sessions are disconnected. */
    @Override
    public void revoked(String tenantId, String userId, String deviceId) {
        Criteria criteria = Criteria.where("tenantId").is(tenantId).and("userId").is(userId).and("live").is(true);
        if (deviceId != null) {
            criteria.and("deviceId").is(deviceId);
        }
        for (Session session : mongo.find(Query.query(criteria), Session.class)) {
            boolean acknowledged = sendDisconnect(session);
            end(session, SessionStopped.Cause.ADMIN_DISCONNECT);
            log.info("Session {} disconnected because access was revoked (NAS acknowledged: {})", session.id(),
                    acknowledged);
        }
    }

    /** A lost Stop: the lease ran out, so the session is over and its address free (R-AUT-5). */
    @Scheduled(fixedDelayString = "${sra.auth.lease-sweep:30s}")
    public void expireLeases() {
        for (Lease lease : leases.expired(500)) {
            if (!leases.removeIfExpired(lease)) {
                continue;
            }
            if (lease.sessionId() != null) {
                Session session = mongo.findById(lease.sessionId(), Session.class);
                if (session != null && session.live()) {
                    stop(session, SessionStopped.Cause.LEASE_EXPIRED);
                }
            }
        }
    }

    private boolean sendDisconnect(Session session) {
        return model.nasClient(session.nasClientId())
                .map(nas -> disconnector.disconnect(session.nasAddress(), nas.secret(), session.userName(),
                        session.acctSessionId(), session.framedIp()))
                .orElse(false);
    }

    private Optional<Session> live(String nasClientId, String acctSessionId) {
        return Optional.ofNullable(mongo.findOne(Query.query(Criteria.where("nasClientId").is(nasClientId)
                .and("acctSessionId").is(acctSessionId).and("live").is(true)), Session.class));
    }

    private void touch(Session session) {
        session.touch(clock.instant());
        try {
            mongo.save(session);
        } catch (OptimisticLockingFailureException raced) {
            return; // a concurrent Stop or Interim won; nothing to add
        }
        if (session.framedIp() != null) {
            leases.renew(session.tenantId(), session.framedIp(), session.id(), settings.leaseTtl());
        }
    }

    private void end(Session session, SessionStopped.Cause cause) {
        if (stop(session, cause) && session.framedIp() != null) {
            leases.release(session.tenantId(), session.framedIp(), session.id());
        }
    }

    private boolean stop(Session session, SessionStopped.Cause cause) {
        Session current = session;
        for (int attempt = 0; attempt < 3; attempt++) {
            if (!current.stop(cause, clock.instant())) {
                return false;
            }
            try {
                mongo.save(current);
                log.info("Session {} stopped: {}", current.id(), cause);
                return true;
            } catch (OptimisticLockingFailureException raced) {
                current = mongo.findById(session.id(), Session.class);
                if (current == null) {
                    return false;
                }
            }
        }
        return false;
    }

    private String leaseHolderDevice(String tenantId, String framedIp) {
        Lease lease = mongo.findOne(Query.query(Criteria.where("tenantId").is(tenantId).and("address").is(framedIp)),
                Lease.class);
        return lease != null && lease.holder() != null && lease.holder().startsWith("device:")
                ? lease.holder().substring("device:".length()) : null;
    }
}
