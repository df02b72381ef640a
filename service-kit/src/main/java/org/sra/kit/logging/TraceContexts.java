package org.sra.kit.logging;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;

/**
 * The trace context of the work in progress as a W3C {@code traceparent} string, so that what a
 * request writes for later (an outbox event) can carry its trace to whoever handles it: the relay
 * sends it as the Kafka record header {@value #TRACEPARENT}, and the consumer continues that trace
 * in a child span. Set up once at start by the kit from the service's {@link Tracer} and
 * {@link Propagator} (Micrometer Tracing over OpenTelemetry); without them (a plain unit test)
 * there is no trace context and {@link #currentTraceparent()} is null.
 */
public final class TraceContexts {

    /** The W3C trace context header (and Kafka record header) that carries the trace. */
    public static final String TRACEPARENT = "traceparent";
    /** The response header naming the request's trace id, for an admin reporting a problem. */
    public static final String TRACE_ID_HEADER = "X-Trace-Id";

    private static final AtomicReference<Tracer> TRACER = new AtomicReference<>();
    private static final AtomicReference<Propagator> PROPAGATOR = new AtomicReference<>();

    private TraceContexts() {
    }

    /** Called by the kit's auto-configuration once the tracer exists. */
    public static void install(Tracer tracer, Propagator propagator) {
        TRACER.set(tracer);
        PROPAGATOR.set(propagator);
    }

    /**
     * The current span's context as a {@code traceparent} value
     * ({@code 00-<trace id>-<span id>-<flags>}), or null outside any trace.
     */
    public static String currentTraceparent() {
        Tracer tracer = TRACER.get();
        Span span = tracer == null ? null : tracer.currentSpan();
        if (span == null) {
            return null;
        }
        TraceContext context = span.context();
        Propagator propagator = PROPAGATOR.get();
        if (propagator != null) {
            Map<String, String> carrier = new HashMap<>();
            propagator.inject(context, carrier, Map::put);
            String injected = carrier.get(TRACEPARENT);
            if (injected != null) {
                return injected;
            }
        }
        // a propagation type without W3C configured: write the W3C form ourselves
        return "00-" + context.traceId() + "-" + context.spanId() + "-"
                + (Boolean.TRUE.equals(context.sampled()) ? "01" : "00");
    }

    /** The trace id in a {@code traceparent} value, or null when it is not one. */
    public static String traceIdOf(String traceparent) {
        if (traceparent == null) {
            return null;
        }
        String[] parts = traceparent.split("-");
        return parts.length == 4 && parts[1].length() == 32 ? parts[1] : null;
    }
}
