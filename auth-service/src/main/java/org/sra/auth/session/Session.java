package org.sra.auth.session;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;
import org.springframework.data.mongodb.core.index.CompoundIndex;
import org.springframework.data.mongodb.core.mapping.Document;
import org.sra.events.session.SessionStarted;
import org.sra.events.session.SessionStopped;
import org.sra.kit.outbox.AggregateDocument;

/**
 * One VPN session; its start and end are published in the same write as the change.
 * {@code liveKey} ({@code <nasClientId>/<acctSessionId>}) is set only while the session lives and
 * is a unique sparse index: accounting finds the live session by that key, and one NAS session
 * id cannot be live twice.
 */
@Document("sessions")
@CompoundIndex(name = "nas_session", def = "{'nasClientId': 1, 'acctSessionId': 1, 'live': 1}")
@CompoundIndex(name = "tenant_live", def = "{'tenantId': 1, 'live': 1}")
public class Session extends AggregateDocument {

    @Id
    private String id;
    @Version
    private Long version;
    private String tenantId;
    private String nasClientId;
    private String nasAddress;
    private String acctSessionId;
    private String userName;
    private String userId;
    private String deviceId;
    private String framedIp;
    private Instant startedAt;
    private Instant lastUpdate;
    private Instant stoppedAt;
    private SessionStopped.Cause cause;
    private boolean live;
    private String liveKey;

    Session() {
    }

    static Session start(String tenantId, String nasClientId, String nasAddress, String acctSessionId, String userName,
                         String userId, String deviceId, String framedIp, Instant now) {
        Session session = new Session();
        session.id = UUID.randomUUID().toString();
        session.tenantId = tenantId;
        session.nasClientId = nasClientId;
        session.nasAddress = nasAddress;
        session.acctSessionId = acctSessionId;
        session.userName = userName;
        session.userId = userId;
        session.deviceId = deviceId;
        session.framedIp = framedIp;
        session.startedAt = now;
        session.lastUpdate = now;
        session.live = true;
        session.liveKey = liveKey(nasClientId, acctSessionId);
        session.raise(tenantId, new SessionStarted(tenantId, session.id, userName, deviceId,
                framedIp == null ? "" : framedIp, nasClientId));
        return session;
    }

    void touch(Instant now) {
        lastUpdate = now;
    }

    /** @return false when it had already ended (nothing raised) */
    boolean stop(SessionStopped.Cause why, Instant now) {
        if (!live) {
            return false;
        }
        live = false;
        liveKey = null;
        stoppedAt = now;
        cause = why;
        raise(tenantId, new SessionStopped(tenantId, id, why));
        if (why == SessionStopped.Cause.ADMIN_DISCONNECT) {
            // R-ACC-5: the actor is the admin for a disconnect by hand, "system" for a revocation
            audit(tenantId, "SESSION_DISCONNECTED", "session", id, new Disconnected(userName, deviceId, framedIp), null);
        }
        return true;
    }

    /** A disconnected session as the audit trail shows it. */
    record Disconnected(String userName, String deviceId, String framedIp) {
    }

    /** The key of a live session: the NAS's session id is unique per NAS only while it lives. */
    static String liveKey(String nasClientId, String acctSessionId) {
        return nasClientId + "/" + acctSessionId;
    }

    boolean sameAs(String otherUserName, String otherFramedIp) {
        return Objects.equals(userName, otherUserName) && Objects.equals(framedIp, otherFramedIp);
    }

    public String id() {
        return id;
    }

    public String tenantId() {
        return tenantId;
    }

    public String nasClientId() {
        return nasClientId;
    }

    public String nasAddress() {
        return nasAddress;
    }

    public String acctSessionId() {
        return acctSessionId;
    }

    public String userName() {
        return userName;
    }

    public String userId() {
        return userId;
    }

    public String deviceId() {
        return deviceId;
    }

    public String framedIp() {
        return framedIp;
    }

    public boolean live() {
        return live;
    }

    public SessionView view() {
        return new SessionView(id, userName, deviceId, framedIp, nasClientId, acctSessionId, startedAt, lastUpdate,
                stoppedAt, cause, live);
    }

    /** What admins see of a session. */
    public record SessionView(String id, String userName, String deviceId, String framedIp, String nasClientId,
                              String acctSessionId, Instant startedAt, Instant lastUpdate, Instant stoppedAt,
                              SessionStopped.Cause cause, boolean live) {
    }
}
