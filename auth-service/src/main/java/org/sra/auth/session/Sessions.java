package org.sra.auth.session;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
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
import org.sra.kit.error.DomainException;

import jakarta.annotation.PostConstruct;

/**
 * The live session list, kept from accounting (R-AUT-5) and ended by Stop, by a NAS reboot, by
 * lease expiry or by an admin (R-AUT-6). A session id is only unique per NAS and only while the
 * session lives, so every lookup is (NAS, Acct-Session-Id, live): an Interim after a Stop finds
 * nothing and resurrects nothing, and a Start that reuses a live id after a NAS reboot ends the
 * stale session first.
 *
 * <p>Every lookup on the accounting path is by a key the store can look up (the embedded store
 * uses only unique indexes, and only for filters of exactly their keys): the live session by its
 * unique {@code liveKey}, versioned saves through the unique {@code (_id, version)} index, a
 * user's sessions through {@link UserSessions}. Sessions are kept after they end, so a filter on
 * any other field would read every session ever stored.
 */
@Component
public class Sessions implements AccessRevocations {

    private static final Logger log = LoggerFactory.getLogger(Sessions.class);

    static final String LIVE_KEY_INDEX = "live_key";

    private final MongoTemplate mongo;
    private final UserSessions userSessions;
    private final Leases leases;
    private final ReadModel model;
    private final NasDisconnect disconnector;
    private final AuthSettings settings;
    private final Clock clock;

    Sessions(MongoTemplate mongo, UserSessions userSessions, Leases leases, ReadModel model, NasDisconnect disconnector,
             AuthSettings settings, Clock clock) {
        this.mongo = mongo;
        this.userSessions = userSessions;
        this.leases = leases;
        this.model = model;
        this.disconnector = disconnector;
        this.settings = settings;
        this.clock = clock;
    }

    @PostConstruct
    void indexes() {
        var indexes = mongo.indexOps(Session.class);
        indexes.createIndex(new Index().on("liveKey", Sort.Direction.ASC).unique().sparse().named(LIVE_KEY_INDEX));
        // versioned saves ({_id, version}) are index look-ups through the kit's unique (_id, version) index
        keyOlderLiveSessions();
    }

    /** Gives live sessions stored before {@code liveKey} existed their key and their user's entry (once, at start). */
    private void keyOlderLiveSessions() {
        int keyed = 0;
        for (Session session : mongo.find(Query.query(Criteria.where("live").is(true).and("liveKey").exists(false)),
                Session.class)) {
            try {
                keyed += (int) mongo.updateFirst(Query.query(Criteria.where("_id").is(session.id())),
                        new Update().set("liveKey", Session.liveKey(session.nasClientId(), session.acctSessionId())),
                        Session.class).getModifiedCount();
            } catch (DuplicateKeyException twoLive) {
                log.warn("Session {} shares its NAS session id with another live session; it ends with its lease",
                        session.id());
            }
            if (session.userId() != null) {
                userSessions.starting(session.tenantId(), session.userId(), session.id());
            }
        }
        if (keyed > 0) {
            log.info("Keyed {} live sessions stored before live keys existed", keyed);
        }
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
        if (userId != null) {
            userSessions.starting(nas.tenantId(), userId, session.id()); // first: never a live session it misses
        }
        try {
            mongo.insert(session);
        } catch (DuplicateKeyException sameStart) {
            // the same Start stored at the same moment by another thread or replica (unique liveKey)
            if (userId != null) {
                userSessions.ended(nas.tenantId(), userId, List.of(session.id()));
            }
            live(nas.nasClientId(), acctSessionId).filter(s -> s.sameAs(userName, framedIp)).ifPresent(this::touch);
            return;
        }
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
        return list(tenantId, liveOnly, null, page, size);
    }

    /** One page, newest first; {@code userPart}: part of the user name, any case ({@code null}: every user). */
    public List<Session.SessionView> list(String tenantId, boolean liveOnly, @Nullable String userPart, int page,
                                          int size) {
        return mongo.find(Query.query(listed(tenantId, liveOnly, userPart))
                .with(Sort.by(Sort.Direction.DESC, "startedAt")).skip((long) page * size)
                .limit(size), Session.class).stream().map(Session::view).toList();
    }

    /** How many sessions the same filter finds, for the list's total. */
    public long count(String tenantId, boolean liveOnly, @Nullable String userPart) {
        return mongo.count(Query.query(listed(tenantId, liveOnly, userPart)), Session.class);
    }

    private static Criteria listed(String tenantId, boolean liveOnly, @Nullable String userPart) {
        Criteria criteria = Criteria.where("tenantId").is(tenantId);
        if (liveOnly) {
            criteria.and("live").is(true);
        }
        if (userPart != null && !userPart.isBlank()) {
            criteria.and("userName").regex(Pattern.quote(userPart.strip()), "i");
        }
        return criteria;
    }

    /** An admin ends a session (R-AUT-6): the NAS must acknowledge the Disconnect-Request. */
    public Session.SessionView disconnect(String tenantId, String sessionId) {
        Session session = mongo.findById(sessionId, Session.class);
        if (session == null || !tenantId.equals(session.tenantId())) {
            throw DomainException.notFound("session-not-found", sessionId);
        }
        if (!session.live()) {
            return session.view();
        }
        if (!sendDisconnect(session)) {
            throw new DomainException(DomainException.Kind.UPSTREAM_REFUSED, "disconnect-refused", sessionId);
        }
        end(session, SessionStopped.Cause.ADMIN_DISCONNECT);
        return mongo.findById(sessionId, Session.class).view();
    }

    /** A user, device or profile lost the right to connect: its live sessions are disconnected. */
    @Override
    public void revoked(String tenantId, String userId, String deviceId) {
        List<String> ids = userSessions.of(tenantId, userId);
        if (ids.isEmpty()) {
            return;
        }
        List<Session> sessions = mongo.find(Query.query(Criteria.where("_id").in(ids)), Session.class);
        // ended without being taken off (a crash in between); an id without a session may be one
        // being stored right now, so it stays
        List<String> over = sessions.stream().filter(s -> !s.live()).map(Session::id).toList();
        if (!over.isEmpty()) {
            userSessions.ended(tenantId, userId, over);
        }
        for (Session session : sessions) {
            if (!session.live() || (deviceId != null && !deviceId.equals(session.deviceId()))) {
                continue;
            }
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
        return Optional.ofNullable(mongo.findOne(Query.query(Criteria.where("liveKey")
                .is(Session.liveKey(nasClientId, acctSessionId))), Session.class)).filter(Session::live);
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
                if (current.userId() != null) {
                    userSessions.ended(current.tenantId(), current.userId(), List.of(current.id()));
                }
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
