package org.sra.directory.settings;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.support.DefaultMessageSourceResolvable;
import org.springframework.stereotype.Component;
import org.sra.directory.connector.ad.AdException;
import org.sra.directory.connector.ad.AdFailure;
import org.sra.directory.connector.entra.EntraException;
import org.sra.directory.connector.entra.EntraFailure;
import org.sra.kit.error.DomainException;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * A circuit breaker per tenant directory (name {@code directory:<tenantId>}, metrics
 * {@code resilience4j.circuitbreaker.*}). When enough of a tenant's latest calls found its
 * directory unreachable, that tenant's calls fail at once with 503 {@code directory-unavailable}
 * (step {@code CIRCUIT_OPEN}, {@code retryAfter}) instead of waiting for timeouts; after
 * {@link DirectoryBreakerSettings#openFor()} one trial call decides whether it closes again.
 * A directory that answers (even with a refusal, e.g. a changed admin password) counts as
 * reachable. New settings start with a fresh breaker ({@link #forget}); their verification
 * before the save never passes one.
 */
@Component
class DirectoryBreakers {

    private static final Logger log = LoggerFactory.getLogger(DirectoryBreakers.class);
    private static final String PREFIX = "directory:";

    /** A call to a tenant's directory. */
    @FunctionalInterface
    interface Call<T, E extends Exception> {
        T run() throws E;
    }

    private final CircuitBreakerRegistry registry;
    private final long openForNanos;
    private final Map<String, Long> openedAt = new ConcurrentHashMap<>();

    DirectoryBreakers(DirectoryBreakerSettings settings, MeterRegistry meters) {
        this.openForNanos = settings.openFor().toNanos();
        this.registry = CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(settings.window())
                .minimumNumberOfCalls(settings.minimumCalls())
                .failureRateThreshold(settings.failureRate())
                .waitDurationInOpenState(settings.openFor())
                .permittedNumberOfCallsInHalfOpenState(1)
                .recordException(DirectoryBreakers::unreachable)
                .build());
        registry.getEventPublisher().onEntryAdded(added -> watch(added.getAddedEntry()));
        TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(registry).bindTo(meters);
    }

    /**
     * Runs {@code call} through the tenant's breaker.
     *
     * @param directory what the admin knows the directory as ("Active Directory", "Entra ID")
     * @throws DomainException 503 {@code directory-unavailable} while the breaker is open
     */
    <T, E extends Exception> T call(String tenantId, String directory, Call<T, E> call) throws E {
        CircuitBreaker breaker = registry.circuitBreaker(PREFIX + tenantId);
        if (!breaker.tryAcquirePermission()) {
            throw paused(breaker.getName(), directory);
        }
        long start = System.nanoTime();
        try {
            T result = call.run();
            breaker.onSuccess(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            return result;
        } catch (Throwable e) {
            breaker.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, e);
            throw e;
        }
    }

    /** The tenant's settings changed: the next call starts with a closed breaker. */
    void forget(String tenantId) {
        registry.remove(PREFIX + tenantId);
        openedAt.remove(PREFIX + tenantId);
    }

    private DomainException paused(String name, String directory) {
        Long opened = openedAt.get(name);
        long waitNanos = opened == null ? 0 : openForNanos - (System.nanoTime() - opened);
        long seconds = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(waitNanos + 999_999_999L));
        // the message of directory-unavailable names the reason; here the resolvable reads "did not answer, paused"
        return new DomainException(DomainException.Kind.UNAVAILABLE, "directory-unavailable",
                Map.of("step", "CIRCUIT_OPEN", "retryAfter", seconds),
                new DefaultMessageSourceResolvable(new String[] {"directory.paused"},
                        new Object[] {directory, seconds}, "CIRCUIT_OPEN"));
    }

    private void watch(CircuitBreaker breaker) {
        String tenantId = breaker.getName().substring(PREFIX.length());
        breaker.getEventPublisher().onStateTransition(event -> {
            CircuitBreaker.State to = event.getStateTransition().getToState();
            if (to == CircuitBreaker.State.OPEN) {
                openedAt.put(breaker.getName(), System.nanoTime());
                log.warn("Directory of tenant {} unreachable in {}% of the latest calls: not asked for {} s",
                        tenantId, Math.round(breaker.getMetrics().getFailureRate()), openForNanos / 1_000_000_000L);
            } else {
                log.info("Directory breaker of tenant {}: {}", tenantId, to);
            }
        });
    }

    /** Failures that say the directory did not answer; any answer (a refusal too) shows it is there. */
    private static boolean unreachable(Throwable e) {
        return e instanceof AdException ad && ad.failure() == AdFailure.UNREACHABLE
                || e instanceof EntraException entra && entra.failure() == EntraFailure.UNREACHABLE;
    }
}
