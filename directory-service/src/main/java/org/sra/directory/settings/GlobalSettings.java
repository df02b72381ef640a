package org.sra.directory.settings;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.support.DefaultMessageSourceResolvable;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Service;
import org.sra.directory.connector.ad.ActiveDirectory;
import org.sra.directory.connector.ad.AdException;
import org.sra.directory.connector.ad.AdServer;
import org.sra.directory.connector.entra.EntraApplication;
import org.sra.directory.connector.entra.EntraDirectory;
import org.sra.directory.connector.entra.EntraFailure;
import org.sra.directory.csv.TenantZones;
import org.sra.directory.tenant.TenantProvisioning;
import org.sra.events.secrets.SealContext;
import org.sra.events.settings.AuthType;
import org.sra.kit.secrets.SecretSealer;
import org.sra.kit.error.DomainException;

/**
 * Reads and changes a tenant's global settings (R-SET-1..8). Bad input throws before anything
 * is written; AD settings are saved only after the primary answered and the admin bound.
 */
@Service
public class GlobalSettings implements TenantZones {

    private static final Logger log = LoggerFactory.getLogger(GlobalSettings.class);

    private final SettingsStore store;
    private final TenantProvisioning tenants;
    private final SecretSealer sealer;
    private final TenantDirectories directories;
    private final VpnUserCount vpnUsers;
    private final Clock clock;
    private final ZoneId tenantZone;
    private final AdCheckSettings adCheck;
    private final AdAddressGuard addressGuard;
    private final AdCheckLimiter adCheckLimiter;
    private final MongoTemplate mongo;

    GlobalSettings(SettingsStore store, TenantProvisioning tenants, SecretSealer sealer, TenantDirectories directories,
                   VpnUserCount vpnUsers, Clock clock,
                   @Value("${sra.directory.tenant-zone:Asia/Tokyo}")
                   ZoneId tenantZone, AdCheckSettings adCheck, MongoTemplate mongo) {
        this.adCheck = adCheck;
        this.addressGuard = new AdAddressGuard(adCheck);
        this.adCheckLimiter = new AdCheckLimiter(adCheck);
        this.mongo = mongo;
        if (adCheck.allowLoopback()) {
            log.warn("sra.directory.ad-check.allow-loopback is on: AD settings may point at this host (development only)");
        }
        this.clock = clock;
        this.tenantZone = tenantZone;
        this.store = store;
        this.tenants = tenants;
        this.sealer = sealer;
        this.directories = directories;
        this.vpnUsers = vpnUsers;
    }

    /** The tenant's settings; the defaults until the first change. */
    public TenantSettings get(String tenantId) {
        tenants.get(tenantId);
        return store.findById(tenantId).orElseGet(() -> TenantSettings.defaults(tenantId));
    }

    /** The tenants signing in with Entra ID (whose client secret expires, R-SET-4). */
    public List<TenantSettings> withEntraId() {
        return store.findByAuthTypeAndEntraIdNotNull(AuthType.ENTRA_ID);
    }

    public String vpnPool(String tenantId) {
        return tenants.get(tenantId).vpnPool().cidr();
    }

    public TenantSettings changeDeviceRegistration(String tenantId, boolean autoRegistration, boolean notifyOnFailure) {
        TenantSettings settings = get(tenantId);
        settings.changeDeviceRegistration(autoRegistration, notifyOnFailure, vpnPool(tenantId));
        return save(settings);
    }

    public TenantSettings changeNotificationAddresses(String tenantId, String lines) {
        List<String> addresses;
        try {
            addresses = NotificationAddresses.parse(lines);
        } catch (NotificationAddresses.BadLine e) {
            throw new DomainException(DomainException.Kind.INVALID, "notification-address-invalid",
                    Map.of("field", "addresses", "line", e.line), e.line, clip(e.text));
        } catch (NotificationAddresses.TooMany e) {
            throw new DomainException(DomainException.Kind.INVALID, "notification-addresses-too-many",
                    Map.of("field", "addresses"), NotificationAddresses.MAX);
        }
        TenantSettings settings = get(tenantId);
        settings.changeNotificationAddresses(addresses, vpnPool(tenantId));
        return save(settings);
    }

