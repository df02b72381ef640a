package org.sra.gateway.instances;

import java.net.ConnectException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.filter.RouteToRequestUrlFilter;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.util.UriComponentsBuilder;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.reactor.timelimiter.TimeLimiterOperator;
import io.github.resilience4j.timelimiter.TimeLimiter;
import io.github.resilience4j.timelimiter.TimeLimiterRegistry;
import reactor.core.publisher.Mono;

/**
 * Sends each call of a service to one of its instances ({@link ServiceInstances}; a service with
 * one address is a pool of one) and breaks circuits per instance, not per service:
 * <ul>
 * <li>Instances are taken in turn (round robin); the route's URL keeps its path and query, the
 * instance's scheme, host and port are swapped in.</li>
 * <li>Each instance has its own Resilience4j circuit breaker ({@code <service>-service#<n>}, or
 * {@code <service>-service-bulk#<n>} for the bulk routes; n counts from 1, so the metrics' tags
 * stay few) with the {@code default} configuration, and each call its own time limit (the
 * Resilience4j time limiter config {@code default}, 10 s, or {@code bulk} on the bulk routes).
 * An instance whose circuit is open is passed over while another's is not, and so, for
 * {@code sra.gateway.down-for} (5 s), is one that refused a connection.</li>
 * <li>A call that never reached its instance (the connection refused or not made, so nothing was
 * sent) is made again once on the next instance, whatever the method.</li>
 * <li>Only a call no instance could take ends in an {@link InstanceFailure}: the route's circuit
 * breaker ignores that type and answers with its fallback, the 503 {@code service-unavailable}
 * with {@code Retry-After} (or the 504 {@code service-timeout} when the instance's time limit cut
 * the call). The routes' own time limiter is switched off
 * ({@code spring.cloud.circuitbreaker.resilience4j.disable-time-limiter}): the limit is per call here.</li>
 * </ul>
 * Spring Cloud LoadBalancer ({@code lb://} routes with a static instance list) would spread the
 * calls, but is not among the gateway's dependencies and would still leave one circuit per route.
 * This filter runs right after {@link RouteToRequestUrlFilter}, where the load balancer's would.
 */
@Component
@EnableConfigurationProperties(ServiceInstances.class)
public class ServiceInstancesFilter implements GlobalFilter, Ordered {

    private static final Logger log = LoggerFactory.getLogger(ServiceInstancesFilter.class);

    /** Every address of each service (the routes' and its instances') → the service's pool. */
    private final Map<String, Pool> pools = new HashMap<>();
    private final CircuitBreakerRegistry breakers;
    private final TimeLimiterRegistry limiters;
    private final LongSupplier nanoTime;

    @Autowired
    public ServiceInstancesFilter(ServiceInstances settings, CircuitBreakerRegistry breakers, TimeLimiterRegistry limiters) {
        this(settings, breakers, limiters, System::nanoTime);
    }

    ServiceInstancesFilter(ServiceInstances settings, CircuitBreakerRegistry breakers, TimeLimiterRegistry limiters,
                           LongSupplier nanoTime) {
        this.breakers = breakers;
        this.limiters = limiters;
        this.nanoTime = nanoTime;
        Map<String, List<URI>> byService = new LinkedHashMap<>();
        settings.services().forEach((service, address) -> byService.put(service, List.of(address)));
        settings.instances().forEach((service, uris) -> {
            if (!uris.isEmpty()) {
                byService.put(service, uris);
            }
        });
        byService.forEach((service, uris) -> {
            Pool pool = new Pool(service, uris, settings.downFor());
            uris.forEach(uri -> pools.put(key(uri), pool));
            URI address = settings.services().get(service);
            if (address != null) {
                pools.put(key(address), pool);
            }
        });
    }

