package org.sra.profile.profile;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

import org.jspecify.annotations.Nullable;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;
import org.springframework.data.mongodb.core.index.CompoundIndex;
import org.springframework.data.mongodb.core.index.Indexed;
import org.springframework.data.mongodb.core.mapping.Document;
import org.sra.events.profile.ProfileIssued;
import org.sra.events.profile.ProfileLinkExpired;
import org.sra.events.profile.ProfileRemoved;
import org.sra.events.profile.ProfileSettingsChanged;
import org.sra.kit.outbox.AggregateDocument;

/**
 * One user's profile for one assigned device (R-PRO-1), id {@code userId:deviceId}. Every change
 * raises its event through the outbox in the same single-document write.
 *
 * <p>The stored {@code _id} is one incarnation of the profile (a random id): a profile removed and
 * created again for the same assignment is a new document, while the tombstone of the old one
 * still waits for its {@code ProfileRemoved} to go out.
 */
@Document("profiles")
@CompoundIndex(name = "tenant_profile", def = "{'tenantId': 1, 'profileId': 1}")
public class Profile extends AggregateDocument {

    /** Field names used by conditional updates (download claims, expiry). */
    public static final String TENANT_ID = "tenantId";
    public static final String PROFILE_ID = "profileId";
    public static final String STATUS = "status";
    public static final String LINK = "link";
    public static final String DOWNLOADS = "downloads";
    public static final String UPDATED_AT = "updatedAt";
    public static final String VERSION = "version";
    public static final String LIVE_KEY = "liveKey";
    public static final String LINK_KEY = "linkKey";

    @Id
    private String id;
    private String tenantId;
    private String profileId;
    private String userId;
    private String userName;
    private String deviceId;
    private boolean connectionAllowed;
    private boolean proxyApplied;
    private boolean localSegment;
    private ProfileStatus status;
    private @Nullable DownloadLink link;
    /**
     * The address the admin registered for this profile (ユーザプロフィール一括登録): a send without a
     * recipient goes here, else to the user's directory address. Absent until registered.
     */
    private @Nullable String mail;
    private List<DownloadRecord> downloads = new ArrayList<>();
    private Instant createdAt;
    private Instant updatedAt;
    @Version
    private Long version;
    /**
     * {@code tenantId|profileId} while the profile is live: the admin's and the assignment events'
     * look-up by profile id. A tombstone has none, so the next incarnation of the profile can take it.
     */
    @Indexed(name = "live_profile", unique = true, sparse = true)
    private @Nullable String liveKey;
    /** The current link's token hash: the download's look-up (tokens are random, so no two profiles share one). */
    @Indexed(name = "link_key", unique = true, sparse = true)
    private @Nullable String linkKey;

    Profile() {
    }

    /** The key of a live profile: tenant and profile id. */
    public static String liveKey(String tenantId, String profileId) {
        return tenantId + "|" + profileId;
    }

    /** The profile id of a user's device: {@code userId:deviceId}. */
    public static String idOf(String userId, String deviceId) {
        return userId + ":" + deviceId;
    }

    /** A device was assigned (R-PRO-1): connection allowed, no mail sent yet. */
    static Profile create(String incarnation, String tenantId, String userId, String userName, String deviceId,
                          boolean proxyApplied, boolean localSegment, Instant now) {
        Profile profile = new Profile();
        profile.id = incarnation;
        profile.tenantId = tenantId;
        profile.profileId = idOf(userId, deviceId);
        profile.liveKey = liveKey(tenantId, profile.profileId);
        profile.userId = userId;
        profile.userName = userName;
        profile.deviceId = deviceId;
        profile.connectionAllowed = true;
        profile.proxyApplied = proxyApplied;
        profile.localSegment = localSegment;
        profile.status = ProfileStatus.MAIL_NOT_SENT;
        profile.createdAt = now;
        profile.updatedAt = now;
        profile.settingsChanged("PROFILE_CREATED", null);
        return profile;
    }

    /** The assignment went or the admin deleted it: its link stops working and a tombstone announces it. */
    void remove(Instant now) {
        if (isDeleted()) {
            return;
        }
        if (link != null) {
            link = link.revoked(now);
        }
        updatedAt = now;
        liveKey = null;
        markDeleted();
        raise(tenantId, new ProfileRemoved(tenantId, profileId, userId, deviceId));
        audit(tenantId, "PROFILE_DELETED", "profile", profileId, settings(), null);
    }

    void allowConnection(boolean allowed, Instant now) {
        if (connectionAllowed != allowed) {
            Settings before = settings();
            connectionAllowed = allowed;
            updatedAt = now;
            settingsChanged("PROFILE_CONNECTION_CHANGED", before);
        }
    }

    /** Connection allowed on/off. Returns whether it changed. */
    boolean changeConnection(boolean allowed, Instant now) {
        boolean changed = connectionAllowed != allowed;
        allowConnection(allowed, now);
        return changed;
    }

    /** The registered mail address ({@code null}: none, sends go to the directory address). Returns whether it changed. */
    boolean registerMail(@Nullable String address, Instant now) {
        if (Objects.equals(mail, address)) {
            return false;
        }
        String before = mail;
        mail = address;
        updatedAt = now;
        audit(tenantId, "PROFILE_MAIL_REGISTERED", "profile", profileId, new Registered(before), new Registered(address));
        return true;
    }