    /**
     * メールの言語: the language of every mail to the tenant's admins ({@code ja} or {@code en}, any
     * case); carried on {@code SettingsChanged} to notification-service.
     */
    public TenantSettings changeMailLanguage(String tenantId, String language) {
        String code = language == null ? "" : language.strip().toLowerCase(Locale.ROOT);
        if (!code.equals("ja") && !code.equals("en")) {
            throw new DomainException(DomainException.Kind.INVALID, "mail-language-invalid",
                    Map.of("field", "mailLanguage"), clip(String.valueOf(language)));
        }
        TenantSettings settings = get(tenantId);
        if (code.equals(settings.language())) {
            return settings; // already so: nothing changes, nothing is raised
        }
        settings.changeMailLanguage(code, vpnPool(tenantId));
        return save(settings);
    }

    /**
     * タイムゾーン: a region zone id the JVM knows ({@code Asia/Tokyo}, {@code Europe/Berlin}, …);
     * carried on {@code SettingsChanged} so that every service shows the tenant's times in it.
     */
    public TenantSettings changeTimeZone(String tenantId, String zone) {
        String id = zone == null ? "" : zone.strip();
        if (!TimeZones.isKnown(id)) {
            throw new DomainException(DomainException.Kind.INVALID, "time-zone-invalid",
                    Map.of("field", "timeZone"), clip(String.valueOf(zone)));
        }
        TenantSettings settings = get(tenantId);
        if (id.equals(settings.timeZone())) {
            return settings; // already so: nothing changes, nothing is raised
        }
        settings.changeTimeZone(id, vpnPool(tenantId));
        return save(settings);
    }

    /** The tenant's time zone (Asia/Tokyo until chosen); for a tenant unknown here, the default. */
    public ZoneId zoneOf(String tenantId) {
        return of(tenantId);
    }

    @Override
    public ZoneId of(String tenantId) {
        return store.findById(tenantId).map(TenantSettings::zone).orElse(tenantZone);
    }

    public TenantSettings changeDns(String tenantId, String primary, String secondary) {
        String first = blankToNull(primary);
        String second = blankToNull(secondary);
        checkIpv4("primaryDns", first);
        checkIpv4("secondaryDns", second);
        if (first == null && second != null) {
            throw new DomainException(DomainException.Kind.INVALID, "dns-secondary-without-primary",
                    Map.of("field", "primaryDns"));
        }
        TenantSettings settings = get(tenantId);
        settings.changeDns(first, second, vpnPool(tenantId));
        return save(settings);
    }

    /**
     * LOCAL or UNSELECTED; AD and Entra ID are chosen by saving their settings (which verifies
     * them), so choosing them here is accepted only when their settings are the current ones.
     */
    public TenantSettings chooseAuthType(String tenantId, AuthType type) {
        TenantSettings settings = get(tenantId);
        boolean configured = type == AuthType.ACTIVE_DIRECTORY && settings.activeDirectory() != null
                || type == AuthType.ENTRA_ID && settings.entraId() != null;
        if (configured && settings.authType() == type) {
            return settings; // already so: nothing changes, nothing is raised
        }
        if (type != AuthType.LOCAL && type != AuthType.UNSELECTED) {
            throw new DomainException(DomainException.Kind.INVALID, "auth-type-needs-settings", Map.of("field", "authType"),
                    String.valueOf(type));
        }
        refuseChangeUnderUsers(settings, type);
        settings.chooseWithoutDirectory(type, vpnPool(tenantId));
        TenantSettings saved = save(settings);
        directories.forget(tenantId);
        return saved;
    }

    /**
     * Verifies the AD settings against the primary (R-SET-2) and saves them, with the admin
     * password sealed; on any failure nothing is saved and the problem names the failed step.
     * Before anything is dialled: the tenant's attempts are counted (429 {@code ad-check-rate-limited}
     * beyond {@link AdCheckSettings#attempts()} per period) and the primary and secondary addresses
     * are checked against the deny list (400 {@code ad-address-denied}). Every refused attempt is
     * audited ({@code SETTINGS_ACTIVE_DIRECTORY_REFUSED}; a rate-limited one once per window); a
     * saved one is audited with the settings.
     */
    public TenantSettings configureActiveDirectory(String tenantId, ActiveDirectoryForm raw) {
        tenants.get(tenantId);
        AdCheckLimiter.Verdict verdict = adCheckLimiter.attempt(tenantId);
        if (!verdict.allowed()) {
            DomainException limited = new DomainException(DomainException.Kind.TOO_MANY_REQUESTS, "ad-check-rate-limited",
                    Map.of("retryAfter", verdict.retryAfterSeconds()), verdict.retryAfterSeconds(),
                    adCheck.attempts(), adCheck.period().toSeconds());
            log.warn("AD settings of tenant {} not checked: more than {} attempts in {}", tenantId,
                    adCheck.attempts(), adCheck.period());
            if (verdict.firstRefusal()) {
                auditRefused(tenantId, raw, "RATE_LIMITED", limited);
            }
            throw limited;
        }
        try {
            return verifyAndSave(tenantId, raw);
        } catch (DomainException refused) {
            auditRefused(tenantId, raw, "REFUSED", refused);
            throw refused;
        }
    }