    @Override
    public int getOrder() {
        return RouteToRequestUrlFilter.ROUTE_TO_URL_FILTER_ORDER + 150;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        URI url = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_REQUEST_URL_ATTR);
        Pool pool = url == null || url.getScheme() == null || !url.getScheme().startsWith("http") ? null
                : pools.get(key(url));
        if (pool == null) {
            return chain.filter(exchange);
        }
        Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
        boolean bulk = route != null && route.getId().contains("-bulk");
        return attempt(exchange, chain, url, pool.lane(bulk), -1);
    }

    /** One try on the next instance that may take it; {@code tried}: the instance tried before (-1: none). */
    private Mono<Void> attempt(ServerWebExchange exchange, GatewayFilterChain chain, URI url, Lane lane, int tried) {
        Pool pool = lane.pool;
        int index = pool.pick(lane, nanoTime.getAsLong(), tried);
        if (index < 0) {
            return Mono.error(new InstanceFailure(pool.service + "-service: every instance is down or its circuit open",
                    new ConnectException("no instance of " + pool.service + "-service can be tried")));
        }
        URI instance = pool.instances.get(index);
        CircuitBreaker breaker = lane.breakers.get(index);
        exchange.getAttributes().put(ServerWebExchangeUtils.GATEWAY_REQUEST_URL_ATTR, UriComponentsBuilder.fromUri(url)
                .scheme(instance.getScheme()).host(instance.getHost()).port(instance.getPort()).build(true).toUri());
        long began = nanoTime.getAsLong();
        return Mono.defer(() -> chain.filter(exchange))
                .transformDeferred(TimeLimiterOperator.of(lane.limiters.get(index)))
                .doOnSuccess(done -> breaker.onSuccess(nanoTime.getAsLong() - began, TimeUnit.NANOSECONDS))
                .doOnCancel(breaker::releasePermission)
                .onErrorResume(error -> {
                    breaker.onError(nanoTime.getAsLong() - began, TimeUnit.NANOSECONDS, error);
                    boolean unreached = unreached(error);
                    if (unreached) {
                        pool.markDown(index, nanoTime.getAsLong());
                        log.warn("{} could not connect to {}; passing it over for {}", breaker.getName(), key(instance),
                                pool.downFor);
                    }
                    if (unreached && tried < 0 && pool.instances.size() > 1 && !exchange.getResponse().isCommitted()) {
                        // nothing reached the instance, so nothing was done: the next one may take it, whatever the method
                        ServerWebExchangeUtils.reset(exchange);
                        return attempt(exchange, chain, url, lane, index);
                    }
                    return Mono.error(new InstanceFailure(breaker.getName() + " failed: " + error, error));
                });
    }

    /** Whether the call never reached the instance: no connection was made, so nothing was sent. */
    private static boolean unreached(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConnectException) { // refused, or (Netty's ConnectTimeoutException) not made in time
                return true;
            }
        }
        return false;
    }

    private static String key(URI uri) {
        return uri.getScheme() + "://" + uri.getHost() + ":" + uri.getPort();
    }

    /** The breakers and time limiters of a service's instances for one kind of call (normal or bulk). */
    private record Lane(Pool pool, List<CircuitBreaker> breakers, List<TimeLimiter> limiters) {
    }

    /** One service's instances, taken in turn, each with when it may be tried again after a refusal. */
    private final class Pool {

        private final String service;
        private final List<URI> instances;
        private final Duration downFor;
        private final AtomicLongArray downUntil;
        private final AtomicInteger turn = new AtomicInteger();
        private final Map<Boolean, Lane> lanes = new HashMap<>();

        Pool(String service, List<URI> instances, Duration downFor) {
            this.service = service;
            this.instances = List.copyOf(instances);
            this.downFor = downFor;
            this.downUntil = new AtomicLongArray(instances.size());
            long now = nanoTime.getAsLong();
            for (int i = 0; i < instances.size(); i++) {
                downUntil.set(i, now);
            }
            for (boolean bulk : new boolean[] {false, true}) {
                String prefix = service + "-service" + (bulk ? "-bulk" : "") + "#";
                String config = bulk ? "bulk" : "default";
                List<CircuitBreaker> itsBreakers = new ArrayList<>();
                List<TimeLimiter> itsLimiters = new ArrayList<>();
                for (int i = 1; i <= instances.size(); i++) {
                    String name = prefix + i;
                    itsBreakers.add(breakers.circuitBreaker(name));
                    itsLimiters.add(limiters.getConfiguration(config).map(c -> limiters.timeLimiter(name, c))
                            .orElseGet(() -> limiters.timeLimiter(name)));
                }
                lanes.put(bulk, new Lane(this, List.copyOf(itsBreakers), List.copyOf(itsLimiters)));
            }
        }

        Lane lane(boolean bulk) {
            return lanes.get(bulk);
        }

        /**
         * The next instance in turn that may take a call (its permission taken from its breaker):
         * first among those not passed over for a refusal, then among all (one may be back);
         * -1 when every breaker refuses. {@code except}: an instance not to take again.
         */
        int pick(Lane lane, long now, int except) {
            int start = Math.floorMod(turn.getAndIncrement(), instances.size());
            for (boolean passOverDown : new boolean[] {true, false}) {
                for (int i = 0; i < instances.size(); i++) {
                    int candidate = (start + i) % instances.size();
                    if (candidate == except || passOverDown && now - downUntil.get(candidate) < 0) {
                        continue;
                    }
                    if (lane.breakers.get(candidate).tryAcquirePermission()) {
                        return candidate;
                    }
                }
            }
            return -1;
        }

        void markDown(int index, long now) {
            downUntil.set(index, now + downFor.toNanos());
        }
    }
}
