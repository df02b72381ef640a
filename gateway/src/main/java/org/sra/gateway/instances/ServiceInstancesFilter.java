package org.sra.gateway.instances;

import java.net.ConnectException;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.filter.RouteToRequestUrlFilter;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.util.UriComponentsBuilder;

import reactor.core.publisher.Mono;

/**
 * Spreads a service's calls over its instances ({@link ServiceInstances}), round robin: once a
 * route has resolved the request's URL to a service's first address, this filter swaps in the
 * next instance's scheme, host and port (path and query stay). An instance that refuses a
 * connection is passed over for {@code sra.gateway.downFor} (5 s): the call that found it down
 * answers as a call to a stopped service does (503, or for a GET the route's retry on the next
 * instance), the calls after it go to the others.
 *
 * <p>Spring Cloud LoadBalancer ({@code lb://} routes with a static instance list) would do the
 * same, but is not among the gateway's dependencies; this is the part of it the gateway needs.
 * It runs right after {@link RouteToRequestUrlFilter}, where the load balancer's filter would.
 */
@Component
@EnableConfigurationProperties(ServiceInstances.class)
public class ServiceInstancesFilter implements GlobalFilter, Ordered {

    private static final Logger log = LoggerFactory.getLogger(ServiceInstancesFilter.class);

    /** The first address of each service with several instances → all its instances. */
    private final Map<String, Pool> pools = new HashMap<>();
    private final LongSupplier nanoTime;

    @Autowired
    public ServiceInstancesFilter(ServiceInstances settings) {
        this(settings, System::nanoTime);
    }

    ServiceInstancesFilter(ServiceInstances settings, LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
        settings.instances().forEach((service, uris) -> {
            if (uris.size() > 1) {
                Pool pool = new Pool(service, uris, settings.downFor());
                uris.forEach(uri -> pools.put(key(uri), pool));
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
        Pool pool = url == null ? null : pools.get(key(url));
        if (pool == null) {
            return chain.filter(exchange);
        }
        URI instance = pool.next(nanoTime.getAsLong());
        URI chosen = UriComponentsBuilder.fromUri(url).scheme(instance.getScheme()).host(instance.getHost())
                .port(instance.getPort()).build(true).toUri();
        exchange.getAttributes().put(ServerWebExchangeUtils.GATEWAY_REQUEST_URL_ATTR, chosen);
        return chain.filter(exchange).doOnError(error -> {
            if (refused(error)) {
                pool.markDown(instance, nanoTime.getAsLong());
                log.warn("{} instance {} refused the connection; passing it over for {}", pool.service, key(instance),
                        pool.downFor);
            }
        });
    }

    private static boolean refused(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConnectException) {
                return true;
            }
        }
        return false;
    }

    private static String key(URI uri) {
        return uri.getScheme() + "://" + uri.getHost() + ":" + uri.getPort();
    }

    /** One service's instances, taken in turn, each with when it may be tried again. */
    private static final class Pool {

        private final String service;
        private final List<URI> instances;
        private final Duration downFor;
        private final Map<URI, Long> downUntil = new ConcurrentHashMap<>();
        private final AtomicInteger turn = new AtomicInteger();

        Pool(String service, List<URI> instances, Duration downFor) {
            this.service = service;
            this.instances = List.copyOf(instances);
            this.downFor = downFor;
        }

        /** The next instance that is not passed over; if all are, the next in turn (one may be back). */
        URI next(long now) {
            int start = Math.floorMod(turn.getAndIncrement(), instances.size());
            return pick(start, now);
        }

        private URI pick(int start, long now) {
            for (int i = 0; i < instances.size(); i++) {
                URI candidate = instances.get((start + i) % instances.size());
                Long until = downUntil.get(candidate);
                if (until == null || now - until >= 0) {
                    return candidate;
                }
            }
            return instances.get(start);
        }

        void markDown(URI instance, long now) {
            downUntil.put(instance, now + downFor.toNanos());
        }
    }
}