    private TenantSettings verifyAndSave(String tenantId, ActiveDirectoryForm raw) {
        ActiveDirectoryForm form = raw.normalized(clock.instant());
        TenantSettings settings = get(tenantId);
        refuseChangeUnderUsers(settings, AuthType.ACTIVE_DIRECTORY);
        // before anything is dialled: the primary (verified now) and the secondary (dialled later,
        // by this service and auth-service) must not point into the platform
        try {
            addressGuard.check("primaryIp", form.primaryIp());
            if (form.secondaryIp() != null) {
                addressGuard.check("secondaryIp", form.secondaryIp());
            }
        } catch (DomainException denied) {
            log.warn("AD settings of tenant {} refused before any connection: {} {} ({})", tenantId, denied.slug(),
                    denied.properties().get("field"), denied.properties().get("reason"));
            throw denied;
        }
        try {
            ActiveDirectory.verify(directories.connection(form.primaryHost(), form.primaryIp(), form.secondaryHost(),
                    form.secondaryIp(), form.domain(), form.netbiosDomain(), form.transport(),
                    form.caCertificatesPem()), form.adminUser(), form.adminPassword());
        } catch (AdException e) {
            // the message may hold the server's diagnostic text: the log only, never the answer
            log.info("AD settings of tenant {} refused at {}: {} ({})", tenantId, e.step(), e.failure(),
                    e.getMessage());
            String slug = "ad-" + e.failure().name().toLowerCase(Locale.ROOT).replace('_', '-');
            throw new DomainException(DomainException.Kind.UNPROCESSABLE, slug,
                    Map.of("step", e.failure().name(), "stage", e.step().name()), form.primaryHost(),
                    form.primaryIp(), form.domain(), form.adminUser(), String.valueOf(form.netbiosDomain()),
                    String.valueOf(AdServer.tlsName(form.primaryHost(), form.domain())),
                    new DefaultMessageSourceResolvable(new String[] {"ad.stage." + e.step().name()},
                            e.step().name()),
                    // who was to have signed the certificate: the registered CA, or the JVM's CAs
                    new DefaultMessageSourceResolvable(new String[] {form.caCertificatesPem() != null
                            ? "ad.trust.REGISTERED" : "ad.trust.DEFAULT"}, ""));
        }
        ActiveDirectoryConfig config = new ActiveDirectoryConfig(form.primaryHost(), form.primaryIp(),
                form.secondaryHost(), form.secondaryIp(), form.domain(), form.adminUser(),
                sealer.seal(form.adminPassword(), SealContext.AD_ADMIN.of(tenantId)), form.netbiosDomain(),
                form.transport(), form.caCertificatesPem());
        settings.useActiveDirectory(config, vpnPool(tenantId));
        TenantSettings saved = save(settings);
        directories.forget(tenantId);
        log.info("AD settings of tenant {} saved: {} ({}), secondary {}, {}{}", tenantId, form.primaryHost(),
                form.primaryIp(), form.secondaryIp(), form.transport(),
                form.caCertificatesPem() != null ? " with a registered CA" : "");
        return saved;
    }

