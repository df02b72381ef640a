/**
 * Readiness checks that work against both real MongoDB and the embedded store (which lacks
 * {@code hello}), and against the Kafka broker.
 */
package org.sra.kit.health;
