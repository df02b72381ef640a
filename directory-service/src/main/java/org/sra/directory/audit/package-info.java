/**
 * The tenants' audit trails (R-ACC-5): every service's {@code AuditRecorded} events, kept
 * append-only, listed with filters and paging, exported as CSV.
 */
package org.sra.directory.audit;
