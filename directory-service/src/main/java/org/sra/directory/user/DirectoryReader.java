package org.sra.directory.user;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.sra.directory.connector.ad.AdException;
import org.sra.directory.connector.entra.EntraException;
import org.sra.directory.connector.entra.EntraFailure;
import org.sra.directory.settings.DirectorySettings;
import org.sra.directory.settings.EntraSettings;
import org.sra.directory.settings.GlobalSettings;
import org.sra.directory.settings.TenantDirectories;
import org.sra.directory.settings.TenantSettings;
import org.sra.events.settings.AuthType;
import org.sra.events.user.UserSource;
import org.sra.kit.error.DomainException;

/** Reads the users of the directory the tenant selected (R-USR-1): Active Directory, Entra ID or LOCAL. */
@Component
class DirectoryReader {

    private static final Logger log = LoggerFactory.getLogger(DirectoryReader.class);

    /** The tenant's directory: where its users come from, and the users matching a query. */
    record Listing(UserSource source, List<DirectoryUser> users) {
    }

    private final GlobalSettings settings;
    private final TenantDirectories directories;
    private final DirectorySettings limits;
    private final LocalUserSource localUsers;
    private final EntraSettings entraLimits;

    static final Duration FRESH_FOR = Duration.ofSeconds(20);

    private record CacheKey(String tenantId, String query, Object adSettings) {
    }

    private record Cached(Listing listing, long readAt) {
    }

    private final Map<CacheKey, Cached> recent = new ConcurrentHashMap<>();

    DirectoryReader(GlobalSettings settings, TenantDirectories directories, DirectorySettings limits,
                    EntraSettings entraLimits, LocalUserSource localUsers) {
        this.entraLimits = entraLimits;
        this.settings = settings;
        this.directories = directories;
        this.limits = limits;
        this.localUsers = localUsers;
    }

    /** The most users one listing reads from AD or Entra ID; a listing this long may be cut short. */
    int limit(String tenantId) {
        return switch (source(tenantId)) {
            case ACTIVE_DIRECTORY -> limits.userLimit();
            case ENTRA_ID -> entraLimits.userLimit();
            case LOCAL -> Integer.MAX_VALUE;
        };
    }

    /** The source VPN users are added from; 409 while the auth type is unselected (or not served yet). */
    UserSource source(String tenantId) {
        return source(settings.get(tenantId));
    }

    /**
     * The directory's users matching {@code query}. AD and Entra ID listings are kept {@link #FRESH_FOR} per
     * tenant, query and AD settings when {@code cachedOk}, so that paging through "add user" reads
     * the directory once; other readers (adding, CSV, the vanished check) read it afresh.
     */
    Listing users(String tenantId, String query, boolean cachedOk) {
        TenantSettings current = settings.get(tenantId);
        UserSource source = source(current);
        if (source == UserSource.LOCAL) {
            return new Listing(source, localUsers.users(tenantId, query));
        }
        Object connection = source == UserSource.ENTRA_ID ? current.entraId() : current.activeDirectory();
        CacheKey key = new CacheKey(tenantId, query == null ? "" : query.strip(), connection);
        Cached cached = recent.get(key);
        long now = System.nanoTime();
        if (cachedOk && cached != null && now - cached.readAt() < FRESH_FOR.toNanos()) {
            return cached.listing();
        }
        Listing listing = source == UserSource.ENTRA_ID ? readEntraId(tenantId, current, key.query())
                : readActiveDirectory(tenantId, current, key.query(), source);
        if (recent.size() >= 200) {
            recent.clear();
        }
        recent.put(key, new Cached(listing, now));
        return listing;
    }

    private Listing readActiveDirectory(String tenantId, TenantSettings current, String query, UserSource source) {
        try {
            List<DirectoryUser> users = directories.activeDirectoryUsers(tenantId, current.activeDirectory(), query,
                            limits.userLimit()).stream()
                    .filter(u -> u.sAMAccountName() != null)
                    .map(u -> new DirectoryUser(u.sAMAccountName(), u.displayName(), u.mail(), u.userPrincipalName(),
                            u.enabled(), u.dn()))
                    .toList();
            return new Listing(source, users);
        } catch (AdException e) {
            log.warn("Directory of tenant {} not readable: {} ({})", tenantId, e.failure(), e.getMessage());
            throw new DomainException(DomainException.Kind.UNAVAILABLE, "directory-unavailable",
                    Map.of("step", e.failure().name()), e.failure().name());
        }
    }

    /** Entra users are VPN users under their UPN (what they type at the VPN client). */
    private Listing readEntraId(String tenantId, TenantSettings current, String query) {
        try {
            List<DirectoryUser> users = directories.entraIdUsers(tenantId, current.entraId(), query,
                            entraLimits.userLimit()).stream()
                    .filter(u -> u.userPrincipalName() != null)
                    .map(u -> new DirectoryUser(u.userPrincipalName(), u.displayName() == null
                            ? u.userPrincipalName() : u.displayName(), u.mail(), u.userPrincipalName(),
                            u.accountEnabled()))
                    .toList();
            return new Listing(UserSource.ENTRA_ID, users);
        } catch (EntraException e) {
            log.warn("Entra ID of tenant {} not readable: {} ({})", tenantId, e.failure(), e.getMessage());
            if (e.failure() == EntraFailure.THROTTLED) {
                throw new DomainException(DomainException.Kind.UNAVAILABLE, "entra-throttled",
                        Map.of("step", "GRAPH_USERS", "retryAfter", e.retryAfterSeconds()),
                        current.entraId().domain(), current.entraId().clientId(), "", current.entraId().domain(),
                        String.valueOf(e.retryAfterSeconds()));
            }
            throw new DomainException(DomainException.Kind.UNAVAILABLE, "directory-unavailable",
                    Map.of("step", e.failure().name()), e.failure().name());
        }
    }

    private static UserSource source(TenantSettings current) {
        AuthType type = current.authType();
        return switch (type) {
            case ACTIVE_DIRECTORY -> UserSource.ACTIVE_DIRECTORY;
            case LOCAL -> UserSource.LOCAL;
            case ENTRA_ID -> UserSource.ENTRA_ID;
            case UNSELECTED -> throw new DomainException(DomainException.Kind.CONFLICT, "directory-not-selected",
                    Map.of("field", "authType"), type.name());
        };
    }
}
