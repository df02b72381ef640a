package org.sra.directory.local;

import java.time.Instant;
import java.util.Locale;

import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;
import org.springframework.data.mongodb.core.index.CompoundIndex;
import org.springframework.data.mongodb.core.mapping.Document;
import org.sra.events.user.LocalPasswordSet;
import org.sra.events.user.LocalUserDeleted;
import org.sra.kit.outbox.AggregateDocument;

/**
 * A user of a LOCAL tenant's built-in directory; only the password's bcrypt hash is kept. Every
 * password set raises {@code LocalPasswordSet} (the hash sealed) and removal
 * {@code LocalUserDeleted}, in the same write as the change, for auth-service.
 */
@Document("local_users")
@CompoundIndex(name = "tenant_user", def = "{'tenantId': 1, 'userKey': 1}", unique = true)
public class LocalUser extends AggregateDocument {

    @Id
    private String id;
    private String tenantId;
    private String userName;
    private String userKey;
    private String displayName;
    private String mail;
    private String passwordHash;
    private Instant createdAt;
    private Instant passwordChangedAt;
    @Version
    private Long version;

    LocalUser() {
    }

    static String key(String userName) {
        return userName.toLowerCase(Locale.ROOT);
    }

    /**
     * A new user; raises {@code LocalPasswordSet} (hash sealed by the caller, context
     * {@code local-password:<tenantId>}) and the audit entry in the same write.
     */
    static LocalUser create(String id, String tenantId, String userName, String displayName, String mail,
                            String passwordHash, String sealedHash, Instant now) {
        LocalUser user = new LocalUser();
        user.id = id;
        user.tenantId = tenantId;
        user.userName = userName;
        user.userKey = key(userName);
        user.displayName = displayName == null || displayName.isBlank() ? userName : displayName.strip();
        user.mail = mail;
        user.passwordHash = passwordHash;
        user.createdAt = now;
        user.passwordChangedAt = now;
        user.raise(tenantId, new LocalPasswordSet(tenantId, id, userName, sealedHash));
        user.audit(tenantId, "LOCAL_USER_CREATED", "local-user", id, null, user.auditView());
        return user;
    }

    void resetPassword(String newHash, String sealedHash, Instant now) {
        AuditView before = auditView();
        passwordHash = newHash;
        passwordChangedAt = now;
        raise(tenantId, new LocalPasswordSet(tenantId, id, userName, sealedHash));
        audit(tenantId, "LOCAL_USER_PASSWORD_RESET", "local-user", id, before, auditView());
    }

    void remove() {
        raise(tenantId, new LocalUserDeleted(tenantId, id, userName));
        audit(tenantId, "LOCAL_USER_REMOVED", "local-user", id, auditView(), null);
        userKey = userKey + "#removed#" + id;
        markDeleted();
    }

    /** For the audit trail: never the hash, only when the password last changed. */
    public record AuditView(String userName, String displayName, String mail, Instant passwordChangedAt) {
    }

    private AuditView auditView() {
        return new AuditView(userName, displayName, mail, passwordChangedAt);
    }

    public String id() {
        return id;
    }

    public String userName() {
        return userName;
    }

    public String displayName() {
        return displayName;
    }

    public String mail() {
        return mail;
    }

    String passwordHash() {
        return passwordHash;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public String tenantId() {
        return tenantId;
    }

    public Instant passwordChangedAt() {
        return passwordChangedAt;
    }
}
