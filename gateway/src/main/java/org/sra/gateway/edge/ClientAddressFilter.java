package org.sra.gateway.edge;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import io.netty.util.NetUtil;
import reactor.core.publisher.Mono;

/**
 * Works out the real client's address once per request and hands it on in
 * {@value #HEADER}, the only place the services read it (service-kit's {@code ClientAddress}).
 * <p>
 * With {@code sra.gateway.edge.trusted-proxy-hops} = 0 (the gateway is the edge) the client is the
 * TCP peer. With N &gt; 0, N proxies of our own stand in front, each appending the address it saw to
 * {@code X-Forwarded-For}: the client is the N-th entry from the right (entries further left are
 * whatever the client wrote itself). When the header has fewer entries, or that entry is no IP
 * address, the peer counts. Whatever a client sent as {@value #HEADER}, {@code X-Forwarded-For},
 * {@code Forwarded} or {@code X-Real-IP} is removed before the request goes on, so no service can be
 * fooled by it. The gateway's own rate limits key on the same address ({@link #of}).
 */
@Component
class ClientAddressFilter implements WebFilter, Ordered {

    static final String HEADER = "X-SRA-Client-Address";
    private static final String ATTRIBUTE = ClientAddressFilter.class.getName() + ".address";
    private static final String X_FORWARDED_FOR = "X-Forwarded-For";
    private static final List<String> CLIENT_CLAIMS = List.of(HEADER, X_FORWARDED_FOR, "Forwarded",
            "X-Real-IP");
    private static final Logger log = LoggerFactory.getLogger(ClientAddressFilter.class);

    private final int trustedProxyHops;

    ClientAddressFilter(EdgeSettings settings) {
        this.trustedProxyHops = settings.trustedProxyHops();
    }

    /** Before the rate limits, which key on the address. */
    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 5;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        String client = resolve(request);
        exchange.getAttributes().put(ATTRIBUTE, client);
        ServerHttpRequest forwarded = request.mutate().headers(headers -> {
            CLIENT_CLAIMS.forEach(headers::remove);
            headers.set(HEADER, client);
        }).build();
        return chain.filter(exchange.mutate().request(forwarded).build());
    }

    /** The address {@link ClientAddressFilter} resolved for this request. */
    static String of(ServerWebExchange exchange) {
        String client = exchange.getAttribute(ATTRIBUTE);
        return client != null ? client : peer(exchange.getRequest());
    }

    String resolve(ServerHttpRequest request) {
        if (trustedProxyHops == 0) {
            return peer(request);
        }
        List<String> entries = new ArrayList<>();
        // the raw lines: an empty entry is an entry (getValuesAsList would drop it and shift the count)
        List<String> lines = request.getHeaders().get(X_FORWARDED_FOR);
        for (String line : lines == null ? List.<String>of() : lines) {
            for (String entry : line.split(",", -1)) {
                entries.add(entry.strip());
            }
        }
        if (entries.size() < trustedProxyHops) {
            return peer(request);
        }
        String entry = entries.get(entries.size() - trustedProxyHops);
        String address = literal(entry);
        if (address == null) {
            log.debug("X-Forwarded-For entry {} from a trusted proxy is no IP address; using the peer", entry);
            return peer(request);
        }
        return address;
    }

    /** The TCP peer: the proxy's own address never depends on anything the client wrote. */
    private static String peer(ServerHttpRequest request) {
        InetSocketAddress remote = request.getRemoteAddress();
        if (remote == null) {
            return "unknown";
        }
        return remote.getAddress() != null ? NetUtil.toAddressString(remote.getAddress()) : remote.getHostString();
    }

    /**
     * An IPv4 or IPv6 literal (IPv6 possibly in brackets, either possibly with a port, as some
     * proxies write it) in its usual written form (IPv6 compressed as RFC 5952 writes it: {@code ::1},
     * {@code 2001:db8::1}); null for anything else. Never asks DNS.
     */
    static String literal(String entry) {
        String text = entry;
        if (text.startsWith("[")) {
            int end = text.indexOf(']');
            text = end > 0 ? text.substring(1, end) : text;
        } else if (text.indexOf(':') > 0 && text.indexOf(':') == text.lastIndexOf(':')) {
            text = text.substring(0, text.indexOf(':'));
        }
        if (text.indexOf('%') >= 0) {
            return null;
        }
        InetAddress address = NetUtil.createInetAddressFromIpAddressString(text);
        return address == null ? null : NetUtil.toAddressString(address);
    }
}
