package org.sra.gateway.instances;

/**
 * A call to one instance failed (refused, reset, cut by its time limit), or no instance could be
 * tried (each passed over, its circuit open). The instance's own circuit breaker has counted the
 * failure already; the route's circuit breaker ignores this type
 * ({@code resilience4j.circuitbreaker.configs.default.ignore-exceptions}) and only answers with
 * its fallback, so one instance never opens the circuit of the whole service. The cause stays
 * attached: the fallback tells a timeout (504) from an unreachable service (503) by it.
 */
public class InstanceFailure extends RuntimeException {

    InstanceFailure(String message, Throwable cause) {
        super(message, cause, false, false);
    }
}