    /** The registered address as the audit trail shows it. */
    record Registered(@Nullable String mail) {
    }

    /** The tenant's proxy setting applies to this profile or not (R-PXY-2). Returns whether it changed. */
    public boolean applyProxy(boolean applied, Instant now) {
        if (proxyApplied == applied) {
            return false;
        }
        Settings before = settings();
        proxyApplied = applied;
        updatedAt = now;
        settingsChanged("PROFILE_PROXY_APPLIED", before);
        return true;
    }

    /** Local-segment access applies to this profile or not (R-LSG-1). Returns whether it changed. */
    public boolean applyLocalSegment(boolean applied, Instant now) {
        if (localSegment == applied) {
            return false;
        }
        Settings before = settings();
        localSegment = applied;
        updatedAt = now;
        settingsChanged("PROFILE_LOCAL_SEGMENT_APPLIED", before);
        return true;
    }

    /**
     * A new link replaces any earlier one (R-PRO-3) and is announced for the mail (R-PRO-5); the
     * URL reaches the event only sealed.
     */
    void issue(Mailing mailing, String tokenHash, String sealedUrl, String name, Instant now) {
        Instant expiresAt = now.plus(mailing.validity());
        link = new DownloadLink(tokenHash, now, expiresAt, mailing.maxDownloads(), mailing.maxDownloads(),
                mailing.recipient(), mailing.subject(), null);
        linkKey = tokenHash;
        status = StatusFlow.sent(status);
        updatedAt = now;
        raise(tenantId, new ProfileIssued(tenantId, profileId, userId, deviceId, mailing.recipient(), mailing.subject(),
                sealedUrl, expiresAt, mailing.maxDownloads(), mailing.language(), name));
        audit(tenantId, "PROFILE_SENT", "profile", profileId, null,
                new Sending(mailing.recipient(), mailing.subject(), expiresAt, mailing.maxDownloads()));
    }

    /** The admin stopped the link: it serves nothing from now on, like an expired one. */
    void revokeLink(Instant now) {
        if (link == null || link.revokedAt() != null) {
            return;
        }
        link = link.revoked(now);
        updatedAt = now;
        status = StatusFlow.linkExpired(status);
        raise(tenantId, new ProfileLinkExpired(tenantId, profileId));
        audit(tenantId, "PROFILE_LINK_REVOKED", "profile", profileId, null, null);
    }

    /** The validity ran out before anyone downloaded (R-PRO-4). Returns whether anything changed. */
    public boolean expireLink(Instant now) {
        if (link == null || now.isBefore(link.expiresAt()) || !status.waitsForDownload()) {
            return false;
        }
        status = StatusFlow.linkExpired(status);
        updatedAt = now;
        raise(tenantId, new ProfileLinkExpired(tenantId, profileId));
        return true;
    }

    public void deviceAutoRegistered(Instant now) {
        changeStatus(StatusFlow.deviceAutoRegistered(status), now);
    }

    public void deviceRegistrationChanged(boolean registered, Instant now) {
        changeStatus(StatusFlow.deviceRegistrationChanged(status, registered), now);
    }

    private void changeStatus(ProfileStatus next, Instant now) {
        if (next != status) {
            status = next;
            updatedAt = now;
        }
    }

    private void settingsChanged(String action, Settings before) {
        raise(tenantId, new ProfileSettingsChanged(tenantId, profileId, userId, deviceId, connectionAllowed,
                proxyApplied, localSegment));
        audit(tenantId, action, "profile", profileId, before, settings());
    }

    private Settings settings() {
        return new Settings(connectionAllowed, proxyApplied, localSegment);
    }

    /** A profile's switches as the audit trail shows them. */
    record Settings(boolean connectionAllowed, boolean proxyApplied, boolean localSegment) {
    }

    /** A send as the audit trail shows it (never the link). */
    record Sending(String recipient, String subject, Instant expiresAt, Integer maxDownloads) {
    }

    public String id() {
        return id;
    }

    public String tenantId() {
        return tenantId;
    }

    public String profileId() {
        return profileId;
    }

    public String userId() {
        return userId;
    }

    /** {@code userName:deviceName} (the device id while its name is not known here), as the product guide shows it. */
    public String name(@Nullable String deviceName) {
        return userName + ":" + (deviceName == null ? deviceId : deviceName);
    }

    public String userName() {
        return userName;
    }

    public String deviceId() {
        return deviceId;
    }

    public boolean connectionAllowed() {
        return connectionAllowed;
    }

    public boolean proxyApplied() {
        return proxyApplied;
    }

    public boolean localSegment() {
        return localSegment;
    }

    public ProfileStatus status() {
        return status;
    }

    public @Nullable String mail() {
        return mail;
    }

    public @Nullable DownloadLink link() {
        return link;
    }

    public List<DownloadRecord> downloads() {
        return Collections.unmodifiableList(downloads);
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant updatedAt() {
        return updatedAt;
    }

    /** The version read, for a write that must find the profile unchanged. */
    public @Nullable Long version() {
        return version;
    }
}
