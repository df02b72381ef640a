package org.sra.directory.local;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.stereotype.Service;
import org.sra.directory.tenant.TenantProvisioning;
import org.sra.directory.user.DirectoryUser;
import org.sra.directory.user.LocalUserSource;
import org.sra.kit.web.ProblemException;

/**
 * The built-in directory (LOCAL): create users with a password, reset it, remove them, verify a
 * password. Passwords: 8 to 72 UTF-8 bytes (what bcrypt reads), at least one letter and one
 * digit, not containing the user name.
 */
@Service
public class LocalDirectory implements LocalUserSource {

    private static final Logger log = LoggerFactory.getLogger(LocalDirectory.class);
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,63}");
    private static final Pattern MAIL = Pattern.compile("[^@\\s\\p{Cntrl}]{1,64}@[A-Za-z0-9.-]{1,253}\\.[A-Za-z]{2,63}");

    private final LocalUsers users;
    private final TenantProvisioning tenants;
    private final BCryptPasswordEncoder encoder;
    private final String unknownUserHash;
    private final Clock clock;

    LocalDirectory(LocalUsers users, TenantProvisioning tenants, Clock clock,
                   @Value("${sra.accounts.bcrypt-cost:12}") int bcryptCost) {
        this.users = users;
        this.tenants = tenants;
        this.clock = clock;
        this.encoder = new BCryptPasswordEncoder(bcryptCost);
        this.unknownUserHash = encoder.encode("no user has this password " + UUID.randomUUID());
    }

    public LocalUser create(String tenantId, String userName, String displayName, String mail, String password) {
        tenants.get(tenantId);
        String name = userName == null ? "" : userName.strip();
        if (!NAME.matcher(name).matches()) {
            throw new ProblemException(HttpStatus.BAD_REQUEST, "local-user-name-invalid", Map.of("field", "userName"),
                    clip(name));
        }
        String address = mail == null || mail.isBlank() ? null : mail.strip();
        if (address != null && !MAIL.matcher(address).matches()) {
            throw new ProblemException(HttpStatus.BAD_REQUEST, "local-user-mail-invalid", Map.of("field", "mail"),
                    clip(address));
        }
        checkPassword(name, password);
        if (users.findByTenantIdAndUserKeyAndDeletedFalse(tenantId, LocalUser.key(name)).isPresent()) {
            throw new ProblemException(HttpStatus.CONFLICT, "local-user-name-taken", Map.of("field", "userName"), name);
        }
        LocalUser user = users.insert(LocalUser.create(UUID.randomUUID().toString(), tenantId, name, displayName,
                address, encoder.encode(password), clock.instant()));
        log.info("Created LOCAL user {} ({}) for tenant {}", user.id(), name, tenantId);
        return user;
    }

    public List<LocalUser> list(String tenantId) {
        tenants.get(tenantId);
        return users.findAllOf(tenantId);
    }

    public LocalUser resetPassword(String tenantId, String userId, String password) {
        LocalUser user = one(tenantId, userId);
        checkPassword(user.userName(), password);
        user.resetPassword(encoder.encode(password), clock.instant());
        return users.save(user);
    }

    public void remove(String tenantId, String userId) {
        LocalUser user = one(tenantId, userId);
        user.remove();
        users.save(user);
    }

    /** Whether the password is the user's; an unknown user costs the same bcrypt work. */
    public boolean verify(String tenantId, String userName, String password) {
        if (userName == null || password == null || password.isEmpty()) {
            return false;
        }
        var user = users.findByTenantIdAndUserKeyAndDeletedFalse(tenantId, LocalUser.key(userName.strip()));
        boolean matches = encoder.matches(password, user.map(LocalUser::passwordHash).orElse(unknownUserHash));
        return user.isPresent() && matches;
    }

    @Override
    public List<DirectoryUser> users(String tenantId, String query) {
        String needle = query == null ? "" : query.strip().toLowerCase(Locale.ROOT);
        return users.findAllOf(tenantId).stream()
                .filter(u -> needle.isEmpty() || u.userName().toLowerCase(Locale.ROOT).contains(needle)
                        || u.displayName().toLowerCase(Locale.ROOT).contains(needle)
                        || (u.mail() != null && u.mail().toLowerCase(Locale.ROOT).contains(needle)))
                .map(u -> new DirectoryUser(u.userName(), u.displayName(), u.mail(), null, true))
                .toList();
    }

    private LocalUser one(String tenantId, String userId) {
        return users.findByIdAndTenantIdAndDeletedFalse(userId, tenantId)
                .orElseThrow(() -> ProblemException.notFound("local-user-not-found", userId));
    }

    static boolean acceptable(String userName, String password) {
        if (password == null) {
            return false;
        }
        int bytes = password.getBytes(StandardCharsets.UTF_8).length;
        return password.length() >= 8 && bytes <= 72
                && password.chars().anyMatch(Character::isLetter) && password.chars().anyMatch(Character::isDigit)
                && !password.toLowerCase(Locale.ROOT).contains(userName.toLowerCase(Locale.ROOT));
    }

    private static void checkPassword(String userName, String password) {
        if (!acceptable(userName, password)) {
            throw new ProblemException(HttpStatus.BAD_REQUEST, "local-user-password-weak", Map.of("field", "password"));
        }
    }

    private static String clip(String value) {
        String visible = value.replaceAll("\\p{Cntrl}", "?");
        return visible.length() > 100 ? visible.substring(0, 100) + "…" : visible;
    }
}
