/**
 * The decision log (R-AUT-7): every answer with time, user, device, NAS, result, reason and
 * latency, stored per tenant, queryable by its admins, and published as {@code ConnectionDecided}
 * through the outbox (a separate, self-deleting outbox document, so the relay never scans the log).
 */
package org.sra.auth.decisionlog;
