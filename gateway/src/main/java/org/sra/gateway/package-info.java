/** Edge of the platform: routing with a circuit breaker and a clear fallback per service. */
package org.sra.gateway;
