package org.sra.gateway.edge;

import org.springframework.core.Ordered;
import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.handler.TracingObservationHandler;
import reactor.core.publisher.Mono;

/**
 * Names the request's trace id in the {@code X-Trace-Id} header of every answer (the console's, the
 * services', the gateway's own refusals and fallbacks), so that an admin reporting a problem can
 * quote it and an operator finds every log line of that request, in the gateway and in each service
 * and consumer it reached. The trace is the one of WebFlux's server observation: continued from the
 * caller's W3C {@code traceparent} header when it sent one, else new; the gateway forwards it to
 * the service in {@code traceparent} (Spring Cloud Gateway's observability filter). Set just before
 * the answer is committed, over whatever a service wrote there.
 */
@Component
class TraceIdFilter implements WebFilter, Ordered {

    static final String TRACE_ID_HEADER = "X-Trace-Id";

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 1;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String traceId = traceId(exchange);
        if (traceId != null) {
            exchange.getResponse().beforeCommit(() -> {
                exchange.getResponse().getHeaders().set(TRACE_ID_HEADER, traceId);
                return Mono.empty();
            });
        }
        return chain.filter(exchange);
    }

    /** The trace id of the request's server observation, or null when it is not traced. */
    private static String traceId(ServerWebExchange exchange) {
        return ServerRequestObservationContext.findCurrent(exchange.getAttributes())
                .map(context -> (TracingObservationHandler.TracingContext)
                        context.get(TracingObservationHandler.TracingContext.class))
                .map(TracingObservationHandler.TracingContext::getSpan)
                .map(Span::context)
                .map(context -> context.traceId())
                .filter(id -> !id.isEmpty())
                .orElse(null);
    }
}
