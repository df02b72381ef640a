package org.sra.directory.local;

import java.time.Instant;
import java.util.Locale;

import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;
import org.springframework.data.mongodb.core.index.CompoundIndex;
import org.springframework.data.mongodb.core.mapping.Document;
import org.sra.kit.outbox.AggregateDocument;

/** A user of a LOCAL tenant's built-in directory; only the password's bcrypt hash is kept. */
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

    static LocalUser create(String id, String tenantId, String userName, String displayName, String mail,
                            String passwordHash, Instant now) {
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
        user.audit(tenantId, "LOCAL_USER_CREATED", "local-user", id, null, user.auditView());
        return user;
    }

    void resetPassword(String newHash, Instant now) {
        AuditView before = auditView();
        passwordHash = newHash;
        passwordChangedAt = now;
        audit(tenantId, "LOCAL_USER_PASSWORD_RESET", "local-user", id, before, auditView());
    }

    void remove() {
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

    public Instant passwordChangedAt() {
        return passwordChangedAt;
    }
}
