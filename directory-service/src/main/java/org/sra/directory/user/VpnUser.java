package org.sra.directory.user;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;
import org.springframework.data.mongodb.core.index.CompoundIndex;
import org.springframework.data.mongodb.core.mapping.Document;
import org.sra.events.user.UserSource;
import org.sra.events.user.VpnUserAdded;
import org.sra.events.user.VpnUserChanged;
import org.sra.events.user.VpnUserRemoved;
import org.sra.kit.outbox.AggregateDocument;

/**
 * A user allowed to connect (R-USR-1). A user name is unique per tenant, case-insensitively
 * (AD compares sAMAccountName that way); the unique index is the last word under concurrency.
 */
@Document("vpn_users")
@CompoundIndex(name = "tenant_user", def = "{'tenantId': 1, 'userKey': 1}", unique = true)
public class VpnUser extends AggregateDocument {

    @Id
    private String id;
    private String tenantId;
    private String userName;
    private String userKey;
    private String displayName;
    private String mail;
    private UserSource source;
    private Instant addedAt;
    /** null in documents written before users could be disabled: enabled. */
    private Boolean enabled;
    private Instant validFrom;
    private Instant validUntil;
    @Version
    private Long version;

    VpnUser() {
    }

    static String key(String userName) {
        return userName.toLowerCase(Locale.ROOT);
    }

    static VpnUser add(String id, String tenantId, DirectoryUser user, UserSource source, Instant now) {
        VpnUser added = new VpnUser();
        added.id = id;
        added.tenantId = tenantId;
        added.userName = user.userName();
        added.userKey = key(user.userName());
        added.displayName = user.displayName() == null ? user.userName() : user.displayName();
        added.mail = user.mail();
        added.source = source;
        added.addedAt = now;
        // the DN travels to auth-service only; directory-service reads the directory again when it needs it
        added.raise(tenantId, new VpnUserAdded(tenantId, id, added.userName, added.displayName, added.mail, source,
                user.directoryDn()));
        added.audit(tenantId, "VPN_USER_ADDED", "vpn-user", id, null, added.auditView());
        return added;
    }

    void remove() {
        raise(tenantId, new VpnUserRemoved(tenantId, id, userName));
        audit(tenantId, "VPN_USER_REMOVED", "vpn-user", id, auditView(), null);
        // frees the name at once; the tombstone lives until the relay has published
        userKey = userKey + "#removed#" + id;
        markDeleted();
    }

    /**
     * Enables or disables the user; a change raises {@code VpnUserChanged} and an audit entry.
     *
     * @return whether anything changed
     */
    boolean enable(boolean enable) {
        if (enable == enabled()) {
            return false;
        }
        AuditView before = auditView();
        enabled = enable;
        changed(enable ? "VPN_USER_ENABLED" : "VPN_USER_DISABLED", before);
        return true;
    }

    /**
     * Sets the period the user may connect in (either end optional, {@code until} exclusive); a
     * change raises {@code VpnUserChanged} and an audit entry.
     *
     * @return whether anything changed
     */
    boolean validity(Instant from, Instant until) {
        if (Objects.equals(from, validFrom) && Objects.equals(until, validUntil)) {
            return false;
        }
        AuditView before = auditView();
        validFrom = from;
        validUntil = until;
        changed("VPN_USER_VALIDITY_SET", before);
        return true;
    }

    /**
     * Takes the display name and mail address the directory has now (directory refresh); a change
     * raises {@code VpnUserChanged} and an audit entry.
     *
     * @return whether anything changed
     */
    boolean refresh(DirectoryUser now) {
        String name = now.displayName() == null || now.displayName().isBlank() ? userName : now.displayName();
        String address = now.mail() == null || now.mail().isBlank() ? null : now.mail();
        if (name.equals(displayName) && Objects.equals(address, mail)) {
            return false;
        }
        AuditView before = auditView();
        displayName = name;
        mail = address;
        changed("VPN_USER_REFRESHED", before);
        return true;
    }

    private void changed(String action, AuditView before) {
        raise(tenantId, new VpnUserChanged(tenantId, id, userName, displayName, mail, enabled(), validFrom,
                validUntil));
        audit(tenantId, action, "vpn-user", id, before, auditView());
    }

    /** The user as the audit trail shows it. */
    public record AuditView(String userName, String displayName, String mail, UserSource source, boolean enabled,
                            Instant validFrom, Instant validUntil) {
    }

    private AuditView auditView() {
        return new AuditView(userName, displayName, mail, source, enabled(), validFrom, validUntil);
    }

    /** Whether the user may connect at all (see also the validity period). */
    public boolean enabled() {
        return enabled == null || enabled;
    }

    public Instant validFrom() {
        return validFrom;
    }

    public Instant validUntil() {
        return validUntil;
    }

    public String id() {
        return id;
    }

    public String tenantId() {
        return tenantId;
    }

    public String userName() {
        return userName;
    }

    public String userKey() {
        return userKey;
    }

    public String displayName() {
        return displayName;
    }

    public String mail() {
        return mail;
    }

    public UserSource source() {
        return source;
    }

    public Instant addedAt() {
        return addedAt;
    }
}
