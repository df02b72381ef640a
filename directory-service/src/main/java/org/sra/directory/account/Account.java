package org.sra.directory.account;

import java.time.Instant;

import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;
import org.springframework.data.mongodb.core.index.Indexed;
import org.springframework.data.mongodb.core.mapping.Document;
import org.sra.events.account.AdminAccountChanged;
import org.sra.kit.outbox.AggregateDocument;
import org.sra.kit.security.Role;

/**
 * An operator or tenant admin account. Holds only a bcrypt hash of the password. Changes of a
 * tenant's accounts raise {@link AdminAccountChanged} and an audit entry in the same write; the
 * operator account (no tenant) raises nothing.
 */
@Document("accounts")
public class Account extends AggregateDocument {

    @Id
    private String id;
    @Indexed(unique = true)
    private String loginId;
    @Indexed
    private String tenantId;
    private Role role;
    private String passwordHash;
    private boolean passwordChangeRequired;
    private Instant createdAt;
    private Instant passwordChangedAt;
    @Version
    private Long version;

    Account() {
    }

    static Account operator(String id, String loginId, String passwordHash, Instant now) {
        Account account = new Account();
        account.id = id;
        account.loginId = loginId;
        account.role = Role.OPERATOR;
        account.passwordHash = passwordHash;
        account.passwordChangeRequired = true;
        account.createdAt = now;
        return account;
    }

    static Account tenantAccount(String id, String tenantId, String loginId, Role role, String passwordHash,
                                 Instant now) {
        if (role == Role.OPERATOR) {
            throw new IllegalArgumentException("a tenant account is an admin or an auditor");
        }
        Account account = new Account();
        account.id = id;
        account.tenantId = tenantId;
        account.loginId = loginId;
        account.role = role;
        account.passwordHash = passwordHash;
        account.passwordChangeRequired = true;
        account.createdAt = now;
        account.announce("CREATED", "ADMIN_ACCOUNT_CREATED", null);
        return account;
    }

    void changePassword(String newHash, Instant now) {
        AccountView before = view();
        passwordHash = newHash;
        passwordChangeRequired = false;
        passwordChangedAt = now;
        announce("PASSWORD_CHANGED", "ADMIN_PASSWORD_CHANGED", before);
    }

    void resetPassword(String newHash, Instant now) {
        AccountView before = view();
        passwordHash = newHash;
        passwordChangeRequired = true;
        passwordChangedAt = now;
        announce("PASSWORD_RESET", "ADMIN_PASSWORD_RESET", before);
    }

    void changeRole(Role newRole) {
        if (newRole != role) {
            AccountView before = view();
            role = newRole;
            announce("ROLE_CHANGED", "ADMIN_ROLE_CHANGED", before);
        }
    }

    void remove() {
        if (tenantId != null) {
            raise(tenantId, new AdminAccountChanged(tenantId, id, loginId, role.name(), "REMOVED"));
            audit(tenantId, "ADMIN_ACCOUNT_REMOVED", "admin-account", id, view(), null);
        }
        markDeleted();
    }

    private void announce(String change, String action, AccountView before) {
        if (tenantId != null) {
            raise(tenantId, new AdminAccountChanged(tenantId, id, loginId, role.name(), change));
            audit(tenantId, action, "admin-account", id, before, view());
        }
    }

    /** What may be shown of the account: never the hash. */
    public AccountView view() {
        return new AccountView(id, loginId, role.name(), passwordChangeRequired, createdAt, passwordChangedAt);
    }

    public String id() {
        return id;
    }

    public String loginId() {
        return loginId;
    }

    public String tenantId() {
        return tenantId;
    }

    public Role role() {
        return role;
    }

    public boolean passwordChangeRequired() {
        return passwordChangeRequired;
    }

    String passwordHash() {
        return passwordHash;
    }
}
