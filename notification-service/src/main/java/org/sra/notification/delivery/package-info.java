/**
 * Deliveries: one record per (source event, recipient) that makes each mail go out once, the
 * dispatcher that sends them with retries, and the admin's delivery log with its dead letters
 * (R-NOT-2).
 */
package org.sra.notification.delivery;