    /** The tenant's audit entry of a refused attempt: outcome, problem, step, field; never the password. */
    private void auditRefused(String tenantId, ActiveDirectoryForm raw, String outcome, DomainException problem) {
        Map<String, Object> p = problem.properties();
        Object failure = p.containsKey("reason") ? p.get("reason") : p.get("step");
        AdCheckAttempt.View view = new AdCheckAttempt.View(outcome, problem.slug(), text(p.get("stage")),
                text(failure), text(p.get("field")), shown(raw.primaryHost()), shown(raw.primaryIp()),
                shown(raw.secondaryHost()), shown(raw.secondaryIp()), shown(raw.domain()), shown(raw.adminUser()),
                shown(raw.netbiosDomain()), raw.transport() == null ? null : raw.transport().name(),
                raw.caCertificatesPem() != null && !raw.caCertificatesPem().isBlank());
        try {
            mongo.insert(AdCheckAttempt.refused(tenantId, view));
        } catch (RuntimeException e) {
            // the admin still gets the refusal; the missing entry is in the log
            log.error("Audit entry of tenant {}'s refused AD settings ({}) not written", tenantId, problem.slug(), e);
        }
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }

    private static String shown(String value) {
        return value == null || value.isBlank() ? null : clip(value.strip());
    }

    /**
     * Verifies the Entra ID settings (R-SET-3): an application token, one Graph call, and a
     * sign-in of the admin, whose password is used this once and never kept. Saved only when all
     * three pass, with the client secret sealed; an omitted secret keeps the stored one.
     */
    public TenantSettings configureEntraId(String tenantId, EntraIdForm raw) {
        TenantSettings settings = get(tenantId);
        EntraIdConfig stored = settings.entraId();
        EntraIdForm form = raw.normalized(stored != null);
        LocalDate today = LocalDate.now(clock.withZone(settings.zone()));
        if (form.expiryDate().isBefore(today)) {
            throw new DomainException(DomainException.Kind.INVALID, "entra-secret-expiry-past",
                    Map.of("field", "secretExpiresOn"), form.secretExpiresOn(), today.toString());
        }
        refuseChangeUnderUsers(settings, AuthType.ENTRA_ID);
        String secret = form.clientSecret() != null ? form.clientSecret()
                : sealer.open(stored.sealedClientSecret(), SealContext.ENTRA_SECRET.of(tenantId));
        try {
            EntraDirectory.verify(directories.entraConnection(),
                    new EntraApplication(form.domain(), form.clientId(), secret), form.adminUser(), form.adminPassword());
        } catch (EntraDirectory.VerificationFailed e) {
            log.info("Entra ID settings of tenant {} refused at {}: {} ({})", tenantId, e.step(), e.failure(),
                    e.getMessage());
            EntraFailure failure = e.failure();
            boolean throttled = failure == EntraFailure.THROTTLED;
            Map<String, Object> properties = throttled
                    ? Map.of("step", e.step().name(), "retryAfter", e.retryAfterSeconds())
                    : Map.of("step", e.step().name());
            throw new DomainException(throttled ? DomainException.Kind.UNAVAILABLE : DomainException.Kind.UNPROCESSABLE,
                    failure.slug(), properties, form.domain(), form.clientId(), form.adminUser(),
                    form.domain(), String.valueOf(e.retryAfterSeconds()));
        }
        String sealed = form.clientSecret() != null
                ? sealer.seal(form.clientSecret(), SealContext.ENTRA_SECRET.of(tenantId)) : stored.sealedClientSecret();
        settings.useEntraId(new EntraIdConfig(form.domain(), form.clientId(), sealed, form.expiryDate()),
                vpnPool(tenantId));
        TenantSettings saved = save(settings);
        directories.forget(tenantId);
        log.info("Entra ID settings of tenant {} saved: {} (client {}), secret expires {}", tenantId, form.domain(),
                form.clientId(), form.expiryDate());
        return saved;
    }

    private static void checkIpv4(String field, String value) {
        if (value != null && !Ipv4.isValid(value)) {
            throw new DomainException(DomainException.Kind.INVALID, "dns-invalid", Map.of("field", field), clip(value));
        }
    }

    private void refuseChangeUnderUsers(TenantSettings settings, AuthType wanted) {
        if (settings.authType() != wanted && settings.authType() != AuthType.UNSELECTED
                && vpnUsers.count(settings.tenantId()) > 0) {
            throw new DomainException(DomainException.Kind.CONFLICT, "auth-type-in-use", Map.of("field", "authType"),
                    settings.authType().name());
        }
    }

    private TenantSettings save(TenantSettings settings) {
        return store.save(settings);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static String clip(String value) {
        return value.length() > 100 ? value.substring(0, 100) + "…" : value;
    }
}
