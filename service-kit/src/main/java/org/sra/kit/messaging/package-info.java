/**
 * Consuming events: one Spring Cloud Stream consumer per service that decodes the envelope,
 * skips events already handled, routes by payload type and records the event id.
 */
package org.sra.kit.messaging;
