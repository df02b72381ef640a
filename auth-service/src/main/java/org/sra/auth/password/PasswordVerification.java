package org.sra.auth.password;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongFunction;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.sra.auth.decision.PasswordCheck;
import org.sra.auth.readmodel.TenantView;
import org.sra.events.settings.SettingsChanged;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedBulkheadMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;

/**
 * Checks a password against the tenant's directory within the answer deadline (R-AUT-2,
 * R-AUT-8). Per tenant a bulkhead caps the calls in flight, so one tenant's hanging directory
 * cannot tie up the others' capacity; per directory server a circuit breaker stops asking a
 * dead server until it has had time to recover, then lets a trial call through (no restart).
 * Active Directory: the primary, then the secondary only when the primary is down and a
 * secondary is configured. AD binds as {@code user@domain} (or <code>NETBIOS&#92;user</code>); a directory that
 * refuses such names as invalid DN syntax (OpenLDAP with the AD attributes) is asked with the user's entry DN
 * from {@code VpnUserAdded} instead, from then on at once. LOCAL: bcrypt against the hash from {@code LocalPasswordSet}. A wrong password is an answer, not a failure: it never opens a breaker.
 */
@Component
public class PasswordVerification {

    private static final Logger log = LoggerFactory.getLogger(PasswordVerification.class);

