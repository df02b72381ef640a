package org.sra.directory.account;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;
import org.springframework.data.mongodb.core.index.Indexed;
import org.springframework.data.mongodb.core.mapping.Document;
import org.sra.events.account.AdminAccountChanged;
import org.sra.events.account.AdminTokensRevoked;
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
    /**
     * Tokens of this account issued (whole seconds of {@code iat}) before this are revoked at
     * every service; later tokens are issued with an {@code iat} of this or later.
     */
    private Instant tokensNotBefore;
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

    /** The password changed by its holder; every token issued before ({@code tokenTtl} the longest) stops working. */
    void changePassword(String newHash, Instant now, Duration tokenTtl) {
        AccountView before = view();
        passwordHash = newHash;
        passwordChangeRequired = false;
        passwordChangedAt = now;
        announce("PASSWORD_CHANGED", "ADMIN_PASSWORD_CHANGED", before);
        revokeTokens("PASSWORD_CHANGED", now, tokenTtl);
    }

    void resetPassword(String newHash, Instant now, Duration tokenTtl) {
        AccountView before = view();
        passwordHash = newHash;
        passwordChangeRequired = true;
        passwordChangedAt = now;
        announce("PASSWORD_RESET", "ADMIN_PASSWORD_RESET", before);
        revokeTokens("PASSWORD_RESET", now, tokenTtl);
    }

    /**
     * The account's login delay was lifted by an admin or the operator (its failed logins
     * forgotten): nothing of the account changes, so no event and no revocation, only the audit entry.
     */
    void unlocked(int failedLogins, Instant lockedUntil) {
        if (tenantId != null) {
            Map<String, Object> before = new LinkedHashMap<>();
            before.put("failedLogins", failedLogins);
            before.put("lockedUntil", lockedUntil);
            audit(tenantId, "ADMIN_ACCOUNT_UNLOCKED", "admin-account", id, before,
                    Map.of("failedLogins", 0));
        }
    }

    void changeRole(Role newRole, Instant now, Duration tokenTtl) {
        if (newRole != role) {
            AccountView before = view();
            role = newRole;
            announce("ROLE_CHANGED", "ADMIN_ROLE_CHANGED", before);
            // the tokens carry the role: a demoted admin's must not write anywhere any more
            revokeTokens("ROLE_CHANGED", now, tokenTtl);
        }
    }

    void remove(Instant now, Duration tokenTtl) {
        if (tenantId != null) {
            raise(tenantId, new AdminAccountChanged(tenantId, id, loginId, role.name(), "REMOVED"));
            audit(tenantId, "ADMIN_ACCOUNT_REMOVED", "admin-account", id, view(), null);
        }
        revokeTokens("REMOVED", now, tokenTtl);
        markDeleted();
    }

    /**
     * Every token of the account issued before now stops working at every service
     * ({@link AdminTokensRevoked}, in the same write as the change). {@code iat} has whole seconds,
     * so the line is drawn at the next whole second: every earlier token's {@code iat} is before it,
     * and the account's next tokens are issued with an {@code iat} of that second or later
     * ({@link #tokensIssuedAt}); a second revocation within that second draws its line a second
     * beyond the first, above the tokens issued in between. Nothing to announce for the operator account: its tokens are good
     * only at directory-service, which checks the session of every request.
     */
    private void revokeTokens(String reason, Instant now, Duration tokenTtl) {
        Instant notBefore = now.truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
        if (tokensNotBefore != null && !notBefore.isAfter(tokensNotBefore)) {
            // a revocation within the same second as the previous one: tokens issued since then
            // carry the previous line as their iat, so this line lies a second beyond it
            notBefore = tokensNotBefore.plusSeconds(1);
        }
        tokensNotBefore = notBefore;
        if (tenantId != null) {
            raise(tenantId, new AdminTokensRevoked(tenantId, id, null, tokensNotBefore, now.plus(tokenTtl), reason));
        }
    }

    /** The {@code iat} of a token issued now: not before the account's latest revocation. */
    Instant tokensIssuedAt(Instant now) {
        return tokensNotBefore != null && tokensNotBefore.isAfter(now) ? tokensNotBefore : now;
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
