package org.sra.auth.decisionlog;

import java.time.Instant;
import java.util.Date;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.index.CompoundIndex;
import org.springframework.data.mongodb.core.mapping.Document;
import org.sra.events.connection.ConnectionDecided;
import org.sra.events.connection.DeviceAutoRegistrationRequested;

/** One entry of the decision log (R-AUT-7). Its events travel in a {@link DecisionEvents}. */
@Document("decisions")
@CompoundIndex(name = "tenant_time", def = "{'tenantId': 1, 'decidedAt': -1}")
public class DecisionRecord {

    @Id
    private String id;
    private String tenantId;
    private Instant decidedAt;
    private String userName;
    private String userId;
    private String deviceId;
    private String nasClientId;
    private String channel;
    private boolean accepted;
    private String reason;
    private long latencyMillis;
    private String framedIp;

    DecisionRecord() {
    }

    /**
     * @param channel {@code radius} or {@code http}
     */
    public static DecisionRecord of(String tenantId, Instant decidedAt, String userName, String userId, String deviceId,
                                    String nasClientId, String channel, boolean accepted, String reason,
                                    long latencyMillis, String framedIp) {
        DecisionRecord record = new DecisionRecord();
        record.id = randomId();
        record.tenantId = tenantId;
        record.decidedAt = decidedAt;
        record.userName = userName;
        record.userId = userId;
        record.deviceId = deviceId;
        record.nasClientId = nasClientId;
        record.channel = channel;
        record.accepted = accepted;
        record.reason = reason;
        record.latencyMillis = latencyMillis;
        record.framedIp = framedIp;
        return record;
    }

    /**
     * A random (version 4) UUID from {@link java.util.concurrent.ThreadLocalRandom}: the id only has
     * to be unique, not unguessable, and {@link UUID#randomUUID()} makes every RADIUS handler share
     * one {@code SecureRandom} on the request path.
     */
    static String randomId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (random.nextLong() & ~0xF000L) | 0x4000L;
        long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(high, low).toString();
    }

    ConnectionDecided connectionDecided() {
        return new ConnectionDecided(tenantId, userName, deviceId, nasClientId, accepted, reason, latencyMillis);
    }

    DeviceAutoRegistrationRequested registrationRequest(String presentedSerial, String platform, String nasName) {
        return new DeviceAutoRegistrationRequested(tenantId, userId, userName, presentedSerial,
                platform == null ? "unknown" : platform, nasName);
    }

    String id() {
        return id;
    }

    /**
     * The stored form, as Spring Data would map it (null fields left out) — built by hand because
     * the writer stores every decision and the mapping layer cost more than the insert itself.
     * {@code DecisionRecordTests} checks it reads back through the template.
     */
    org.bson.Document toDocument() {
        org.bson.Document document = new org.bson.Document("_id", id).append("tenantId", tenantId)
                .append("decidedAt", Date.from(decidedAt));
        putIfSet(document, "userName", userName);
        putIfSet(document, "userId", userId);
        putIfSet(document, "deviceId", deviceId);
        putIfSet(document, "nasClientId", nasClientId);
        putIfSet(document, "channel", channel);
        document.append("accepted", accepted);
        putIfSet(document, "reason", reason);
        document.append("latencyMillis", latencyMillis);
        putIfSet(document, "framedIp", framedIp);
        return document;
    }

    private static void putIfSet(org.bson.Document document, String key, Object value) {
        if (value != null) {
            document.append(key, value);
        }
    }

    String tenantId() {
        return tenantId;
    }

    String userId() {
        return userId;
    }

    String deviceId() {
        return deviceId;
    }

    boolean accepted() {
        return accepted;
    }

    Instant decidedAt() {
        return decidedAt;
    }

    String reason() {
        return reason;
    }

    public DecisionView view() {
        return new DecisionView(id, decidedAt, userName, deviceId, nasClientId, channel,
                accepted ? "ACCEPT" : "REJECT", reason, latencyMillis, framedIp);
    }

    /** What admins see of a decision. */
    public record DecisionView(String id, Instant decidedAt, String userName, String deviceId, String nasClientId,
                               String channel, String result, String reason, long latencyMillis, String framedIp) {
    }
}
