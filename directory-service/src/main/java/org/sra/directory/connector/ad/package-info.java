/**
 * Active Directory connector (UnboundID LDAP SDK), free of Spring so that auth-service can reuse
 * it: list and search users with the paged-results control, verify a password by binding as the
 * user, primary-then-secondary failover, timeouts, a small pool, StartTLS/LDAPS, and the
 * step-by-step verification of settings before they are saved (R-SET-2, R-USR-1, R-AUT-2).
 */
package org.sra.directory.connector.ad;