    private final DirectorySettings settings;
    private final ActiveDirectoryServers activeDirectory;
    private final EntraSignIn entra;
    private final LocalPasswords local;
    private final CircuitBreakerRegistry breakers;
    private final BulkheadRegistry bulkheads;
    private final ExecutorService calls = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("directory").factory()); // one name: numbering cost a string per call

    PasswordVerification(DirectorySettings settings, EntraSignIn entra, LocalPasswords local, MeterRegistry meters) {
        this.settings = settings;
        this.local = local;
        this.activeDirectory = new ActiveDirectoryServers(settings);
        this.entra = entra;
        this.breakers = CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED).slidingWindowSize(10)
                .minimumNumberOfCalls(3).failureRateThreshold(50)
                .waitDurationInOpenState(settings.breakerOpenFor()).permittedNumberOfCallsInHalfOpenState(1)
                .recordException(e -> e instanceof DirectoryUnavailableException).build());
        this.bulkheads = BulkheadRegistry.of(BulkheadConfig.custom()
                .maxConcurrentCalls(settings.maxConcurrentCalls()).maxWaitDuration(settings.bulkheadWait()).build());
        TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(breakers).bindTo(meters);
        TaggedBulkheadMetrics.ofBulkheadRegistry(bulkheads).bindTo(meters);
    }

    /**
     * @param vpnUserName   the VPN user's listed name (what the bind name is built from)
     * @param directoryDn   the user's entry DN, bound with where the directory refuses {@code user@domain}; may be null
     * @param presentedName what the client typed; a <code>DOMAIN&#92;user</code> form binds with the NetBIOS name
     * @param deadline      when the headend stops waiting; the answer must be ready before
     */
    public PasswordCheck verify(TenantView tenant, String vpnUserName, @Nullable String directoryDn,
                                String presentedName, String password, Instant deadline) {
        if (password == null || password.isEmpty()) {
            return PasswordCheck.INVALID; // an empty simple bind is an anonymous bind: never a proof
        }
        return switch (tenant.authType()) {
            case UNSELECTED -> PasswordCheck.NOT_CONFIGURED;
            case LOCAL -> local(tenant.tenantId(), vpnUserName, password, deadline);
            case ACTIVE_DIRECTORY -> tenant.activeDirectory() == null ? PasswordCheck.NOT_CONFIGURED
                    : guarded(tenant.tenantId(), deadline, remaining -> activeDirectory(tenant.tenantId(),
                            tenant.activeDirectory(), bindName(tenant.activeDirectory(), vpnUserName, presentedName),
                            directoryDn, password, deadline));
            case ENTRA_ID -> tenant.entraId() == null ? PasswordCheck.NOT_CONFIGURED
                    : guarded(tenant.tenantId(), deadline, remaining -> entra(tenant.tenantId(), tenant.entraId(),
                            vpnUserName, password, deadline));
        };
    }

    /**
     * LOCAL: bcrypt on {@link LocalPasswords}' own workers, under the tenant's bulkhead like a
     * directory call, so one tenant's storm of checks cannot take every worker.
     */
    private PasswordCheck local(String tenantId, String userName, String password, Instant deadline) {
        Bulkhead bulkhead = bulkheads.bulkhead("directory:" + tenantId);
        if (!bulkhead.tryAcquirePermission()) {
            return PasswordCheck.UNAVAILABLE;
        }
        try {
            return local.verify(tenantId, userName, password, deadline);
        } finally {
            bulkhead.onComplete();
        }
    }

    static String bindName(SettingsChanged.ActiveDirectory ad, String vpnUserName, String presentedName) {
        String account = vpnUserName;
        int backslash = account.indexOf('\\');
        if (backslash >= 0) {
            account = account.substring(backslash + 1);
        }
        if (presentedName != null && presentedName.contains("\\") && ad.netbiosDomain() != null
                && !account.contains("@")) {
            return ad.netbiosDomain() + "\\" + account;
        }
        return account.contains("@") ? account : account + "@" + ad.domain();
    }

    private PasswordCheck guarded(String tenantId, Instant deadline, LongFunction<PasswordCheck> call) {
        Bulkhead bulkhead = bulkheads.bulkhead("directory:" + tenantId);
        if (!bulkhead.tryAcquirePermission()) {
            // counted by resilience4j.bulkhead metrics; one line per refusal would flood the log
            log.debug("Directory of tenant {} has {} calls in flight; refusing more", tenantId,
                    settings.maxConcurrentCalls());
            return PasswordCheck.UNAVAILABLE;
        }
        try {
            long remaining = Duration.between(Instant.now(), deadline).toMillis();
            if (remaining <= 0) {
                return PasswordCheck.UNAVAILABLE;
            }
            // the LDAP and HTTP timeouts should already end the call in time; this is the backstop
            Future<PasswordCheck> result = calls.submit(() -> call.apply(remaining));
            try {
                return result.get(remaining, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                result.cancel(true);
                log.warn("Directory of tenant {} did not answer within the deadline", tenantId);
                return PasswordCheck.UNAVAILABLE;
            } catch (ExecutionException e) {
                log.warn("Directory check of tenant {} failed: {}", tenantId, e.getCause().toString());
                return PasswordCheck.UNAVAILABLE;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return PasswordCheck.UNAVAILABLE;
            }
        } finally {
            bulkhead.onComplete();
        }
    }

    private PasswordCheck activeDirectory(String tenantId, SettingsChanged.ActiveDirectory ad, String bindName,
                                          @Nullable String directoryDn, String password, Instant deadline) {
        List<String[]> servers = new ArrayList<>();
        servers.add(new String[] {"primary", address(ad.primaryIp(), ad.primaryHost()),
                ActiveDirectoryServers.tlsName(ad.primaryHost(), ad.domain())});
        String secondary = address(ad.secondaryIp(), ad.secondaryHost());
        if (secondary != null) {
            servers.add(new String[] {"secondary", secondary, ActiveDirectoryServers.tlsName(ad.secondaryHost(), ad.domain())});
        }
        for (String[] server : servers) {
            if (server[1] == null) {
                continue;
            }
            CircuitBreaker breaker = breakers.circuitBreaker("ad:" + tenantId + ":" + server[0]);
            if (!breaker.tryAcquirePermission()) {
                continue;
            }
            long timeout = Math.min(settings.serverTimeout().toMillis(),
                    Duration.between(Instant.now(), deadline).toMillis());
            if (timeout <= 0) {
                breaker.releasePermission();
                break;
            }
            long start = System.nanoTime();
            try {
                boolean valid = activeDirectory.bind(server[1], ad.effectiveTransport(), server[2],
                        ad.caCertificatesPem(), bindName, directoryDn, password, timeout);
                breaker.onSuccess(System.nanoTime() - start, TimeUnit.NANOSECONDS);
                return valid ? PasswordCheck.VALID : PasswordCheck.INVALID;
            } catch (ActiveDirectoryServers.NoDnException e) {
                breaker.onSuccess(System.nanoTime() - start, TimeUnit.NANOSECONDS); // the server answered
                log.warn("AD {} server of tenant {} takes only DNs as bind names and no DN is known for {}: "
                        + "add the user again so the directory's DN is recorded", server[0], tenantId, bindName);
                return PasswordCheck.INVALID;
            } catch (DirectoryUnavailableException e) {
                breaker.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, e);
                log.warn("AD {} server of tenant {} unavailable: {}", server[0], tenantId, e.getMessage());
            }
        }
        return PasswordCheck.UNAVAILABLE;
    }

    private PasswordCheck entra(String tenantId, SettingsChanged.EntraId entraId, String userName, String password,
                                Instant deadline) {
        CircuitBreaker breaker = breakers.circuitBreaker("entra:" + tenantId);
        if (!breaker.tryAcquirePermission()) {
            return PasswordCheck.UNAVAILABLE;
        }
        long start = System.nanoTime();
        try {
            long timeout = Math.max(1, Duration.between(Instant.now(), deadline).toMillis());
            boolean valid = entra.signIn(tenantId, entraId, userName, password, timeout);
            breaker.onSuccess(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            return valid ? PasswordCheck.VALID : PasswordCheck.INVALID;
        } catch (DirectoryUnavailableException e) {
            breaker.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, e);
            log.warn("Entra ID of tenant {} unavailable: {}", tenantId, e.getMessage());
            return PasswordCheck.UNAVAILABLE;
        }
    }

    private static String address(String ip, String host) {
        if (ip != null && !ip.isBlank()) {
            return ip;
        }
        return host == null || host.isBlank() ? null : host;
    }

    @PreDestroy
    void close() {
        activeDirectory.close();
        calls.shutdownNow();
    }
}
